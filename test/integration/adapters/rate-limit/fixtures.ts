/** Shared set-up for the rate-limit integration tests: a limiter on a private redis-server. */
import { Redis } from "ioredis";
import { RateLimiter } from "../../../../adapters/rate-limit/rate-limiter.js";
import { RedisLimiterStore } from "../../../../adapters/rate-limit/redis-limiter-store.js";
import type { RedisClient } from "../../../../src/redis/client.js";
import type { Clock } from "../../../../src/support/clock.js";
import type { PrivateRedisServer } from "../../../helpers/redis-server.js";

export interface LimiterFixture {
  limiter: RateLimiter;
  store: RedisLimiterStore;
  /** ioredis with REDIS_PREFIX as keyPrefix, like the bridge's cache connection. */
  client: Redis;
}

export function limiterOn(
  server: PrivateRedisServer,
  options: {
    redisPrefix: string;
    cachePrefix: string;
    db?: number;
    clock?: Clock;
    clamp?: boolean;
    /** Fail at once while disconnected, like the bridge's ConnectionManager (no offline queue). */
    failFast?: boolean;
  },
): LimiterFixture {
  const client = new Redis({
    port: server.port,
    host: server.host,
    db: options.db ?? 1,
    keyPrefix: options.redisPrefix,
    lazyConnect: false,
    ...(options.failFast
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false }
      : {}),
  });
  // Fault tests kill the server: the reconnect errors are expected and reach the caller as rejections.
  client.on("error", () => {});
  const store = new RedisLimiterStore(client as unknown as RedisClient, options.cachePrefix);
  const limiter = new RateLimiter(store, {
    ...(options.clock ? { clock: options.clock } : {}),
    remainingClampsAtZero: options.clamp ?? true,
  });
  return { limiter, store, client };
}

/** Every key of a DB with its value and TTL, sorted: the state PHP and Node must agree on. */
export async function dump(
  raw: Redis,
  match = "*",
): Promise<Array<{ key: string; value: string | null; ttl: number }>> {
  const keys = (await raw.keys(match)).sort();
  return Promise.all(keys.map(async (key) => ({ key, value: await raw.get(key), ttl: await raw.ttl(key) })));
}
