/**
 * `Illuminate\Cache\RateLimiter` (laravel-formats.md §4.1) on a RateLimiterStore: Laravel's keys
 * (`<key>` and `<key>:timer` under the cache prefix), values and TTLs, so PHP's RateLimiter and this
 * one count the same attempts; one round trip per call.
 *
 * Deliberate deviation: Laravel cleans the key twice in `remaining()`/`clear()` (and, before 9.14,
 * in `tooManyAttempts()`), so for keys with `'`, `¹²³`, `¼½¾` or `∴` it reads/deletes a counter
 * nobody writes (PHP 8's login throttle never locks out `o'brien@…`). We clean once everywhere:
 * Node reads the counter PHP's `hit()` writes, which is the stricter answer.
 */
import type {
  AttemptResult,
  ConsumeResult,
  NamedLimiter,
  RateLimiter as RateLimiterContract,
  RateLimiterStore,
} from "../../src/contracts/rate-limit.js";
import { type Clock, systemClock, unixSeconds } from "../../src/support/clock.js";
import { cleanRateLimiterKey } from "./clean-key.js";

export interface RateLimiterOptions {
  /** Whole-second time for windows (`availableAt`, `availableIn`). @default systemClock */
  clock?: Clock;
  /** `RateLimiter::remaining()` clamps at 0 (Laravel 12.40+; `rateLimitFormat(v).remainingClampsAtZero`). @default true */
  remainingClampsAtZero?: boolean;
}

function checkWhole(name: string, value: number): void {
  if (!Number.isInteger(value)) throw new TypeError(`RateLimiter: ${name} must be an integer, got ${value}.`);
}

/** `Illuminate\Cache\RateLimiter`. */
export class RateLimiter implements RateLimiterContract {
  readonly #store: RateLimiterStore;
  readonly #clock: Clock;
  readonly #clamp: boolean;
  readonly #limiters = new Map<string, NamedLimiter>();

  constructor(store: RateLimiterStore, options: RateLimiterOptions = {}) {
    this.#store = store;
    this.#clock = options.clock ?? systemClock;
    this.#clamp = options.remainingClampsAtZero ?? true;
  }

  /** The store the counters live in. */
  get store(): RateLimiterStore {
    return this.#store;
  }

  /** `RateLimiter::for($name, $callback)`: register a named limiter for `throttle(name)`. */
  for<Request, Response>(name: string, callback: NamedLimiter<Request, Response>): this {
    this.#limiters.set(name, callback as NamedLimiter);
    return this;
  }

  /** `RateLimiter::limiter($name)`. */
  limiter(name: string): NamedLimiter | undefined {
    return this.#limiters.get(name);
  }

  /** The names registered with `for()`. */
  limiterNames(): string[] {
    return [...this.#limiters.keys()];
  }

  /**
   * `RateLimiter::attempt($key, $max, $callback, $decaySeconds = 60)`: refused without running the
   * callback when too many attempts; otherwise runs it, then hits (a callback that throws is not counted).
   */
  async attempt<T>(
    key: string,
    maxAttempts: number,
    callback: () => T | Promise<T>,
    decaySeconds = 60,
  ): Promise<AttemptResult<T>> {
    if (await this.tooManyAttempts(key, maxAttempts)) {
      return { allowed: false, remaining: 0, retryAfterSeconds: await this.availableIn(key) };
    }
    const value = await callback();
    const hits = await this.hit(key, decaySeconds);
    return { allowed: true, value, remaining: this.#remaining(maxAttempts, hits), retryAfterSeconds: 0 };
  }

  /** `RateLimiter::tooManyAttempts($key, $maxAttempts)`. */
  tooManyAttempts(key: string, maxAttempts: number): Promise<boolean> {
    return this.#store.tooManyAttempts(cleanRateLimiterKey(key), maxAttempts);
  }

  /** `RateLimiter::hit($key, $decaySeconds = 60)`: the hits in the window, this one included. */
  hit(key: string, decaySeconds = 60): Promise<number> {
    return this.increment(key, decaySeconds, 1);
  }

  /** `RateLimiter::increment($key, $decaySeconds = 60, $amount = 1)` (Laravel 10.44+). */
  increment(key: string, decaySeconds = 60, amount = 1): Promise<number> {
    checkWhole("decaySeconds", decaySeconds);
    checkWhole("amount", amount);
    return this.#store.increment(
      cleanRateLimiterKey(key),
      decaySeconds,
      amount,
      this.#availableAt(decaySeconds),
    );
  }

  /** `RateLimiter::decrement($key, $decaySeconds = 60, $amount = 1)` (Laravel 11+). */
  decrement(key: string, decaySeconds = 60, amount = 1): Promise<number> {
    return this.increment(key, decaySeconds, -amount);
  }

  /**
   * ThrottleRequests' per-limit step in one round trip: `tooManyAttempts()`; when allowed,
   * `hit()`. The result carries what the middleware's headers need.
   */
  consume(key: string, maxAttempts: number, decaySeconds = 60, amount = 1): Promise<ConsumeResult> {
    checkWhole("decaySeconds", decaySeconds);
    const now = unixSeconds(this.#clock);
    // .then rather than async/await: this is the throttle middleware's hot path.
    return this.#store
      .consume(cleanRateLimiterKey(key), maxAttempts, decaySeconds, amount, now + decaySeconds)
      .then((r) => ({
        allowed: r.allowed,
        attempts: r.attempts,
        remaining: r.allowed ? this.#remaining(maxAttempts, r.attempts) : 0,
        retryAfterSeconds: r.allowed || r.availableAt === null ? 0 : Math.max(0, r.availableAt - now),
        availableAt: r.availableAt,
      }));
  }

  /** `RateLimiter::attempts($key)`. */
  attempts(key: string): Promise<number> {
    return this.#store.attempts(cleanRateLimiterKey(key));
  }

  /** `RateLimiter::resetAttempts($key)`: deletes the counter (not the timer). */
  resetAttempts(key: string): Promise<boolean> {
    return this.#store.forget(cleanRateLimiterKey(key), false);
  }

  /** `RateLimiter::remaining($key, $maxAttempts)`. */
  async remaining(key: string, maxAttempts: number): Promise<number> {
    return this.#remaining(maxAttempts, await this.attempts(key));
  }

  /** `RateLimiter::retriesLeft($key, $maxAttempts)`. */
  retriesLeft(key: string, maxAttempts: number): Promise<number> {
    return this.remaining(key, maxAttempts);
  }

  /** `RateLimiter::clear($key)`: counter and timer. */
  async clear(key: string): Promise<void> {
    await this.#store.forget(cleanRateLimiterKey(key), true);
  }

  /** `RateLimiter::availableIn($key)`: seconds until the window ends, never negative. */
  async availableIn(key: string): Promise<number> {
    const at = await this.#store.availableAt(cleanRateLimiterKey(key));
    // PHP: max(0, null - now) = 0 when there is no timer.
    return Math.max(0, (at ?? 0) - unixSeconds(this.#clock));
  }

  /** `RateLimiter::cleanRateLimiterKey($key)`. */
  cleanRateLimiterKey(key: string): string {
    return cleanRateLimiterKey(key);
  }

  #availableAt(decaySeconds: number): number {
    return unixSeconds(this.#clock) + decaySeconds;
  }

  #remaining(maxAttempts: number, attempts: number): number {
    const left = maxAttempts - attempts;
    return this.#clamp ? Math.max(0, left) : left;
  }
}
