/**
 * The LockProvider half of Laravel's RedisStore (`RedisStore::lock()` / `restoreLock()`): locks on the
 * store's lock connection under the store prefix. `bridge.lock()` and `bridge.cache.lock()` use it.
 */
import type { LockProvider } from "../../src/contracts/cache.js";
import type { RedisClient } from "../../src/redis/client.js";
import { reseedFence } from "./fencing.js";
import { RedisLock, type RedisLockOptions } from "./redis-lock.js";

export class RedisLockProvider implements LockProvider {
  readonly #client: RedisClient;
  readonly #prefix: string;
  readonly #options: RedisLockOptions;

  /**
   * @param client  the lock connection (`cache.stores.redis.lock_connection`, `default` = DB 0)
   * @param prefix  the store prefix as RedisStore keeps it (config.cache.stores.redis.prefix)
   */
  constructor(client: RedisClient, prefix: string, options: RedisLockOptions = {}) {
    this.#client = client;
    this.#prefix = prefix;
    this.#options = options;
  }

  /** `RedisStore::lock($name, $seconds = 0, $owner = null)`. */
  lock(name: string, seconds = 0, owner: string | null = null): RedisLock {
    return new RedisLock(this.#client, this.#prefix, name, seconds, owner, this.#options);
  }

  /** `RedisStore::restoreLock($name, $owner)`: release or inspect a lock taken elsewhere (PHP or Node). */
  restoreLock(name: string, owner: string): RedisLock {
    return this.lock(name, 0, owner);
  }

  /** Raise the fence counter of `name` to at least `floor` (see fencing.ts). */
  reseedFence(name: string, floor: bigint): Promise<bigint> {
    return reseedFence(this.#client, this.#prefix, name, floor, this.#options.fenceTtlSeconds);
  }
}
