/**
 * Laravel's cache Repository (Illuminate\Cache\Repository), promise-based: the API Laravel users
 * know (`get`, `put`, `add`, `remember`, `flexible`, `tags`, `lock`...) over any Store, with the
 * same TTL rules (null = forever, <= 0 deletes) and the same command sequences. remember/flexible
 * live in repository-remember.ts.
 */
import type {
  CacheDefault,
  CacheTtl,
  Lock,
  LockProvider,
  Repository as RepositoryContract,
  Store,
} from "../../src/contracts/cache.js";
import { CacheUnavailableError } from "../../src/errors/cache-errors.js";
import { type Logger, silentLogger } from "../../src/observability/logger.js";
import { type Clock, systemClock } from "../../src/support/clock.js";
import {
  type FlexibleOptions,
  flexible,
  type RememberOptions,
  type RememberSupport,
  remember,
  rememberForever,
  whenRefreshed,
} from "./repository-remember.js";
import { isLockProvider, isTaggable, readItem, readItems, resolveDefault, writeItem } from "./store-io.js";
import type { TagSet } from "./tags/tag-set.js";
import { ttlSeconds } from "./ttl.js";
import { plainValues, type ValueMapper } from "./value-mapper.js";

export interface RepositoryOptions {
  /** The store name, for errors and logs. @default "redis" */
  name?: string;
  clock?: Clock;
  logger?: Logger;
  /**
   * Reads (get, many, has, missing, the read of remember/flexible) answer a miss instead of throwing
   * CacheUnavailableError when Redis is down, and log a warning. Writes always throw. @default false
   */
  failOpen?: boolean;
  /** `plain` JS values (default) or the lossless PHP value model (`php`). See value-mapper.ts. */
  values?: ValueMapper;
  /**
   * Builds the tagged repository for `tags()` (TaggedCache; injected by CacheManager so that
   * repository.ts and tagged-cache.ts, which extends it, do not import each other).
   */
  taggedCache?: (store: Store, tags: TagSet, options: RepositoryOptions) => Repository;
}

export class Repository implements RepositoryContract, RememberSupport {
  readonly store: Store;
  readonly options: RepositoryOptions;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly values: ValueMapper;

  constructor(store: Store, options: RepositoryOptions = {}) {
    this.store = store;
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.values = options.values ?? plainValues;
  }

  /** The store key of an item: the key itself here, namespaced by tags in TaggedCache. */
  itemKey(key: string): string | Promise<string> {
    return key;
  }

