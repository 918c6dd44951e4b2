/**
 * Laravel's RedisLock (Illuminate\Cache\RedisLock + Lock), byte for byte: key = cache prefix + name
 * on the lock connection, value = owner, `SET key owner EX seconds NX` (seconds 0: `SETNX`, no
 * expiry), release by compare-and-delete. A PHP process holding `Cache::lock($name)` excludes this
 * lock and the reverse.
 */
import { randomBytes } from "node:crypto";
import type { Lock } from "../../src/contracts/cache.js";
import { LockTimeoutError, LockUnavailableError } from "../../src/errors/lock-errors.js";
import type { RedisClient } from "../../src/redis/client.js";
import { type Clock, systemClock } from "../../src/support/clock.js";
import { acquireFencedLock, refreshLock, releaseLock } from "./lua-scripts.js";

export interface RedisLockOptions {
  /** Wall clock for `block()` (Laravel compares `now()` in ms). @default systemClock */
  clock?: Clock;
  /** How `block()` waits between attempts; injectable for tests. @default setTimeout */
  sleep?: (milliseconds: number) => Promise<void>;
  /** `$sleepMilliseconds`: pause between `block()` attempts. @default 250 */
  sleepMilliseconds?: number;
  /** TTL of the fence counter key, seconds (see fencing.ts). @default 86400 */
  fenceTtlSeconds?: number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Laravel's `Str::random(16)`: 16 characters of [A-Za-z0-9] from a CSPRNG. */
export function randomOwner(length = 16): string {
  let out = "";
  while (out.length < length) {
    out += randomBytes(length * 2)
      .toString("base64")
      .replace(/[+/=]/g, "");
  }
  return out.slice(0, length);
}

export class RedisLock implements Lock {
  readonly name: string;
  readonly #client: RedisClient;
  readonly #key: string;
  readonly #fenceKey: string;
  readonly #seconds: number;
  readonly #owner: string;
  readonly #clock: Clock;
  readonly #sleep: (milliseconds: number) => Promise<void>;
  readonly #fenceTtl: string;
  #sleepMilliseconds: number;
  #fenceToken: bigint | null = null;

  /**
   * @param client  the lock connection (`lock_connection`, `default` / DB 0 by default)
   * @param prefix  the store prefix exactly as RedisStore keeps it (`laravel_cache:` on 8–10)
   * @param seconds TTL in whole seconds; 0 = no expiry (Laravel's default, SETNX)
   * @param owner   the owner string; null = a random 16-char one (`Str::random()`)
   */
  constructor(
    client: RedisClient,
    prefix: string,
    name: string,
    seconds = 0,
    owner: string | null = null,
    options: RedisLockOptions = {},
  ) {
    if (!Number.isInteger(seconds) || seconds < 0) {
      throw new RangeError(`Lock [${name}] seconds must be a whole number >= 0, got ${seconds}.`);
    }
    this.name = name;
    this.#client = client;
    this.#key = prefix + name;
    this.#fenceKey = `${prefix}bridge:fence:${name}`;
    this.#seconds = seconds;
    this.#owner = owner ?? randomOwner();
    this.#clock = options.clock ?? systemClock;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#sleepMilliseconds = options.sleepMilliseconds ?? 250;
    this.#fenceTtl = String(options.fenceTtlSeconds ?? 86_400);
  }

  /** The TTL this lock is taken with, in seconds (0 = none). */
  get seconds(): number {
    return this.#seconds;
  }

  /** `RedisLock::acquire()`: one attempt, one round trip. */
  async acquire(): Promise<boolean> {
    const reply =
      this.#seconds > 0
        ? await this.#run(() => this.#client.set(this.#key, this.#owner, "EX", this.#seconds, "NX"))
        : await this.#run(() => this.#client.call("SETNX", this.#key, this.#owner));
    const acquired = reply === "OK" || reply === 1;
    if (acquired) this.#fenceToken = null;
    return acquired;
  }

