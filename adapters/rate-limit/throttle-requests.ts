/**
 * `throttleRequests(limiter, 'api' | { maxAttempts, decayMinutes, prefix })`: Express middleware with
 * the behaviour of Laravel's `ThrottleRequests` (`throttle:` middleware, laravel-formats.md §4.3) on
 * the cache-based RateLimiter, so a route throttled in Laravel and the same route in Node share
 * one budget. Each limit costs one round trip (check + hit in one script) where Laravel needs 4–5.
 *
 * Order (per Laravel version): check and hit each limit in turn, stopping at the first refusal
 * (8–12), or check every limit first and then hit them all (13, `checkAllLimitsFirst`). A limit
 * with `Limit.after()` (12.32+) is only checked up front and hit after the response, when its
 * callback accepts it (throttle-after.ts); its check costs two commands (check, attempts).
 * Deviation: `X-RateLimit-Remaining` is computed from this request's own hit, before the handler
 * runs (Laravel re-reads the counter afterwards; the numbers differ only under concurrency).
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { RateLimitFormat } from "../../src/config/laravel-versions.js";
import { ConfigError } from "../../src/errors/config-error.js";
import { RateLimiterUnavailableError } from "../../src/errors/rate-limit-errors.js";
import { type Clock, systemClock, unixSeconds } from "../../src/support/clock.js";
import type { RateLimiter } from "./rate-limiter.js";
import { countAfterResponse } from "./throttle-after.js";
import {
  limitsFor,
  type RequestIdentity,
  type RequestLimits,
  type ResolvedLimit,
  type ThrottleSpec,
} from "./throttle-limits.js";
import {
  addRateLimitHeaders,
  rateLimitHeaders,
  sendTooManyAttempts,
  sendUnavailable,
} from "./throttle-response.js";

export interface ThrottleRequestsOptions extends RequestIdentity {
  /** Version behaviour: `rateLimitFormat(config.laravelVersion)`. @default Laravel 12 */
  format?: Pick<
    RateLimitFormat,
    "checkAllLimitsFirst" | "duplicateKeysFallback" | "limitAfter" | "shouldHashKeysOption"
  >;
  clock?: Clock;
}

interface Refusal {
  limit: ResolvedLimit;
  retryAfterSeconds: number;
}

/** ≈ `Illuminate\Routing\Middleware\ThrottleRequests`. */
export function throttleRequests(
  limiter: RateLimiter,
  spec: ThrottleSpec,
  options: ThrottleRequestsOptions = {},
): RequestHandler {
  const clock = options.clock ?? systemClock;
  const identity = versionedIdentity(options);
  const checkAllFirst = options.format?.checkAllLimitsFirst ?? false;

  // Written with .then rather than async/await, and the usual request (limits known at once, one
  // limit) goes straight to consume(): this runs on every request of a throttled route.
  const fail = (req: Request, res: Response, next: NextFunction, error: unknown): void => {
    if (error instanceof RateLimiterUnavailableError) sendUnavailable(req, res, error.retryAfterSeconds);
    else next(error);
  };

  const several = async (req: Request, res: Response, next: NextFunction, limits: ResolvedLimit[]) => {
    const outcome = checkAllFirst
      ? await checkAllThenHit(limiter, limits)
      : await checkAndHitInTurn(limiter, limits);
    if ("refused" in outcome) return await refuse(req, res, outcome.refused, clock);
    if (limits.some((l) => l.afterCallback !== undefined)) {
      countAfterResponse(res, limiter, limits, outcome.remaining);
    } else {
      outcome.remaining.forEach((remaining, i) => {
        addRateLimitHeaders(res, (limits[i] as ResolvedLimit).maxAttempts, remaining);
      });
    }
    next();
  };

  const passed = (res: Response, next: NextFunction, limit: ResolvedLimit, remaining: number): void => {
    addRateLimitHeaders(res, limit.maxAttempts, remaining);
    next();
  };

  /** Never throws: whatever fails (a bad decay, headers already sent) reaches fail(), like a rejection. */
  const apply = (req: Request, res: Response, next: NextFunction, limits: RequestLimits): void => {
    try {
      if (limits === "unlimited") {
        next();
        return;
      }
      if (limits.length !== 1 || (limits[0] as ResolvedLimit).afterCallback !== undefined) {
        several(req, res, next, limits).catch((error: unknown) => fail(req, res, next, error));
        return;
      }
      // One limit counted up front, every version: "check all, then hit all" (13) and "check and hit in turn"
      // (8-12) are then the same steps, which consume() does in one round trip (checkAllThenHit
      // needs two).
      const limit = limits[0] as ResolvedLimit;
      limiter.consume(limit.key, limit.maxAttempts, limit.decaySeconds).then(
        (r) => {
          if (r.allowed) {
            try {
              passed(res, next, limit, r.remaining);
            } catch (error) {
              fail(req, res, next, error);
            }
            return;
          }
          refuse(req, res, { limit, retryAfterSeconds: r.retryAfterSeconds }, clock).catch((error: unknown) =>
            fail(req, res, next, error),
          );
        },
        (error: unknown) => fail(req, res, next, error),
      );
    } catch (error) {
      fail(req, res, next, error);
    }
  };

  return (req: Request, res: Response, next: NextFunction): void => {
    let limits: RequestLimits | Promise<RequestLimits>;
    try {
      limits = limitsFor(req, spec, limiter, identity);
    } catch (error) {
      fail(req, res, next, error);
      return;
    }
    if (limits instanceof Promise) {
      limits.then(
        (resolved) => apply(req, res, next, resolved),
        (error: unknown) => fail(req, res, next, error),
      );
    } else apply(req, res, next, limits);
  };
}

