/**
 * The cache and lock contracts (≈ Illuminate\Contracts\Cache\{Store, Repository, Lock, LockProvider}).
 * Interfaces only: drivers live in adapters/cache and adapters/lock, and other capabilities (sessions,
 * the rate limiter, unique jobs) depend on these, never on a driver class.
 *
 * Units: TTLs are whole seconds, as in Laravel; anything in milliseconds says so in its name.
 */
import type { UnserializeOptions } from "../codecs/php/unserialize.js";
import type { PhpValue } from "../codecs/php/values.js";

/** A duration, like PHP's DateInterval: the parts are added up. */
export interface CacheDuration {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
}

/**
 * A TTL as `Repository::put()` takes it: seconds (fractions are truncated, like PHP's `(int)`), an
 * absolute `Date`, or a duration. `null` means forever; a TTL that works out to <= 0 deletes the key.
 */
export type CacheTtl = number | Date | CacheDuration | null;

/** A default for `get()`: a value, or a function computing it (Laravel's `value($default)`). */
export type CacheDefault<T> = T | (() => T | Promise<T>);

/**
 * How stored values become application values (a Repository's `values` option). `fromPhp` is the
 * rule; `fromBytes`, when present, is the same rule applied to the stored bytes directly (a Redis
 * GET), skipping the PHP value model on the hot path. Both answer null for a stored PHP null.
 */
export interface CacheValueReader {
  /** A stored PHP value → what the application gets back. */
  fromPhp(value: PhpValue): unknown;
  /**
   * RedisStore's stored bytes → the same result as `fromPhp(decodeCacheValue(key, bytes))`.
   * `key` only names the value in errors.
   */
  fromBytes?(key: string, bytes: Buffer, options?: UnserializeOptions): unknown;
}

/**
 * How application values become stored values (a Repository's `values` option): `toPhp` is the
 * rule; `toBytes`, when present, gives RedisStore's bytes for it directly (`encodeCacheValue(toPhp(v))`).
 */
export interface CacheValueWriter {
  toPhp(value: unknown): PhpValue;
  toBytes?(value: unknown): string | Buffer;
}

/**
 * `Illuminate\Contracts\Cache\Store`: the driver level. Values are lossless PHP values; keys are
 * item keys WITHOUT the store prefix (the store adds it, and the connection adds REDIS_PREFIX).
 */
export interface Store {
  /** `Store::get`. null = missing (or a stored PHP null, which Laravel also reads as a miss). */
  get(key: string): Promise<PhpValue | null>;
  /** `Store::many`: one value (or null) per key, in the order given. One round trip (MGET). */
  many(keys: readonly string[]): Promise<Array<PhpValue | null>>;
  /**
   * `get` straight into application values (null on a miss): what `reader.fromPhp(get(key))` gives,
   * in one step. Optional: a Repository falls back to `get` + `fromPhp`.
   */
  read?(key: string, reader: CacheValueReader): Promise<unknown>;
  /** `many` straight into application values (null per miss). Optional, like `read`. */
  readMany?(keys: readonly string[], reader: CacheValueReader): Promise<unknown[]>;
  /**
   * `put` (seconds) or `forever` (null) of an application value encoded by `writer`: what
   * `put(key, writer.toPhp(value), seconds)` does, in one step. Optional, like `read`.
   */
  write?(key: string, value: unknown, seconds: number | null, writer: CacheValueWriter): Promise<boolean>;
  /** `Store::put`, `seconds` >= 1 (smaller values are raised to 1, like RedisStore). */
  put(key: string, value: PhpValue, seconds: number): Promise<boolean>;
  /** `Store::putMany`: all keys with one TTL, atomically where the driver can (MULTI/EXEC). */
  putMany(entries: ReadonlyArray<readonly [string, PhpValue]>, seconds: number): Promise<boolean>;
  /** `RedisStore::add`: store only if missing, atomically. Optional, as in Laravel (method_exists). */
  add?(key: string, value: PhpValue, seconds: number): Promise<boolean>;
  /** `Store::increment`: the new value. Creates the key (no TTL) when missing. */
  increment(key: string, by?: number): Promise<number>;
  /** `Store::decrement`: the new value. */
  decrement(key: string, by?: number): Promise<number>;
  /** `Store::forever`: no TTL. */
  forever(key: string, value: PhpValue): Promise<boolean>;
  /** `Store::touch` (Laravel 13): set a new TTL on an existing key; false when it is missing. */
  touch(key: string, seconds: number): Promise<boolean>;
  /** `Store::forget`: true when a key was deleted. */
  forget(key: string): Promise<boolean>;
  /** `Store::flush`. For Redis this is FLUSHDB of the cache connection: the whole database. */
  flush(): Promise<boolean>;
  /** `Store::getPrefix`: the store prefix as RedisStore keeps it (with `:` on Laravel <= 10). */
  getPrefix(): string;
}

