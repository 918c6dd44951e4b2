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

/**
 * `Limit::after()` (Laravel 12.32+): given the response, whether this request counts against the
 * limit (truthy = hit). It runs when the response's headers are written (status and headers final,
 * no body) and must answer synchronously: a returned promise is truthy, so it counts.
 */
export type LimitAfter<Response = unknown> = (response: Response) => unknown;

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
  afterCallback: LimitAfter | undefined;

  constructor(key = "", maxAttempts = 60, decaySeconds = 60, unlimited = false) {
    this.key = key;
    this.maxAttempts = whole("maxAttempts", maxAttempts);
    this.decaySeconds = whole("decaySeconds", decaySeconds);
    this.unlimited = unlimited;
    this.responseCallback = undefined;
    this.afterCallback = undefined;
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

  /**
   * `$limit->after($callback)` (Laravel 12.32+): count the request only when the callback accepts
   * its response, e.g. `.after((res: express.Response) => res.statusCode === 404)`. The check still
   * runs before the handler; the hit is sent once the response is finished. On an older
   * LARAVEL_VERSION the limit counts every request up front, as that Laravel does.
   */
  after<Response>(callback: LimitAfter<Response>): this {
    this.afterCallback = callback as LimitAfter;
    return this;
  }

  /** `Limit::fallbackKey()` (Laravel 11+): the key for duplicates within one named limiter. */
  fallbackKey(): string {
    const prefix = this.key !== "" ? `${this.key}:` : "";
    return `${prefix}attempts:${this.maxAttempts}:decay:${this.decaySeconds}`;
  }
}
