/**
 * What every lock driver shares (≈ Illuminate\Cache\Lock): the owner (a random `Str::random(16)`
 * unless given), `get($callback)` that always releases, `block()` with Laravel's polling, and the
 * ownership questions. A driver supplies acquire, release, forceRelease, refresh and the stored
 * owner: RedisLock (adapters/lock/redis-lock.ts) and ArrayLock (array-lock.ts).
 */
import type { Lock } from "../../src/contracts/cache.js";
import { LockTimeoutError } from "../../src/errors/lock-errors.js";
import { type Clock, systemClock } from "../../src/support/clock.js";
import { randomOwner } from "./random-owner.js";

export interface BaseLockOptions {
  /** Wall clock for `block()` (Laravel compares `now()` in ms). @default systemClock */
  clock?: Clock;
  /** How `block()` waits between attempts; injectable for tests. @default setTimeout */
  sleep?: (milliseconds: number) => Promise<void>;
  /** `$sleepMilliseconds`: pause between `block()` attempts. @default 250 */
  sleepMilliseconds?: number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export abstract class BaseLock implements Lock {
  readonly name: string;
  readonly #seconds: number;
  readonly #owner: string;
  readonly #clock: Clock | undefined;
  readonly #sleep: ((milliseconds: number) => Promise<void>) | undefined;
  #sleepMilliseconds: number;

  /**
   * @param seconds TTL in whole seconds; 0 = no expiry (Laravel's default)
   * @param owner   the owner string; null = a random 16-char one (`Str::random()`)
   */
  constructor(name: string, seconds: number, owner: string | null, options: BaseLockOptions) {
    if (!Number.isInteger(seconds) || seconds < 0) {
      throw new RangeError(`Lock [${name}] seconds must be a whole number >= 0, got ${seconds}.`);
    }
    this.name = name;
    this.#seconds = seconds;
    this.#owner = owner ?? randomOwner();
    this.#clock = options.clock;
    this.#sleep = options.sleep;
    this.#sleepMilliseconds = options.sleepMilliseconds ?? 250;
  }

  /** `Lock::acquire()`: one attempt. */
  abstract acquire(): Promise<boolean>;
  /** `Lock::release()`: only the owner's release deletes; false otherwise. */
  abstract release(): Promise<boolean>;
  /** `Lock::forceRelease()`: delete whoever holds it. */
  abstract forceRelease(): Promise<void>;
  /** `Lock::refresh($seconds)` (13.16): reset the TTL if we own it; 0 = no expiry. */
  abstract refresh(seconds?: number): Promise<boolean>;
  /** `Lock::getCurrentOwner()`: the stored owner, null when nobody holds it. */
  protected abstract currentOwner(): Promise<string | null>;

  /** The TTL this lock is taken with, in seconds (0 = none). */
  get seconds(): number {
    return this.#seconds;
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
  block<T>(seconds: number, callback?: () => T | Promise<T>): Promise<T | true> {
    const acquired = this.#pollUntilAcquired(seconds, (next) => this.attemptThen(next));
    if (callback === undefined) return acquired;
    return acquired.then(async () => {
      try {
        return await callback();
      } finally {
        await this.release();
      }
    });
  }

  /**
   * One attempt whose result goes to `next` straight from the driver's reply: block()'s attempts.
   * Under contention every promise hop between the acquire reply and the caller's next command
   * (its release) decides whether another waiter's SET lands right behind that release or just
   * before it; with `await`-based layers block() handed a lock over at 0.6x the rate of a
   * hand-written `await SET NX` loop (bench/cases/lock.bench.ts, 10 contending workers). Drivers
   * whose acquire() maps a raw reply override this to map it inside the same callback.
   */
  protected attemptThen<T>(next: (acquired: boolean) => T | PromiseLike<T>): Promise<T> {
    return this.acquire().then(next);
  }

  /** Laravel's polling loop with another attempt (e.g. `acquireFenced`) and an abort signal. */
  waitUntilAcquired(seconds: number, attempt: () => Promise<unknown>, signal?: AbortSignal): Promise<void> {
    return this.#pollUntilAcquired(
      seconds,
      (next) => attempt().then((result) => next(Boolean(result))),
      signal,
    ).then(() => undefined);
  }

  /**
   * Laravel's `block()` loop: attempt; on failure give up when `now + sleep - seconds*1000 >= start`,
   * else sleep and attempt again. Written as callbacks on one promise that the winning attempt
   * resolves from inside its own reply callback (see attemptThen() for why the hops matter).
   */
  #pollUntilAcquired(
    seconds: number,
    attemptThen: (next: (acquired: boolean) => void) => Promise<void>,
    signal?: AbortSignal,
  ): Promise<true> {
    const clock = this.#clock ?? systemClock;
    const sleep = this.#sleep ?? defaultSleep;
    const start = clock.now();
    const budget = seconds * 1000;
    return new Promise<true>((resolve, reject) => {
      const retry = (): void => {
        signal?.throwIfAborted();
        const now = clock.now();
        if (now + this.#sleepMilliseconds - budget >= start) {
          throw new LockTimeoutError(this.name, (now - start) / 1000);
        }
        sleep(this.#sleepMilliseconds).then(afterSleep).catch(reject);
      };
      const afterSleep = (): void => {
        signal?.throwIfAborted();
        attempt();
      };
      const attempt = (): void => {
        attemptThen((ok) => (ok ? resolve(true) : retry())).catch(reject);
      };
      attempt();
    });
  }

  owner(): string {
    return this.#owner;
  }

  /** `Lock::isOwnedByCurrentProcess()`: the stored owner is ours. */
  isOwnedByCurrentProcess(): Promise<boolean> {
    return this.isOwnedBy(this.#owner);
  }

  /** `Lock::isOwnedBy($owner)` (Laravel 12). */
  async isOwnedBy(owner: string): Promise<boolean> {
    return (await this.currentOwner()) === owner;
  }

  /** `Lock::isLocked()` (Laravel 13.7): anyone holds it. */
  async isLocked(): Promise<boolean> {
    return (await this.currentOwner()) !== null;
  }

  /** `Lock::betweenBlockedAttemptsSleepFor($milliseconds)`. */
  betweenBlockedAttemptsSleepFor(milliseconds: number): this {
    this.#sleepMilliseconds = milliseconds;
    return this;
  }
}
