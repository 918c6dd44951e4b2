/**
 * Example keys the resolved configuration produces in Redis, with the connection and DB of each
 * (laravel-formats.md §0.4, §1.3): what `config:show` prints so users can compare with
 * `redis-cli --scan` on the Laravel side. Keys are shown in full, i.e. with the client prefix.
 */
import type { BridgeConfig, CacheStoreConfig } from "./bridge-config.js";

export interface KeyExample {
  /** What writes this key, in Laravel's words. */
  label: string;
  /** The Redis connection name (`default`, `cache`, ...). */
  connection: string;
  /** Its DB number; null when the connection is not configured. */
  database: number | null;
  /** The full key as stored in Redis (REDIS_PREFIX or the connection's prefix included). */
  key: string;
  note?: string;
}

function example(
  config: BridgeConfig,
  label: string,
  connection: string,
  rest: string,
  note?: string,
): KeyExample {
  const redis = config.redis.connections[connection];
  const out: KeyExample = {
    label,
    connection,
    database: redis?.database ?? null,
    key: (redis?.prefix ?? config.redis.prefix) + rest,
  };
  const notes = [note, redis ? undefined : `Redis connection [${connection}] is not configured`].filter(
    Boolean,
  );
  if (notes.length > 0) out.note = notes.join("; ");
  return out;
}

/** A cache store by name, falling back to the `redis` store (and saying so) when it is not a Redis store. */
function redisStore(
  config: BridgeConfig,
  name: string,
  what: string,
): { store: CacheStoreConfig | undefined; note?: string } {
  const store = config.cache.stores[name];
  if (store?.driver === "redis") return { store };
  const fallback = config.cache.stores.redis;
  return {
    store: fallback,
    note: `${what} uses cache store [${name}], which is not Redis; shown for the redis store`,
  };
}

/**
 * Mirrors where Laravel puts each kind of key: cache items and rate limiter counters on the store's
 * connection (`cache`), locks on its lock connection, sessions through a clone of the `redis` store
 * on SESSION_CONNECTION (null → `default`), queues as `queues:<name>` without the cache prefix.
 */
export function keyLayout(config: BridgeConfig): KeyExample[] {
  const out: KeyExample[] = [];
  const cache = redisStore(config, config.cache.default, "the default cache");
  const store = cache.store;
  if (store) {
    out.push(
      example(
        config,
        "cache item 'users:42' (Cache::put)",
        store.connection,
        `${store.prefix}users:42`,
        cache.note,
      ),
    );
    out.push(
      example(config, "lock 'payouts:42' (Cache::lock)", store.lockConnection, `${store.prefix}payouts:42`),
    );
  }
  const limiterName = config.cache.limiter ?? config.cache.default;
  const limiter = redisStore(config, limiterName, "the rate limiter");
  if (limiter.store) {
    const key = `${limiter.store.prefix}login:203.0.113.7`;
    out.push(
      example(config, "rate limiter counter (RateLimiter::hit)", limiter.store.connection, key, limiter.note),
    );
    out.push(example(config, "rate limiter window end", limiter.store.connection, `${key}:timer`));
  }
  // SessionManager::createRedisDriver: `SESSION_STORE ?: 'redis'`, connection `SESSION_CONNECTION ?: 'default'`.
  const sessionStoreName = config.session.store || "redis";
  const session = redisStore(config, sessionStoreName, "the session");
  const sessionNote =
    config.session.driver === "redis"
      ? session.note
      : `SESSION_DRIVER is [${config.session.driver}], not redis`;
  if (session.store) {
    const connection = config.session.connection || "default";
    out.push(
      example(
        config,
        "session (40-character id)",
        connection,
        `${session.store.prefix}{session id}`,
        sessionNote,
      ),
    );
  }
  const queue = config.queue.redis;
  const queueNote = `+ :delayed, :reserved, :notify${config.queue.default === "redis" ? "" : `; QUEUE_CONNECTION is [${config.queue.default}], not redis`}`;
  out.push(
    example(
      config,
      `queue [${queue.queue}] (Queue::push)`,
      queue.connection,
      `queues:${queue.queue}`,
      queueNote,
    ),
  );
  out.push(
    example(
      config,
      "throttle middleware with Redis (ThrottleRequestsWithRedis)",
      "default",
      "{sha1 of the request signature}",
    ),
  );
  return out;
}