/** `Illuminate\Contracts\Cache\Repository`: what applications call (`Cache::get`, `Cache::put`, ...). */
export interface Repository {
  /** `Repository::get`: the value, or the default on a miss. */
  get<T = unknown>(key: string, fallback?: CacheDefault<T>): Promise<unknown>;
  /** `Repository::many`: key → value (null or the given default on a miss). */
  many(keys: readonly string[] | Readonly<Record<string, unknown>>): Promise<Record<string, unknown>>;
  /** `Repository::has`. */
  has(key: string): Promise<boolean>;
  /** `Repository::missing`. */
  missing(key: string): Promise<boolean>;
  /** `Repository::put`: TTL null = forever, <= 0 deletes. */
  put(key: string, value: unknown, ttl?: CacheTtl): Promise<boolean>;
  /** `Repository::putMany`. */
  putMany(values: Readonly<Record<string, unknown>>, ttl?: CacheTtl): Promise<boolean>;
  /** `Repository::add`: only if missing; atomic on Redis when a TTL is given. */
  add(key: string, value: unknown, ttl?: CacheTtl): Promise<boolean>;
  /** `Repository::increment`. */
  increment(key: string, by?: number): Promise<number>;
  /** `Repository::decrement`. */
  decrement(key: string, by?: number): Promise<number>;
  /** `Repository::forever`. */
  forever(key: string, value: unknown): Promise<boolean>;
  /** `Repository::forget`. */
  forget(key: string): Promise<boolean>;
  /** `Repository::pull`: get, then forget. */
  pull<T = unknown>(key: string, fallback?: CacheDefault<T>): Promise<unknown>;
  /** `Repository::touch` (Laravel 13). */
  touch(key: string, ttl: CacheTtl): Promise<boolean>;
  /** `Repository::remember`: the cached value, or the callback's (stored for `ttl`). */
  remember<T>(key: string, ttl: CacheTtl, callback: () => T | Promise<T>): Promise<T>;
  /** `Repository::rememberForever`. */
  rememberForever<T>(key: string, callback: () => T | Promise<T>): Promise<T>;
  /** `Repository::clear()` / `Store::flush()`. */
  flush(): Promise<boolean>;
  /** `Repository::getStore`. */
  getStore(): Store;
}

/** `Illuminate\Contracts\Cache\Lock`. */
export interface Lock {
  /** The lock name (the key without prefixes). */
  readonly name: string;
  /** `Lock::get()`: try once; true when acquired. */
  get(): Promise<boolean>;
  /** `Lock::get($callback)`: try once; when acquired run the callback and always release. */
  get<T>(callback: () => T | Promise<T>): Promise<T | false>;
  /** `Lock::block($seconds)`: poll until acquired; throws LockTimeoutError after `seconds`. */
  block(seconds: number): Promise<true>;
  /** `Lock::block($seconds, $callback)`: acquire (waiting), run, always release. */
  block<T>(seconds: number, callback: () => T | Promise<T>): Promise<T>;
  /** `Lock::release()`: compare-and-delete; false (nothing deleted) when not the owner. */
  release(): Promise<boolean>;
  /** `Lock::forceRelease()`: delete whoever owns it. */
  forceRelease(): Promise<void>;
  /** `Lock::owner()`. */
  owner(): string;
  /** `Lock::isOwnedByCurrentProcess()`: the stored owner equals ours. */
  isOwnedByCurrentProcess(): Promise<boolean>;
  /** `Lock::isOwnedBy($owner)` (Laravel 12). */
  isOwnedBy(owner: string): Promise<boolean>;
  /** `Lock::isLocked()` (Laravel 13.7). */
  isLocked(): Promise<boolean>;
  /** `Lock::refresh($seconds)` (Laravel 13.16): reset the TTL if we own it; 0 = no expiry. */
  refresh(seconds?: number): Promise<boolean>;
  /** `Lock::betweenBlockedAttemptsSleepFor($milliseconds)`. */
  betweenBlockedAttemptsSleepFor(milliseconds: number): this;
}

/** `Illuminate\Contracts\Cache\LockProvider`. */
export interface LockProvider {
  /** `LockProvider::lock($name, $seconds = 0, $owner = null)`; seconds 0 = no expiry. */
  lock(name: string, seconds?: number, owner?: string | null): Lock;
  /** `LockProvider::restoreLock($name, $owner)`: a handle on a lock another process acquired. */
  restoreLock(name: string, owner: string): Lock;
}
