/**
 * Laravel's RedisStore (Illuminate\Cache\RedisStore) on the bridge's RedisClient: the same keys
 * (connection prefix by the client + store prefix + key), the same bytes (value-codec.ts) and the
 * same commands, one round trip per operation: GET, MGET, SETEX, MULTI/SETEX…/EXEC, the `add`
 * script, INCRBY/DECRBY, SET, EXPIRE, DEL, FLUSHDB.
 */
import type { UnserializeOptions } from "../../src/codecs/php/index.js";
import type { PhpValue } from "../../src/codecs/php/values.js";
import { cacheFormat, type LaravelVersion } from "../../src/config/laravel-versions.js";
import type {
  CacheValueReader,
  CacheValueWriter,
  Lock,
  LockProvider,
  Store,
} from "../../src/contracts/cache.js";
import { CacheFormatError, CacheUnavailableError } from "../../src/errors/cache-errors.js";
import { RedisConnectionError } from "../../src/errors/connection-error.js";
import type { RedisClient } from "../../src/redis/client.js";
import { type Clock, systemClock } from "../../src/support/clock.js";
import { add } from "./lua-scripts.js";
import { flushStaleTags, type StaleTagsPruned } from "./tags/prune-stale-tags.js";
import { ReferenceTagSet } from "./tags/reference-tag-set.js";
import { SortedSetTagSet } from "./tags/sorted-set-tag-set.js";
import type { TagSet } from "./tags/tag-set.js";
import { decodeCacheValue, encodeCacheValue } from "./value-codec.js";

export interface RedisStoreOptions {
  /** The store name (`redis`), for errors and logs. @default "redis" */
  name?: string;
  /** LARAVEL_VERSION: selects the tag scheme. @default 12 */
  laravelVersion?: LaravelVersion;
  /** REDIS_PREFIX of the cache connection (the client applies it; the tag flush script needs it). */
  connectionPrefix?: string;
  /** Locks for `lock()`/`restoreLock()` (on the lock connection). */
  locks?: LockProvider;
  /** Options for unserialize() of cached values (allowed classes, depth). */
  unserialize?: UnserializeOptions;
  clock?: Clock;
}

export class RedisStore implements Store, LockProvider {
  readonly name: string;
  readonly client: RedisClient;
  readonly laravelVersion: LaravelVersion;
  readonly connectionPrefix: string;
  readonly clock: Clock;
  readonly #prefix: string;
  readonly #locks: LockProvider | undefined;
  readonly #unserialize: UnserializeOptions | undefined;
  /** One rejection handler per operation, built once: connection failures → CacheUnavailableError. */
  readonly #failed: Readonly<Record<StoreOperation, (error: unknown) => never>>;

  /**
   * @param client the cache connection (`cache`, DB 1 by default)
   * @param prefix the store prefix exactly as RedisStore keeps it (config.cache.stores.redis.prefix)
   */
  constructor(client: RedisClient, prefix: string, options: RedisStoreOptions = {}) {
    this.client = client;
    this.#prefix = prefix;
    this.name = options.name ?? "redis";
    this.laravelVersion = options.laravelVersion ?? 12;
    this.connectionPrefix = options.connectionPrefix ?? "";
    this.clock = options.clock ?? systemClock;
    this.#locks = options.locks;
    this.#unserialize = options.unserialize;
    this.#failed = unavailableHandlers(this.name);
  }

  getPrefix(): string {
    return this.#prefix;
  }

