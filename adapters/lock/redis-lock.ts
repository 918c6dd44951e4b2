/**
 * Laravel's RedisLock (Illuminate\Cache\RedisLock + Lock), byte for byte: key = cache prefix + name
 * on the lock connection, value = owner, `SET key owner EX seconds NX` (seconds 0: `SETNX`, no
 * expiry), release by compare-and-delete. A PHP process holding `Cache::lock($name)` excludes this
 * lock and the reverse.
 */
import type { Lock } from "../../src/contracts/cache.js";
import { LockTimeoutError, LockUnavailableError } from "../../src/errors/lock-errors.js";
import type { RedisClient } from "../../src/redis/client.js";
import { type Clock, systemClock } from "../../src/support/clock.js";
import { fenceKey } from "./fencing.js";
import { acquireFencedLock, refreshLock, releaseLock } from "./lua-scripts.js";
import { randomOwner } from "./random-owner.js";

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

const isAcquired = (reply: unknown): boolean => reply === "OK" || reply === 1;

export class RedisLock implements Lock {
  readonly name: string;
  readonly #client: RedisClient;
  readonly #prefix: string;
  readonly #key: string;
  readonly #seconds: number;
  readonly #owner: string;
  readonly #options: RedisLockOptions;
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
    this.#prefix = prefix;
    this.#key = prefix + name;
    this.#seconds = seconds;
    this.#owner = owner ?? randomOwner();
    // Kept as given: clock, sleep and fence settings are only read by block() and acquireFenced().
    this.#options = options;
    this.#sleepMilliseconds = options.sleepMilliseconds ?? 250;
  }

  /** The TTL this lock is taken with, in seconds (0 = none). */
  get seconds(): number {
    return this.#seconds;
  }

  /** `RedisLock::acquire()`: one attempt, one round trip. */
  acquire(): Promise<boolean> {
    const reply =
      this.#seconds > 0
        ? this.#client.set(this.#key, this.#owner, "EX", this.#seconds, "NX")
        : this.#client.setnx(this.#key, this.#owner);
    return reply.then((answer) => {
      const acquired = isAcquired(answer);
      if (acquired) this.#fenceToken = null;
      return acquired;
    }, this.#unavailable);
  }

  /**
   * Acquire (same key, value and TTL as `acquire()`) and get a fence token for this hold in the same
   * atomic script: a strictly larger token than any earlier grant of this name. null = not acquired.
   */
  async acquireFenced(): Promise<bigint | null> {
    const token = await acquireFencedLock
      .run(
        this.#client,
        [this.#key, fenceKey(this.#prefix, this.name)],
        [this.#owner, String(this.#seconds), String(this.#options.fenceTtlSeconds ?? 86_400)],
      )
      .catch(this.#unavailable);
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
    const clock = this.#options.clock ?? systemClock;
    const sleep = this.#options.sleep ?? defaultSleep;
    const start = clock.now();
    const budget = seconds * 1000;
    while (!(await attempt())) {
      signal?.throwIfAborted();
      const now = clock.now();
      if (now + this.#sleepMilliseconds - budget >= start) {
        throw new LockTimeoutError(this.name, (now - start) / 1000);
      }
      await sleep(this.#sleepMilliseconds);
      signal?.throwIfAborted();
    }
  }

  /** `RedisLock::release()`: compare-and-delete; a non-owner deletes nothing and gets false. */
  release(): Promise<boolean> {
    return releaseLock.run(this.#client, [this.#key], [this.#owner]).then(isDeleted, this.#unavailable);
  }

  /** `RedisLock::forceRelease()`: plain DEL, whoever holds it. */
  forceRelease(): Promise<void> {
    return this.#client.del(this.#key).then(() => undefined, this.#unavailable);
  }

  /** `RedisLock::refresh($seconds)`: compare-then-EXPIRE (PERSIST for 0). False when not ours. */
  refresh(seconds: number = this.#seconds): Promise<boolean> {
    return refreshLock
      .run(this.#client, [this.#key], [this.#owner, String(seconds)])
      .then(isDeleted, this.#unavailable);
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
    return this.#client.get(this.#key).catch(this.#unavailable);
  }

  /** Every Redis failure becomes LockUnavailableError, never "not acquired" (catalogue L12). */
  readonly #unavailable = (error: unknown): never => {
    const cause = error instanceof Error ? error : new Error(String(error));
    throw new LockUnavailableError([this.name], [cause], { cause });
  };
}

/** The scripts answer 1 when they deleted (release) or refreshed. */
const isDeleted = (reply: unknown): boolean => reply === 1;
