/**
 * Laravel's ArrayLock (Illuminate\Cache\ArrayLock): locks kept in the ArrayStore's memory, for tests
 * and single-process use, so `Cache::lock()` and `flexible()` work on the array store too. Nothing
 * is shared with other processes.
 *
 * One deliberate difference: an expired lock counts as released everywhere (as a Redis key with a
 * TTL does), while Laravel's ArrayLock keeps the stale entry until the next acquire, so its old
 * owner could still "release" it. Code tested on the array store then behaves as on Redis.
 */
import type { Clock } from "../../src/support/clock.js";
import { BaseLock, type BaseLockOptions } from "./base-lock.js";

/** One held lock: its owner and when it expires (ms since the epoch; null = never). */
export interface ArrayLockEntry {
  owner: string;
  expiresAt: number | null;
}

/** Where ArrayLocks keep their state: the ArrayStore's `locks` table and its clock. */
export interface ArrayLockTable {
  readonly locks: Map<string, ArrayLockEntry>;
  readonly clock: Clock;
}

export class ArrayLock extends BaseLock {
  readonly #table: ArrayLockTable;

  constructor(
    table: ArrayLockTable,
    name: string,
    seconds = 0,
    owner: string | null = null,
    options: BaseLockOptions = {},
  ) {
    super(name, seconds, owner, { clock: table.clock, ...options });
    this.#table = table;
  }

  /** `ArrayLock::acquire()`: free (or expired) → ours, with `seconds` from now. */
  async acquire(): Promise<boolean> {
    if (this.#live() !== undefined) return false;
    this.#table.locks.set(this.name, { owner: this.owner(), expiresAt: this.#expiry(this.seconds) });
    return true;
  }

  /** `ArrayLock::release()`: only by the owner. */
  async release(): Promise<boolean> {
    if (this.#live()?.owner !== this.owner()) return false;
    this.#table.locks.delete(this.name);
    return true;
  }

  /** `ArrayLock::forceRelease()`. */
  async forceRelease(): Promise<void> {
    this.#table.locks.delete(this.name);
  }

  /** `Lock::refresh($seconds)`: a new TTL from now if we own it; 0 = no expiry. */
  async refresh(seconds: number = this.seconds): Promise<boolean> {
    const entry = this.#live();
    if (entry?.owner !== this.owner()) return false;
    entry.expiresAt = this.#expiry(seconds);
    return true;
  }

  protected async currentOwner(): Promise<string | null> {
    return this.#live()?.owner ?? null;
  }

  /** The entry of this name unless it expired (an expired one is dropped). */
  #live(): ArrayLockEntry | undefined {
    const entry = this.#table.locks.get(this.name);
    if (entry?.expiresAt != null && entry.expiresAt <= this.#table.clock.now()) {
      this.#table.locks.delete(this.name);
      return undefined;
    }
    return entry;
  }

  #expiry(seconds: number): number | null {
    return seconds > 0 ? this.#table.clock.now() + seconds * 1000 : null;
  }
}