  /** `RedisStore::get`: GET, then the numeric-or-unserialize rule. */
  get(key: string): Promise<PhpValue | null> {
    return this.client
      .getBuffer(this.#prefix + key)
      .then(
        (bytes) => (bytes === null ? null : decodeCacheValue(key, bytes, this.#unserialize)),
        this.#failed.get,
      );
  }

  /** `get` decoded by `reader` straight from the bytes (one pass for plain values). */
  read(key: string, reader: CacheValueReader): Promise<unknown> {
    return this.client.getBuffer(this.#prefix + key).then((bytes) => {
      if (bytes === null) return null;
      return reader.fromBytes
        ? reader.fromBytes(key, bytes, this.#unserialize)
        : reader.fromPhp(decodeCacheValue(key, bytes, this.#unserialize));
    }, this.#failed.get);
  }

  /** `RedisStore::many`: one MGET. */
  async many(keys: readonly string[]): Promise<Array<PhpValue | null>> {
    if (keys.length === 0) return [];
    const values = await this.client
      .mgetBuffer(keys.map((key) => this.#prefix + key))
      .catch(this.#failed.many);
    return values.map((bytes, i) =>
      bytes === null ? null : decodeCacheValue(keys[i] as string, bytes, this.#unserialize),
    );
  }

  /** `many` decoded by `reader` straight from the bytes. */
  async readMany(keys: readonly string[], reader: CacheValueReader): Promise<unknown[]> {
    if (keys.length === 0) return [];
    const values = await this.client
      .mgetBuffer(keys.map((key) => this.#prefix + key))
      .catch(this.#failed.many);
    return values.map((bytes, i) => {
      if (bytes === null) return null;
      const key = keys[i] as string;
      return reader.fromBytes
        ? reader.fromBytes(key, bytes, this.#unserialize)
        : reader.fromPhp(decodeCacheValue(key, bytes, this.#unserialize));
    });
  }

  /** `RedisStore::put`: SETEX key max(1, seconds) value. */
  put(key: string, value: PhpValue, seconds: number): Promise<boolean> {
    let bytes: string | Buffer;
    try {
      bytes = encodeCacheValue(value);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.client
      .setex(this.#prefix + key, Math.max(1, Math.trunc(seconds)), bytes)
      .then(isOk, this.#failed.put);
  }

  /** `put` (SETEX) or, for null seconds, `forever` (SET) of a value encoded by `writer` in one pass. */
  write(key: string, value: unknown, seconds: number | null, writer: CacheValueWriter): Promise<boolean> {
    let bytes: string | Buffer;
    try {
      bytes = writer.toBytes ? writer.toBytes(value) : encodeCacheValue(writer.toPhp(value));
    } catch (error) {
      return Promise.reject(error);
    }
    return seconds === null
      ? this.client.set(this.#prefix + key, bytes).then(isOk, this.#failed.forever)
      : this.client
          .setex(this.#prefix + key, Math.max(1, Math.trunc(seconds)), bytes)
          .then(isOk, this.#failed.put);
  }

  /** `RedisStore::putMany`: MULTI, one SETEX per key, EXEC. */
  async putMany(entries: ReadonlyArray<readonly [string, PhpValue]>, seconds: number): Promise<boolean> {
    if (entries.length === 0) return true;
    const ttl = Math.max(1, Math.trunc(seconds));
    const batch = this.client.multi();
    for (const [key, value] of entries) batch.setex(this.#prefix + key, ttl, encodeCacheValue(value));
    const results = await batch.exec().catch(this.#failed.putMany);
    return (
      (results ?? []).length === entries.length &&
      (results ?? []).every(([error, reply]) => !error && reply === "OK")
    );
  }

  /** `RedisStore::add`: the atomic exists-or-SETEX script. */
  async add(key: string, value: PhpValue, seconds: number): Promise<boolean> {
    const reply = await add
      .run(
        this.client,
        [this.#prefix + key],
        [encodeCacheValue(value), String(Math.max(1, Math.trunc(seconds)))],
      )
      .catch(this.#failed.add);
    return reply === "OK";
  }

  /** `RedisStore::increment`: INCRBY (creates the key without TTL). */
  increment(key: string, by = 1): Promise<number> {
    return this.#count("increment", key, this.client.incrby(this.#prefix + key, by));
  }

  /** `RedisStore::decrement`: DECRBY. */
  decrement(key: string, by = 1): Promise<number> {
    return this.#count("decrement", key, this.client.decrby(this.#prefix + key, by));
  }

  /** `RedisStore::forever`: SET without TTL. */
  async forever(key: string, value: PhpValue): Promise<boolean> {
    return isOk(
      await this.client.set(this.#prefix + key, encodeCacheValue(value)).catch(this.#failed.forever),
    );
  }

  /** `RedisStore::touch` (13.x): EXPIRE key max(1, seconds). */
  touch(key: string, seconds: number): Promise<boolean> {
    return this.client
      .expire(this.#prefix + key, Math.max(1, Math.trunc(seconds)))
      .then((reply) => reply === 1, this.#failed.touch);
  }

  /** `RedisStore::forget`: DEL. */
  forget(key: string): Promise<boolean> {
    return this.client.del(this.#prefix + key).then((deleted) => deleted > 0, this.#failed.forget);
  }

  /** `RedisStore::flush`: FLUSHDB of the cache connection — every key of that database, not just ours. */
  flush(): Promise<boolean> {
    return this.client.flushdb().then(isOk, this.#failed.flush);
  }

  /** `RedisStore::tags()`: the tag set of the configured version's scheme. */
  tagSet(names: readonly string[]): TagSet {
    return cacheFormat(this.laravelVersion).tagScheme === "reference-sets"
      ? new ReferenceTagSet(this, names)
      : new SortedSetTagSet(this, names);
  }

  /**
   * `RedisStore::flushStaleTags()` (10+, `cache:prune-stale-tags`): drop expired entries from every
   * tag set of this store. A no-op on the 8/9 tag scheme.
   */
  flushStaleTags(): Promise<StaleTagsPruned> {
    return flushStaleTags(this);
  }

  /** `RedisStore::lock()`: on the lock connection, under the store prefix. */
  lock(name: string, seconds = 0, owner: string | null = null): Lock {
    return this.#lockProvider().lock(name, seconds, owner);
  }

  /** `RedisStore::restoreLock()`. */
  restoreLock(name: string, owner: string): Lock {
    return this.#lockProvider().restoreLock(name, owner);
  }

  #lockProvider(): LockProvider {
    if (!this.#locks) throw new RangeError(`Cache store [${this.name}] was built without a lock provider.`);
    return this.#locks;
  }

  #count(operation: "increment" | "decrement", key: string, reply: Promise<number>): Promise<number> {
    return reply.catch((error: unknown) => {
      if (error instanceof Error && /not an integer/.test(error.message)) {
        throw new CacheFormatError(key, "not-an-integer", { cause: error });
      }
      return this.#failed[operation](error);
    });
  }
}

type StoreOperation =
  | "get"
  | "many"
  | "put"
  | "putMany"
  | "add"
  | "increment"
  | "decrement"
  | "forever"
  | "touch"
  | "forget"
  | "flush";

const OPERATIONS: readonly StoreOperation[] = [
  "get",
  "many",
  "put",
  "putMany",
  "add",
  "increment",
  "decrement",
  "forever",
  "touch",
  "forget",
  "flush",
];

/** Connection failures become CacheUnavailableError (the runbook error as cause); others pass unchanged. */
function unavailableHandlers(store: string): Record<StoreOperation, (error: unknown) => never> {
  const handlers = {} as Record<StoreOperation, (error: unknown) => never>;
  for (const operation of OPERATIONS) {
    handlers[operation] = (error: unknown): never => {
      if (error instanceof RedisConnectionError)
        throw new CacheUnavailableError(store, operation, { cause: error });
      throw error;
    };
  }
  return handlers;
}

const isOk = (reply: unknown): boolean => reply === "OK";