/** ThrottleRequests' buildException: the 429 with Retry-After and X-RateLimit-Reset. */
function refuse(req: Request, res: Response, refusal: Refusal, clock: Clock): Promise<void> {
  const { limit, retryAfterSeconds } = refusal;
  const headers = rateLimitHeaders(limit.maxAttempts, 0, retryAfterSeconds, unixSeconds(clock));
  return sendTooManyAttempts(req, res, headers, limit.responseCallback);
}

/** `remaining[i]`: what limit i leaves with this request counted (after-limits: once counted). */
type Outcome = { refused: Refusal } | { remaining: number[] };

/**
 * An after-limit's check: tooManyAttempts and the attempts, sent together (Redis runs them in
 * order, so the count is read after a stale counter was reset). Null when refused.
 */
async function checkOnly(limiter: RateLimiter, limit: ResolvedLimit): Promise<number | null> {
  const [blocked, attempts] = await Promise.all([
    limiter.tooManyAttempts(limit.key, limit.maxAttempts),
    limiter.attempts(limit.key),
  ]);
  return blocked ? null : Math.max(0, limit.maxAttempts - attempts - 1);
}

async function checkAndHitInTurn(limiter: RateLimiter, limits: ResolvedLimit[]): Promise<Outcome> {
  const remaining: number[] = [];
  for (const limit of limits) {
    if (limit.afterCallback !== undefined) {
      const left = await checkOnly(limiter, limit);
      if (left === null) return { refused: await refusal(limiter, limit) };
      remaining.push(left);
      continue;
    }
    const r = await limiter.consume(limit.key, limit.maxAttempts, limit.decaySeconds);
    if (!r.allowed) return { refused: { limit, retryAfterSeconds: r.retryAfterSeconds } };
    remaining.push(r.remaining);
  }
  return { remaining };
}

async function checkAllThenHit(limiter: RateLimiter, limits: ResolvedLimit[]): Promise<Outcome> {
  const checks = await Promise.all(
    limits.map((l) =>
      l.afterCallback !== undefined
        ? checkOnly(limiter, l)
        : limiter.tooManyAttempts(l.key, l.maxAttempts).then((blocked) => (blocked ? null : 0)),
    ),
  );
  const first = checks.indexOf(null);
  if (first >= 0) return { refused: await refusal(limiter, limits[first] as ResolvedLimit) };
  const remaining = await Promise.all(
    limits.map((l, i) =>
      l.afterCallback !== undefined
        ? (checks[i] as number)
        : limiter.hit(l.key, l.decaySeconds).then((hits) => Math.max(0, l.maxAttempts - hits)),
    ),
  );
  return { remaining };
}

async function refusal(limiter: RateLimiter, limit: ResolvedLimit): Promise<Refusal> {
  return { limit, retryAfterSeconds: await limiter.availableIn(limit.key) };
}

/**
 * The identity with the Laravel version's knobs filled in. `hashKeys: false` needs
 * `ThrottleRequests::shouldHashKeys()` (10.13.3+): before, Laravel always hashes, so raw keys would
 * count apart from PHP's; refused at set-up rather than splitting the budget silently.
 */
export function versionedIdentity(
  options: RequestIdentity & { format?: Partial<RateLimitFormat> },
): RequestIdentity {
  if (options.hashKeys === false && options.format?.shouldHashKeysOption === false) {
    throw new ConfigError(
      "hashKeys",
      "false needs ThrottleRequests::shouldHashKeys(), which Laravel has from 10.13.3 on; with this " +
        "LARAVEL_VERSION Laravel always hashes throttle keys, so raw keys would not be shared with PHP.",
    );
  }
  return {
    ...options,
    duplicateKeysFallback: options.duplicateKeysFallback ?? options.format?.duplicateKeysFallback ?? true,
    limitAfter: options.limitAfter ?? options.format?.limitAfter ?? true,
  };
}
