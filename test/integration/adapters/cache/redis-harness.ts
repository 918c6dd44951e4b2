/**
 * A Redis-backed harness for the store and lock contracts (test/contracts): the bridge's own
 * connections on a private redis-server, a ManualClock, and `elapse()` that makes time pass for
 * Redis too by shortening every key's TTL (PTTL − elapsed; DEL when it runs out) in the cache and
 * lock databases, so expiry is tested without sleeping.
 */
import type { Redis } from "ioredis";
import { RedisStore } from "../../../../adapters/cache/redis-store.js";
import { Repository } from "../../../../adapters/cache/repository.js";
import { TaggedCache } from "../../../../adapters/cache/tags/tagged-cache.js";
import { RedisLockProvider } from "../../../../adapters/lock/redis-lock-provider.js";
import type { RedisConfig } from "../../../../src/config/bridge-config.js";
import type { LaravelVersion } from "../../../../src/config/laravel-versions.js";
import { ConnectionManager } from "../../../../src/redis/connection-manager.js";
import { ManualClock } from "../../../../src/support/clock.js";
import type { PrivateRedisServer } from "../../../helpers/redis-server.js";

export const REDIS_PREFIX = "contract_database_";

export interface RedisHarness {
  connections: ConnectionManager;
  clock: ManualClock;
  /** The cache store prefix as RedisStore keeps it for the version (`contract_cache:` on 8–10). */
  storePrefix: string;
  cache: Repository;
  locks(sleep?: (milliseconds: number) => Promise<void>): RedisLockProvider;
  elapse(seconds: number): Promise<void>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export function redisConfig(port: number): RedisConfig {
  const base = { host: "127.0.0.1", port, username: null, password: null, tls: false, options: {} };
  return {
    client: "phpredis",
    prefix: REDIS_PREFIX,
    cluster: "redis",
    connections: {
      default: { ...base, name: "default", database: 0 },
      cache: { ...base, name: "cache", database: 1 },
    },
  };
}

export function redisHarness(server: PrivateRedisServer, laravelVersion: LaravelVersion): RedisHarness {
  const connections = new ConnectionManager(redisConfig(server.port));
  const clock = new ManualClock();
  const storePrefix = laravelVersion <= 10 ? "contract_cache:" : "contract_cache_";
  const locks = (sleep?: (milliseconds: number) => Promise<void>): RedisLockProvider =>
    new RedisLockProvider(connections.connection("default"), storePrefix, {
      clock,
      ...(sleep ? { sleep } : {}),
    });
  const store = new RedisStore(connections.connection("cache"), storePrefix, {
    laravelVersion,
    connectionPrefix: REDIS_PREFIX,
    clock,
    locks: locks(),
  });
  const cache = new Repository(store, {
    clock,
    taggedCache: (s, tags, options) => new TaggedCache(s, tags, options),
  });
  const probes = [server.client(0), server.client(1)];
  return {
    connections,
    clock,
    storePrefix,
    cache,
    locks,
    async elapse(seconds) {
      const ms = Math.round(seconds * 1000);
      clock.advance(ms);
      for (const probe of probes) await shortenTtls(probe, ms);
    },
    async reset() {
      for (const probe of probes) await probe.flushdb();
    },
    async close() {
      await connections.close();
    },
  };
}

async function shortenTtls(probe: Redis, ms: number): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await probe.scan(cursor, "COUNT", 1000);
    for (const key of keys) {
      const ttl = await probe.pttl(key);
      if (ttl < 0) continue;
      if (ttl - ms <= 0) await probe.del(key);
      else await probe.pexpire(key, ttl - ms);
    }
    cursor = next;
  } while (cursor !== "0");
}
