/**
 * The rate-limiting contracts (≈ Illuminate\Cache\RateLimiter and Illuminate\Cache\RateLimiting\Limit).
 * Interfaces only: the implementation lives in adapters/rate-limit. Laravel's RateLimiter sits on the
 * cache Repository; ours sits on a `RateLimiterStore`, which keeps Laravel's layout (`<key>` = hits,
 * `<key>:timer` = UNIX second the window ends, both under the cache prefix) but does each operation in
 * one round trip.
 *
 * Units: decays and waits are whole seconds, as in Laravel; timestamps are UNIX seconds.
 */

/** The result of `RateLimiter.consume()`: the check and the hit of ThrottleRequests in one step. */
export interface ConsumeResult {
  /** false: `tooManyAttempts` was true and nothing was counted. */
  allowed: boolean;
  /** Hits in the window after this call (when allowed) or as found (when refused). */
  attempts: number;
  /** `maxAttempts - attempts`, clamped at 0 where the Laravel version clamps. */
  remaining: number;
  /** Seconds until the window ends (`availableIn`); 0 when there is no window. */
  retryAfterSeconds: number;
  /** UNIX second the window ends (`<key>:timer`), or null when none exists. */
  availableAt: number | null;
}

/** The outcome of `RateLimiter.attempt()`. */
export type AttemptResult<T> =
  | { allowed: true; value: T; remaining: number; retryAfterSeconds: 0 }
  | { allowed: false; remaining: 0; retryAfterSeconds: number };

/**
 * Storage for Laravel's cache-based limiter. Keys are CLEANED limiter keys without any prefix (the
 * store adds the cache prefix, the connection adds REDIS_PREFIX). Each method is one round trip.
 */
export interface RateLimiterStore {
  /** `RateLimiter::increment`: add `amount` (may be negative), opening the window if needed. */
  increment(key: string, decaySeconds: number, amount: number, availableAt: number): Promise<number>;
  /** `RateLimiter::tooManyAttempts`, including its side effect (a stale counter without timer is deleted). */
  tooManyAttempts(key: string, maxAttempts: number): Promise<boolean>;
  /** tooManyAttempts, then increment when allowed: ThrottleRequests' per-limit step. */
  consume(
    key: string,
    maxAttempts: number,
    decaySeconds: number,
    amount: number,
    availableAt: number,
  ): Promise<{ allowed: boolean; attempts: number; availableAt: number | null }>;
  /** `RateLimiter::attempts`: the counter (0 when missing). */
  attempts(key: string): Promise<number>;
  /** The `<key>:timer` value (UNIX seconds), or null. */
  availableAt(key: string): Promise<number | null>;
  /** `forget` of the counter, and of the timer when `withTimer`. True when the counter existed. */
  forget(key: string, withTimer: boolean): Promise<boolean>;
}

/** What a named limiter callback may return: one limit, several, none (unlimited) or a response. */
export type NamedLimiterResult<Response = unknown> = LimitSpec | readonly LimitSpec[] | null | Response;

/** `RateLimiter::for($name, $callback)`: builds the limits for one request. */
export type NamedLimiter<Request = unknown, Response = unknown> = (
  request: Request,
) => NamedLimiterResult<Response> | Promise<NamedLimiterResult<Response>>;

/** The fields of a `Limit` (`Illuminate\Cache\RateLimiting\Limit`). */
export interface LimitSpec {
  /** `$limit->key` (before the middleware's md5). */
  readonly key: string;
  readonly maxAttempts: number;
  /** `$limit->decaySeconds` (Laravel 8/9 keep minutes; we keep seconds for every version). */
  readonly decaySeconds: number;
  /** Laravel's `Unlimited` (`Limit::none()`). */
  readonly unlimited: boolean;
}

/** `Illuminate\Cache\RateLimiter`, asynchronous. */
export interface RateLimiter {
  /** `RateLimiter::for($name, $callback)`. */
  for<Request, Response>(name: string, callback: NamedLimiter<Request, Response>): this;
  /** `RateLimiter::limiter($name)`: the callback, or undefined. */
  limiter(name: string): NamedLimiter | undefined;
  /** `RateLimiter::attempt`: check, run the callback, then hit. */
  attempt<T>(
    key: string,
    maxAttempts: number,
    callback: () => T | Promise<T>,
    decaySeconds?: number,
  ): Promise<AttemptResult<T>>;
  /** `RateLimiter::tooManyAttempts`. */
  tooManyAttempts(key: string, maxAttempts: number): Promise<boolean>;
  /** `RateLimiter::hit`: the hits in the window. @default decaySeconds 60 */
  hit(key: string, decaySeconds?: number): Promise<number>;
  /** `RateLimiter::increment` (Laravel 10.44+). */
  increment(key: string, decaySeconds?: number, amount?: number): Promise<number>;
  /** `RateLimiter::decrement` (Laravel 11+). */
  decrement(key: string, decaySeconds?: number, amount?: number): Promise<number>;
  /** tooManyAttempts + hit in one round trip (what ThrottleRequests does per limit). */
  consume(key: string, maxAttempts: number, decaySeconds?: number, amount?: number): Promise<ConsumeResult>;
  /** `RateLimiter::attempts`. */
  attempts(key: string): Promise<number>;
  /** `RateLimiter::resetAttempts`. */
  resetAttempts(key: string): Promise<boolean>;
  /** `RateLimiter::remaining`. */
  remaining(key: string, maxAttempts: number): Promise<number>;
  /** `RateLimiter::retriesLeft` (= remaining). */
  retriesLeft(key: string, maxAttempts: number): Promise<number>;
  /** `RateLimiter::clear`: counter and timer. */
  clear(key: string): Promise<void>;
  /** `RateLimiter::availableIn`: seconds until the window ends, >= 0. */
  availableIn(key: string): Promise<number>;
  /** `RateLimiter::cleanRateLimiterKey`. */
  cleanRateLimiterKey(key: string): string;
}