  /**
   * Acquire (same key, value and TTL as `acquire()`) and get a fence token for this hold in the same
   * atomic script: a strictly larger token than any earlier grant of this name. null = not acquired.
   */
  async acquireFenced(): Promise<bigint | null> {
    const token = await this.#run(() =>
      acquireFencedLock.run(
        this.#client,
        [this.#key, this.#fenceKey],
        [this.#owner, String(this.#seconds), this.#fenceTtl],
      ),
    );
    this.#fenceToken = token === null || token === undefined ? null : BigInt(token);
    return this.#fenceToken;
  }

  /** The fence token of the current hold, when it was taken with `acquireFenced()`. */
  fenceToken(): bigint | null {
    return this.#fenceToken;
  }

  get(): Promise<boolean>;
  get<T>(callback: () => T | Promise<T>): Promise<T | false>;
  /** `Lock::get()`: try once; with a callback, run it and always release. */
  async get<T>(callback?: () => T | Promise<T>): Promise<T | boolean> {
    const acquired = await this.acquire();
    if (!acquired || callback === undefined) return acquired;
    try {
      return await callback();
    } finally {
      await this.release();
    }
  }

  block(seconds: number): Promise<true>;
  block<T>(seconds: number, callback: () => T | Promise<T>): Promise<T>;
  /**
   * `Lock::block()` with Laravel 11.20+ semantics: attempt, and give up before sleeping when
   * `now + sleep - seconds*1000 >= start` (so `block(1)` makes 4 attempts at the default 250 ms).
   * Throws LockTimeoutError.
   */
  async block<T>(seconds: number, callback?: () => T | Promise<T>): Promise<T | true> {
    await this.waitUntilAcquired(seconds, () => this.acquire());
    if (callback === undefined) return true;
    try {
      return await callback();
    } finally {
      await this.release();
    }
  }

  /** The polling loop of `block()`, reusable with another attempt (e.g. `acquireFenced`). */
  async waitUntilAcquired(
    seconds: number,
    attempt: () => Promise<unknown>,
    signal?: AbortSignal,
  ): Promise<void> {
    const start = this.#clock.now();
    const budget = seconds * 1000;
    while (!(await attempt())) {
      signal?.throwIfAborted();
      const now = this.#clock.now();
      if (now + this.#sleepMilliseconds - budget >= start) {
        throw new LockTimeoutError(this.name, (now - start) / 1000);
      }
      await this.#sleep(this.#sleepMilliseconds);
      signal?.throwIfAborted();
    }
  }

  /** `RedisLock::release()`: compare-and-delete; a non-owner deletes nothing and gets false. */
  async release(): Promise<boolean> {
    const deleted = await this.#run(() => releaseLock.run(this.#client, [this.#key], [this.#owner]));
    return deleted === 1;
  }

  /** `RedisLock::forceRelease()`: plain DEL, whoever holds it. */
  async forceRelease(): Promise<void> {
    await this.#run(() => this.#client.del(this.#key));
  }

  /** `RedisLock::refresh($seconds)`: compare-then-EXPIRE (PERSIST for 0). False when not ours. */
  async refresh(seconds: number = this.#seconds): Promise<boolean> {
    const done = await this.#run(() =>
      refreshLock.run(this.#client, [this.#key], [this.#owner, String(seconds)]),
    );
    return done === 1;
  }

  owner(): string {
    return this.#owner;
  }

  async isOwnedByCurrentProcess(): Promise<boolean> {
    return this.isOwnedBy(this.#owner);
  }

  async isOwnedBy(owner: string): Promise<boolean> {
    return (await this.#currentOwner()) === owner;
  }

  async isLocked(): Promise<boolean> {
    return (await this.#currentOwner()) !== null;
  }

  betweenBlockedAttemptsSleepFor(milliseconds: number): this {
    this.#sleepMilliseconds = milliseconds;
    return this;
  }

  #currentOwner(): Promise<string | null> {
    return this.#run(() => this.#client.get(this.#key));
  }

  /** Every Redis failure becomes LockUnavailableError, never "not acquired" (catalogue L12). */
  async #run<R>(command: () => Promise<R>): Promise<R> {
    try {
      return await command();
    } catch (error) {
      const cause = error instanceof Error ? error : new Error(String(error));
      throw new LockUnavailableError([this.name], [cause], { cause });
    }
  }
}
