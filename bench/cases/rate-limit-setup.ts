/**
 * What the two processes of the rate-limit bench share (rate-limit.bench.ts and
 * rate-limit-server.ts): the bridge exactly as an app creates it (createBridge: the ConnectionManager's
 * guarded `cache` connection with its command timeout, the fail-policy store, Laravel 8 keys), and
 * rate-limiter-flexible as its README sets it up (a plain ioredis client), both on the same
 * redis-server, DB and REDIS_PREFIX.
 */
import { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { type Bridge, createBridge } from "../../src/index.js";

/** maxAttempts / points: never refused, so every call is a full check + hit. */
export const BIG = 2 ** 31;
export const REDIS_PREFIX = "bench_database_";
/** Laravel 8 appends ':' — the counters live at `bench_database_bench_cache:<key>`. */
export const CACHE_PREFIX = "bench_cache";

/** The bridge as an app gets it from its Laravel env (REDIS_CACHE_DB defaults to 1). */
export function benchBridge(redisPort: number): Bridge {
  return createBridge({
    env: {
      REDIS_PORT: String(redisPort),
      REDIS_PREFIX,
      CACHE_DRIVER: "redis",
      CACHE_PREFIX,
      LARAVEL_VERSION: "8",
    },
    envFile: "/dev/null",
  });
}

/** rate-limiter-flexible's RateLimiterRedis (its Lua via EVALSHA) on the same DB and prefix. */
export function benchRlf(redisPort: number): { rlf: RateLimiterRedis; client: Redis } {
  const client = new Redis({ port: redisPort, host: "127.0.0.1", db: 1, keyPrefix: REDIS_PREFIX });
  const rlf = new RateLimiterRedis({ storeClient: client, keyPrefix: "rlflx", points: BIG, duration: 3600 });
  return { rlf, client };
}
