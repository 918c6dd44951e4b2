/**
 * Laravel's ArrayStore: an in-process cache with the same semantics as the Redis store (TTLs in
 * seconds, add only if missing, increment creates the key, tags by tag ids) and ArrayLock locks, so
 * `lock()` and `flexible()` work here too. For tests and the embedded default; nothing is shared
 * with PHP. Expiry is checked against the injected clock.
 */
import { PhpFloat, type PhpValue } from "../../src/codecs/php/values.js";
import type { Lock, LockProvider, Store } from "../../src/contracts/cache.js";
import { type Clock, systemClock } from "../../src/support/clock.js";
import { ArrayLock, type ArrayLockEntry, type ArrayLockTable } from "../lock/array-lock.js";
import type { BaseLockOptions } from "../lock/base-lock.js";
import { GenericTagSet } from "./tags/generic-tag-set.js";
import type { TagSet } from "./tags/tag-set.js";

interface Entry {
  value: PhpValue;
  /** Expiry in ms since the epoch; 0 = never. */
  expiresAt: number;
}

export interface ArrayStoreOptions {
  clock?: Clock;
  /** Reported by getPrefix(); keys are kept without it. @default "" */
  prefix?: string;
  /** How `block()` of this store's locks waits (injectable for tests). */
  lockSleep?: BaseLockOptions["sleep"];
}

export class ArrayStore implements Store, LockProvider, ArrayLockTable {
  /** `ArrayStore::$locks`: the held locks by name (see ArrayLock). */
  readonly locks = new Map<string, ArrayLockEntry>();
  readonly clock: Clock;
  readonly #entries = new Map<string, Entry>();
  readonly #prefix: string;
  readonly #lockOptions: BaseLockOptions;

  constructor(options: ArrayStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.#prefix = options.prefix ?? "";
    this.#lockOptions = options.lockSleep ? { sleep: options.lockSleep } : {};
  }

  getPrefix(): string {
    return this.#prefix;
  }

  async get(key: string): Promise<PhpValue | null> {
    const entry = this.#entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt !== 0 && entry.expiresAt <= this.clock.now()) {
      this.#entries.delete(key);
      return null;
    }
    return entry.value;
  }

  async many(keys: readonly string[]): Promise<Array<PhpValue | null>> {
    return Promise.all(keys.map((key) => this.get(key)));
  }

  async put(key: string, value: PhpValue, seconds: number): Promise<boolean> {
    this.#entries.set(key, { value, expiresAt: this.clock.now() + Math.max(1, Math.trunc(seconds)) * 1000 });
    return true;
  }

  async putMany(entries: ReadonlyArray<readonly [string, PhpValue]>, seconds: number): Promise<boolean> {
    for (const [key, value] of entries) await this.put(key, value, seconds);
    return true;
  }

  async add(key: string, value: PhpValue, seconds: number): Promise<boolean> {
    if ((await this.get(key)) !== null) return false;
    return this.put(key, value, seconds);
  }

  async increment(key: string, by = 1): Promise<number> {
    const entry = this.#entries.get(key);
    const current = await this.get(key);
    if (current === null || !entry) {
      await this.forever(key, BigInt(by));
      return by;
    }
    const next = toInt(current) + by;
    entry.value = BigInt(next);
    return next;
  }

  decrement(key: string, by = 1): Promise<number> {
    return this.increment(key, -by);
  }

  async forever(key: string, value: PhpValue): Promise<boolean> {
    this.#entries.set(key, { value, expiresAt: 0 });
    return true;
  }

  async touch(key: string, seconds: number): Promise<boolean> {
    const value = await this.get(key);
    if (value === null) return false;
    return this.put(key, value, seconds);
  }

  async forget(key: string): Promise<boolean> {
    return this.#entries.delete(key);
  }

  async flush(): Promise<boolean> {
    this.#entries.clear();
    return true;
  }

  /** `ArrayStore::lock($name, $seconds = 0, $owner = null)`. */
  lock(name: string, seconds = 0, owner: string | null = null): Lock {
    return new ArrayLock(this, name, seconds, owner, this.#lockOptions);
  }

  /** `ArrayStore::restoreLock($name, $owner)`. */
  restoreLock(name: string, owner: string): Lock {
    return this.lock(name, 0, owner);
  }

  /** `ArrayStore::tags()`: tag ids kept in this store. */
  tagSet(names: readonly string[]): TagSet {
    return new GenericTagSet(this, names, this.clock);
  }
}

/** PHP's `(int)` of a stored value. */
function toInt(value: PhpValue): number {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof PhpFloat) return Math.trunc(value.value);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") return Number.parseInt(value.trim(), 10) || 0;
  return value === null ? 0 : 1;
}
