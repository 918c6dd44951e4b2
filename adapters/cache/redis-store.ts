/**
 * Laravel's RedisStore (Illuminate\Cache\RedisStore) on the bridge's RedisClient: the same keys
 * (connection prefix by the client + store prefix + key), the same bytes (value-codec.ts) and the
 * same commands, one round trip per operation: GET, MGET, SETEX, MULTI/SETEX…/EXEC, the `add`
 * script, INCRBY/DECRBY, SET, EXPIRE, DEL, FLUSHDB.
 */
import type { UnserializeOptions } from "../../src/codecs/php/index.js";
import type { PhpValue } from "../../src/codecs/php/values.js";
import { cacheFormat, type LaravelVersion } from "../../src/config/laravel-versions.js";
import type { Lock, LockProvider, Store } from "../../src/contracts/cache.js";
import { CacheFormatError, CacheUnavailableError } from "../../src/errors/cache-errors.js";
import { RedisConnectionError } from "../../src/errors/connection-error.js";
import type { RedisClient } from "../../src/redis/client.js";
import { type Clock, systemClock } from "../../src/support/clock.js";
import { add } from "./lua-scripts.js";
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
  }

  getPrefix(): string {
    return this.#prefix;
  }

  /** `RedisStore::get`: GET, then the numeric-or-unserialize rule. */
  async get(key: string): Promise<PhpValue | null> {
    const bytes = await this.#run("get", () => this.client.getBuffer(this.#prefix + key));
    return bytes === null ? null : decodeCacheValue(key, bytes, this.#unserialize);
  }

  /** `RedisStore::many`: one MGET. */
  async many(keys: readonly string[]): Promise<Array<PhpValue | null>> {
    if (keys.length === 0) return [];
    const values = await this.#run("many", () =>
      this.client.mgetBuffer(keys.map((key) => this.#prefix + key)),
    );
    return values.map((bytes, i) =>
      bytes === null ? null : decodeCacheValue(keys[i] as string, bytes, this.#unserialize),
    );
  }

  /** `RedisStore::put`: SETEX key max(1, seconds) value. */
  async put(key: string, value: PhpValue, seconds: number): Promise<boolean> {
    const reply = await this.#run("put", () =>
      this.client.setex(this.#prefix + key, Math.max(1, Math.trunc(seconds)), encodeCacheValue(value)),
    );
    return reply === "OK";
  }

  /** `RedisStore::putMany`: MULTI, one SETEX per key, EXEC. */
  async putMany(entries: ReadonlyArray<readonly [string, PhpValue]>, seconds: number): Promise<boolean> {
    if (entries.length === 0) return true;
    const ttl = Math.max(1, Math.trunc(seconds));
    const results = await this.#run("putMany", () => {
      const batch = this.client.multi();
      for (const [key, value] of entries) batch.setex(this.#prefix + key, ttl, encodeCacheValue(value));
      return batch.exec();
    });
    return (
      (results ?? []).length === entries.length &&
      (results ?? []).every(([error, reply]) => !error && reply === "OK")
    );
  }

  /** `RedisStore::add`: the atomic exists-or-SETEX script. */
  async add(key: string, value: PhpValue, seconds: number): Promise<boolean> {
    const reply = await this.#run("add", () =>
      add.run(
        this.client,
        [this.#prefix + key],
        [encodeCacheValue(value), String(Math.max(1, Math.trunc(seconds)))],
      ),
    );
    return reply === "OK";
  }

  /** `RedisStore::increment`: INCRBY (creates the key without TTL). */
  increment(key: string, by = 1): Promise<number> {
    return this.#count("increment", key, () => this.client.incrby(this.#prefix + key, by));
  }

  /** `RedisStore::decrement`: DECRBY. */
  decrement(key: string, by = 1): Promise<number> {
    return this.#count("decrement", key, () => this.client.decrby(this.#prefix + key, by));
  }

  /** `RedisStore::forever`: SET without TTL. */
  async forever(key: string, value: PhpValue): Promise<boolean> {
    return (
      (await this.#run("forever", () => this.client.set(this.#prefix + key, encodeCacheValue(value)))) ===
      "OK"
    );
  }

  /** `RedisStore::touch` (13.x): EXPIRE key max(1, seconds). */
  async touch(key: string, seconds: number): Promise<boolean> {
    return (
      (await this.#run("touch", () =>
        this.client.expire(this.#prefix + key, Math.max(1, Math.trunc(seconds))),
      )) === 1
    );
  }

  /** `RedisStore::forget`: DEL. */
  async forget(key: string): Promise<boolean> {
    return (await this.#run("forget", () => this.client.del(this.#prefix + key))) > 0;
  }

  /** `RedisStore::flush`: FLUSHDB of the cache connection — every key of that database, not just ours. */
  async flush(): Promise<boolean> {
    return (await this.#run("flush", () => this.client.flushdb())) === "OK";
  }

  /** `RedisStore::tags()`: the tag set of the configured version's scheme. */
  tagSet(names: readonly string[]): TagSet {
    return cacheFormat(this.laravelVersion).tagScheme === "reference-sets"
      ? new ReferenceTagSet(this, names)
      : new SortedSetTagSet(this, names);
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

  async #count(operation: string, key: string, command: () => Promise<number>): Promise<number> {
    try {
      return await this.#run(operation, command);
    } catch (error) {
      if (error instanceof Error && /not an integer/.test(error.message)) {
        throw new CacheFormatError(key, "not-an-integer", { cause: error });
      }
      throw error;
    }
  }

  /** Connection failures become CacheUnavailableError (with the runbook error as cause). */
  async #run<R>(operation: string, command: () => Promise<R>): Promise<R> {
    try {
      return await command();
    } catch (error) {
      if (error instanceof RedisConnectionError)
        throw new CacheUnavailableError(this.name, operation, { cause: error });
      throw error;
    }
  }
}