  /** `Repository::get($key, $default)`: the value, or the default (a function is called) on a miss. */
  get<T = unknown>(key: string, fallback?: CacheDefault<T>): Promise<unknown> {
    // Hot path: no async frames; a plain key costs the store's promise and at most one more.
    const itemKey = this.itemKey(key);
    let value =
      typeof itemKey === "string"
        ? readItem(this.store, itemKey, this.values)
        : itemKey.then((resolved) => readItem(this.store, resolved, this.values));
    if (this.options.failOpen) value = value.catch(this.#missWhenUnavailable.get);
    return fallback === undefined
      ? value
      : value.then((found) => (found === null ? resolveDefault(fallback) : found));
  }

  /** `Repository::many()`: a list of keys (null on a miss) or `{ key: default }`. One MGET. */
  async many(keys: readonly string[] | Readonly<Record<string, unknown>>): Promise<Record<string, unknown>> {
    const names = Array.isArray(keys) ? (keys as readonly string[]) : Object.keys(keys);
    const defaults = Array.isArray(keys) ? undefined : (keys as Readonly<Record<string, unknown>>);
    const itemKeys = await Promise.all(names.map((name) => this.itemKey(name)));
    const values = await this.read("many", () => readItems(this.store, itemKeys, this.values));
    const out: Record<string, unknown> = {};
    for (const [i, name] of names.entries()) {
      const value = values?.[i] ?? null;
      out[name] = value === null ? await resolveDefault(defaults?.[name]) : value;
    }
    return out;
  }

  /** `Repository::has()`. */
  async has(key: string): Promise<boolean> {
    return (await this.read("has", async () => this.store.get(await this.itemKey(key)))) !== null;
  }

  /** `Repository::missing()`. */
  async missing(key: string): Promise<boolean> {
    return !(await this.has(key));
  }

  /** `Repository::put()`: null/undefined TTL = forever; a TTL <= 0 deletes the key (returns forget's result). */
  put(key: string, value: unknown, ttl: CacheTtl = null): Promise<boolean> {
    if (ttl === null) return this.forever(key, value);
    try {
      const seconds = ttlSeconds(ttl, this.clock);
      if (seconds <= 0) return this.forget(key);
      return this.#write(key, value, seconds);
    } catch (error) {
      // A value with no PHP form rejects like every other failure, never throws synchronously.
      return Promise.reject(error);
    }
  }

  /** `Repository::putMany()`: one MULTI for all keys; null TTL = forever one by one. */
  async putMany(values: Readonly<Record<string, unknown>>, ttl: CacheTtl = null): Promise<boolean> {
    const keys = Object.keys(values);
    if (ttl === null) {
      let ok = true;
      for (const key of keys) ok = (await this.forever(key, values[key])) && ok;
      return ok;
    }
    const seconds = ttlSeconds(ttl, this.clock);
    if (seconds <= 0) {
      let ok = true;
      for (const key of keys) ok = (await this.forget(key)) && ok;
      return ok;
    }
    const entries = await Promise.all(
      keys.map(async (key) => [await this.itemKey(key), this.values.toPhp(values[key])] as const),
    );
    return this.store.putMany(entries, seconds);
  }

  /** `Repository::add()`: atomic (the store's script) with a TTL; without one, get then forever. */
  async add(key: string, value: unknown, ttl: CacheTtl = null): Promise<boolean> {
    if (ttl !== null) {
      const seconds = ttlSeconds(ttl, this.clock);
      if (seconds <= 0) return false;
      if (this.store.add) return this.store.add(await this.itemKey(key), this.values.toPhp(value), seconds);
    }
    if ((await this.store.get(await this.itemKey(key))) !== null) return false;
    return this.put(key, value, ttl);
  }

  /** `Repository::increment()`: INCRBY; a missing key starts at 0 and gets no TTL. */
  async increment(key: string, by = 1): Promise<number> {
    return this.store.increment(await this.itemKey(key), by);
  }

  /** `Repository::decrement()`. */
  async decrement(key: string, by = 1): Promise<number> {
    return this.store.decrement(await this.itemKey(key), by);
  }

  /** `Repository::forever()`. */
  forever(key: string, value: unknown): Promise<boolean> {
    try {
      return this.#write(key, value, null);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** put (seconds) or forever (null) of `key`, namespaced by itemKey(). */
  #write(key: string, value: unknown, seconds: number | null): Promise<boolean> {
    const itemKey = this.itemKey(key);
    return typeof itemKey === "string"
      ? writeItem(this.store, itemKey, value, seconds, this.values)
      : itemKey.then((resolved) => writeItem(this.store, resolved, value, seconds, this.values));
  }

  /** `Repository::forget()`: true when the key existed. */
  forget(key: string): Promise<boolean> {
    const itemKey = this.itemKey(key);
    return typeof itemKey === "string"
      ? this.store.forget(itemKey)
      : itemKey.then((resolved) => this.store.forget(resolved));
  }

  /** `Repository::pull()`: get, then forget. */
  async pull<T = unknown>(key: string, fallback?: CacheDefault<T>): Promise<unknown> {
    const value = await this.get(key, fallback);
    await this.forget(key);
    return value;
  }

  /** `Repository::touch()` (Laravel 13): a new TTL for an existing key; <= 0 deletes. */
  async touch(key: string, ttl: CacheTtl): Promise<boolean> {
    if (ttl === null) return false;
    const seconds = ttlSeconds(ttl, this.clock);
    if (seconds <= 0) return this.forget(key);
    return this.store.touch(await this.itemKey(key), seconds);
  }

  /**
   * `Repository::clear()` / `Cache::flush()`. On Redis this is FLUSHDB of the cache connection: it
   * removes EVERY key of that database (Laravel's behaviour), not only this prefix's.
   */
  flush(): Promise<boolean> {
    return this.store.flush();
  }

  /** `Repository::remember()`: concurrent misses in this process run the callback once. */
  remember<T>(
    key: string,
    ttl: CacheTtl,
    callback: () => T | Promise<T>,
    options?: RememberOptions,
  ): Promise<T> {
    return remember(this, key, ttl, callback, options);
  }

  /** `Repository::rememberForever()` (and `sear()`). */
  rememberForever<T>(key: string, callback: () => T | Promise<T>, options?: RememberOptions): Promise<T> {
    return rememberForever(this, key, callback, options);
  }

  /** `Repository::flexible($key, [$fresh, $stale], $callback)`: stale-while-revalidate (11.23+ keys). */
  flexible<T>(
    key: string,
    ttl: readonly [CacheTtl, CacheTtl],
    callback: () => T | Promise<T>,
    options?: FlexibleOptions,
  ): Promise<T> {
    return flexible(this, key, ttl, callback, options);
  }

  /** Resolves when the background refreshes `flexible()` started have finished. */
  whenRefreshed(): Promise<void> {
    return whenRefreshed(this.store);
  }

  /** `Cache::tags([...])`: a tagged view of this store (8/9 or 10+ scheme by LARAVEL_VERSION). */
  tags(names: string | readonly string[]): Repository {
    const factory = this.options.taggedCache;
    if (!isTaggable(this.store) || !factory) {
      throw new RangeError(`Cache store [${this.name}] does not support tagging.`);
    }
    return factory(this.store, this.store.tagSet(typeof names === "string" ? [names] : names), this.options);
  }

  /** `Cache::lock($name, $seconds = 0, $owner = null)`. */
  lock(name: string, seconds = 0, owner: string | null = null): Lock {
    return this.#locks().lock(name, seconds, owner);
  }

  /** `Cache::restoreLock($name, $owner)`. */
  restoreLock(name: string, owner: string): Lock {
    return this.#locks().restoreLock(name, owner);
  }

  getStore(): Store {
    return this.store;
  }

  get name(): string {
    return this.options.name ?? "redis";
  }

  /** Runs a read; with `failOpen`, an unavailable store reads as a miss (logged). */
  async read<R>(operation: string, command: () => Promise<R>): Promise<R | null> {
    try {
      return await command();
    } catch (error) {
      if (!this.options.failOpen) throw error;
      return this.#answerMiss(operation, error);
    }
  }

  /** failOpen rejection handlers, built once: an unavailable store reads as a miss (logged). */
  readonly #missWhenUnavailable = {
    get: (error: unknown): null => this.#answerMiss("get", error),
  };

  #answerMiss(operation: string, error: unknown): null {
    if (!(error instanceof CacheUnavailableError)) throw error;
    this.logger.warn(
      { store: this.name, operation, err: error },
      "cache unavailable: read answered as a miss (failOpen)",
    );
    return null;
  }

  #locks(): LockProvider {
    if (!isLockProvider(this.store))
      throw new RangeError(`Cache store [${this.name}] does not support locks.`);
    return this.store;
  }
}
