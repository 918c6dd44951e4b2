import { BridgeError } from "./bridge-error.js";

/** How a limiter behaves while its store (Redis) cannot answer. See adapters/rate-limit/README. */
export type RateLimitFailPolicy = "insurance" | "fail-closed" | "fail-open";

/**
 * A limiter with the `fail-closed` policy could not reach its store, so it refuses to decide:
 * callers must treat the request as refused (the middleware answers 503 with Retry-After).
 */
export class RateLimiterUnavailableError extends BridgeError {
  readonly code = "ERR_RATE_LIMIT_UNAVAILABLE" as const;
  /** The limiter's name (`login`, `api`, or `limiter` for the plain RateLimiter). */
  readonly limiter: string;
  /** Seconds after which a retry makes sense (the Retry-After of the 503). */
  readonly retryAfterSeconds: number;

  constructor(limiter: string, retryAfterSeconds: number, options?: { cause?: unknown }) {
    super(
      `Rate limiter [${limiter}] cannot reach its store and fails closed: the request is refused. ` +
        "Check the Redis connection of the limiter's cache store (laravel-bridge doctor), or choose the " +
        "'insurance' policy to count in memory while Redis is down.",
      options,
    );
    this.limiter = limiter;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** `throttle('name')` names a limiter nobody defined with `RateLimiter.for()` (Laravel's MissingRateLimiterException). */
export class MissingRateLimiterError extends BridgeError {
  readonly code = "ERR_RATE_LIMITER_MISSING" as const;
  readonly limiter: string;

  constructor(limiter: string, defined: readonly string[]) {
    super(
      `Rate limiter [${limiter}] is not defined. Define it with limiter.for(${JSON.stringify(limiter)}, (req) => Limit.perMinute(60).by(key)) ` +
        `before the first request${defined.length > 0 ? ` (defined: ${defined.join(", ")})` : ""}.`,
    );
    this.limiter = limiter;
  }
}

/** A limit or decay that Laravel would not accept (negative, fractional, NaN). */
export class InvalidRateLimitError extends BridgeError {
  readonly code = "ERR_RATE_LIMIT" as const;
  readonly field: string;

  constructor(field: string, value: unknown) {
    super(`Rate limit ${field} must be a whole number >= 0, got ${String(value)}.`);
    this.field = field;
  }
}
