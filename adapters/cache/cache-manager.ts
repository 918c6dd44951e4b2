/**
 * `bridge.cache` (≈ Illuminate\Cache\CacheManager): the default store picked by CACHE_STORE /
 * CACHE_DRIVER, `store(name)` for another one, `extend(driver, factory)` for custom drivers, and the
 * Repository methods of the default store forwarded (`bridge.cache.get(...)`, like `Cache::get`).
 */
import type { UnserializeOptions } from "../../src/codecs/php/index.js";
import type { CacheConfig, CacheStoreConfig } from "../../src/config/bridge-config.js";
import type { LaravelVersion } from "../../src/config/laravel-versions.js";
import type { Lock, LockProvider, Store } from "../../src/contracts/cache.js";
import { CacheStoreUndefinedError } from "../../src/errors/cache-errors.js";
import type { Logger } from "../../src/observability/logger.js";
import type { RedisClient } from "../../src/redis/client.js";
import type { Clock } from "../../src/support/clock.js";
import { ArrayStore } from "./array-store.js";
import { NullStore } from "./null-store.js";
import { RedisStore } from "./redis-store.js";
import { Repository, type RepositoryOptions } from "./repository.js";
import { TaggedCache } from "./tags/tagged-cache.js";

/** What the cache needs from the bridge (built once in src/bridge.ts). */
export interface CacheServices {
  /** The named Redis connections (ConnectionManager): `connection(name)` and `prefix(name)`. */
  connections: { connection(name?: string): RedisClient; prefix(name?: string): string };
  /** Locks on a connection under a store prefix (RedisLockProvider from adapters/lock). */
  locks?: (connection: RedisClient, prefix: string) => LockProvider;
  laravelVersion?: LaravelVersion;
  clock?: Clock;
  logger?: Logger;
  /** Reads answer a miss when Redis is down (logged). Never for writes. @default false */
  failOpen?: boolean;
  unserialize?: UnserializeOptions;
}

/** A driver factory for `extend()`. */
export type StoreFactory = (config: CacheStoreConfig, services: CacheServices) => Store;

export class CacheManager {
  readonly #config: CacheConfig;
  readonly #services: CacheServices;
  readonly #drivers = new Map<string, StoreFactory>();
  readonly #stores = new Map<string, Repository>();

  // `Cache::get(...)` and friends: the default store's Repository methods, forwarded like Laravel's
  // CacheManager::__call. Resolved per call, so the store is still created lazily.
  readonly get = this.#forward("get");
  readonly many = this.#forward("many");
  readonly put = this.#forward("put");
  readonly putMany = this.#forward("putMany");
  readonly add = this.#forward("add");
  readonly increment = this.#forward("increment");
  readonly decrement = this.#forward("decrement");
  readonly forever = this.#forward("forever");
  readonly forget = this.#forward("forget");
  readonly flush = this.#forward("flush");
  readonly pull = this.#forward("pull");
  readonly has = this.#forward("has");
  readonly missing = this.#forward("missing");
  readonly remember = this.#forward("remember");
  readonly rememberForever = this.#forward("rememberForever");
  readonly flexible = this.#forward("flexible");
  readonly touch = this.#forward("touch");
  readonly tags = this.#forward("tags");

  constructor(config: CacheConfig, services: CacheServices) {
    this.#config = config;
    this.#services = services;
    this.#drivers.set("redis", (store, s) => {
      const client = s.connections.connection(store.connection);
      const lockClient = s.connections.connection(store.lockConnection);
      return new RedisStore(client, store.prefix, {
        name: store.name,
        connectionPrefix: s.connections.prefix(store.connection),
        ...(s.laravelVersion === undefined ? {} : { laravelVersion: s.laravelVersion }),
        ...(s.locks ? { locks: s.locks(lockClient, store.prefix) } : {}),
        ...(s.clock ? { clock: s.clock } : {}),
        ...(s.unserialize ? { unserialize: s.unserialize } : {}),
      });
    });
    this.#drivers.set(
      "array",
      (store, s) => new ArrayStore({ prefix: store.prefix, ...(s.clock ? { clock: s.clock } : {}) }),
    );
    this.#drivers.set("null", () => new NullStore());
  }

  /** `Cache::store($name)`: the Repository of a configured store (created once). */
  store(name: string = this.#config.default): Repository {
    const existing = this.#stores.get(name);
    if (existing) return existing;
    const storeConfig = this.#config.stores[name];
    if (!storeConfig) throw new CacheStoreUndefinedError(name, Object.keys(this.#config.stores));
    const factory = this.#drivers.get(storeConfig.driver);
    if (!factory)
      throw new CacheStoreUndefinedError(`${name}] driver [${storeConfig.driver}`, [...this.#drivers.keys()]);
    const repository = new Repository(factory(storeConfig, this.#services), this.#repositoryOptions(name));
    this.#stores.set(name, repository);
    return repository;
  }

  /** `Cache::extend($driver, $factory)`: register a custom driver for stores with `driver: <name>`. */
  extend(driver: string, factory: StoreFactory): this {
    this.#drivers.set(driver, factory);
    return this;
  }

  /** A Repository over any Store, with the manager's clock, logger and tag support. */
  repository(store: Store, name = "custom"): Repository {
    return new Repository(store, this.#repositoryOptions(name));
  }

  /** The default store's name (CACHE_STORE / CACHE_DRIVER). */
  getDefaultDriver(): string {
    return this.#config.default;
  }

  /** `Cache::lock()` on the default store (its lock connection). */
  lock(name: string, seconds = 0, owner: string | null = null): Lock {
    return this.store().lock(name, seconds, owner);
  }

  /** `Cache::restoreLock()` on the default store. */
  restoreLock(name: string, owner: string): Lock {
    return this.store().restoreLock(name, owner);
  }

  #forward<K extends keyof Repository>(method: K): Repository[K] {
    return ((...args: unknown[]) => {
      const repository = this.store();
      return (repository[method] as (...a: unknown[]) => unknown).apply(repository, args);
    }) as Repository[K];
  }

  #repositoryOptions(name: string): RepositoryOptions {
    const s = this.#services;
    return {
      name,
      taggedCache: (store, tags, options) => new TaggedCache(store, tags, options),
      ...(s.clock ? { clock: s.clock } : {}),
      ...(s.logger ? { logger: s.logger } : {}),
      ...(s.failOpen === undefined ? {} : { failOpen: s.failOpen }),
    };
  }
}
