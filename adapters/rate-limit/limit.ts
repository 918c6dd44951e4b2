/**
 * `Illuminate\Cache\RateLimiting\Limit` (and `Unlimited`): what a named limiter returns for a
 * request. Decays are kept in seconds for every Laravel version (8.x stores minutes; the keys and
 * TTLs in Redis come out the same).
 */
import type { LimitSpec } from "../../src/contracts/rate-limit.js";
import { InvalidRateLimitError } from "../../src/errors/rate-limit-errors.js";

/**
 * What the throttle middleware sends when a limit is exceeded, instead of Laravel's 429: the
 * callback gets the request, the response and the headers Laravel would add (`Limit::response()`).
 */
export type LimitResponder<Request = unknown, Response = unknown> = (
  request: Request,
  response: Response,
  headers: Readonly<Record<string, string>>,
) => void | Promise<void>;

const PHP_INT_MAX = Number.MAX_SAFE_INTEGER;

function whole(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new InvalidRateLimitError(field, value);
  return value;
}

/** `Limit`: `maxAttempts` per `decaySeconds`, counted under `key`. */
export class Limit implements LimitSpec {
  key: string;
  readonly maxAttempts: number;
  readonly decaySeconds: number;
  readonly unlimited: boolean;
  responseCallback: LimitResponder | undefined;

  constructor(key = "", maxAttempts = 60, decaySeconds = 60, unlimited = false) {
    this.key = key;
    this.maxAttempts = whole("maxAttempts", maxAttempts);
    this.decaySeconds = whole("decaySeconds", decaySeconds);
    this.unlimited = unlimited;
    this.responseCallback = undefined;
  }

  /** `Limit::perSecond($maxAttempts, $decaySeconds = 1)` (Laravel 10+). */
  static perSecond(maxAttempts: number, decaySeconds = 1): Limit {
    return new Limit("", maxAttempts, decaySeconds);
  }

  /** `Limit::perMinute($maxAttempts, $decayMinutes = 1)`. */
  static perMinute(maxAttempts: number, decayMinutes = 1): Limit {
    return new Limit("", maxAttempts, 60 * decayMinutes);
  }

  /** `Limit::perMinutes($decayMinutes, $maxAttempts)`. */
  static perMinutes(decayMinutes: number, maxAttempts: number): Limit {
    return new Limit("", maxAttempts, 60 * decayMinutes);
  }

  /** `Limit::perHour($maxAttempts, $decayHours = 1)`. */
  static perHour(maxAttempts: number, decayHours = 1): Limit {
    return new Limit("", maxAttempts, 3600 * decayHours);
  }

  /** `Limit::perDay($maxAttempts, $decayDays = 1)`. */
  static perDay(maxAttempts: number, decayDays = 1): Limit {
    return new Limit("", maxAttempts, 86_400 * decayDays);
  }

  /** `Limit::none()`: Laravel's `Unlimited` (PHP_INT_MAX attempts); the middleware counts nothing. */
  static none(): Limit {
    return new Limit("", PHP_INT_MAX, 60, true);
  }

  /** `$limit->by($key)`: the key the limit counts under (before the middleware's md5). */
  by(key: string | number | bigint): this {
    this.key = String(key);
    return this;
  }

  /** `$limit->response($callback)`: a custom response when the limit is exceeded. */
  response<Request, Response>(callback: LimitResponder<Request, Response>): this {
    this.responseCallback = callback as LimitResponder;
    return this;
  }

  /** `Limit::fallbackKey()` (Laravel 11+): the key for duplicates within one named limiter. */
  fallbackKey(): string {
    const prefix = this.key !== "" ? `${this.key}:` : "";
    return `${prefix}attempts:${this.maxAttempts}:decay:${this.decaySeconds}`;
  }
}
