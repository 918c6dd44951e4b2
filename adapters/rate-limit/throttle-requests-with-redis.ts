/**
 * `throttleRequestsWithRedis(redis, limiter, spec)`: Express middleware with the behaviour of
 * Laravel's `ThrottleRequestsWithRedis` (laravel-formats.md §4.5), for apps that route `throttle`
 * to it: same keys as ThrottleRequests, but each counter is a DurationLimiter hash on the DEFAULT
 * Redis connection (no cache prefix). Laravel 8–12.53 uses acquire() as the check (refused
 * requests count too); 12.54+ checks with the read-only script and hits with acquire()
 * (`redisThrottleReadOnlyCheck`). One round trip per limit on the old path, two on the new.
 * While Redis is down it fails closed: 503 with Retry-After. `Limit.after()` is not honoured here:
 * such a limit counts every request up front (stricter than Laravel 12.54+, which counts it after
 * the response).
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { RateLimitFormat } from "../../src/config/laravel-versions.js";
import { type Clock, systemClock, unixSeconds } from "../../src/support/clock.js";
import { DurationLimiter, type DurationRedisClient } from "./duration-limiter.js";
import type { RateLimiter } from "./rate-limiter.js";
import { isStoreUnavailable } from "./resilient-limiter-store.js";
import { type RequestIdentity, resolveLimits, type ThrottleSpec } from "./throttle-limits.js";
import { versionedIdentity } from "./throttle-requests.js";
import {
  addRateLimitHeaders,
  rateLimitHeaders,
  sendTooManyAttempts,
  sendUnavailable,
} from "./throttle-response.js";

export interface ThrottleRequestsWithRedisOptions extends RequestIdentity {
  /** `rateLimitFormat(config.laravelVersion)`. @default Laravel 12 (read-only check) */
  format?: Pick<
    RateLimitFormat,
    "redisThrottleReadOnlyCheck" | "duplicateKeysFallback" | "shouldHashKeysOption"
  >;
  clock?: Clock;
}

/**
 * ≈ `Illuminate\Routing\Middleware\ThrottleRequestsWithRedis`. `limiters` supplies the named
 * limiters (`RateLimiter.for()`); `redis` is the `default` connection.
 */
export function throttleRequestsWithRedis(
  redis: DurationRedisClient,
  limiters: RateLimiter,
  spec: ThrottleSpec,
  options: ThrottleRequestsWithRedisOptions = {},
): RequestHandler {
  const clock = options.clock ?? systemClock;
  const readOnlyCheck = options.format?.redisThrottleReadOnlyCheck ?? true;
  const identity: RequestIdentity = { ...versionedIdentity(options), limitAfter: false };

  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const limits = await resolveLimits(req, spec, limiters, identity);
      if (limits === "unlimited") return next();
      const remaining: number[] = [];
      for (const limit of limits) {
        const duration = new DurationLimiter(redis, limit.key, limit.maxAttempts, limit.decaySeconds, clock);
        const refused = readOnlyCheck ? await duration.tooManyAttempts() : !(await duration.acquire());
        if (refused) {
          const now = unixSeconds(clock);
          const headers = rateLimitHeaders(limit.maxAttempts, 0, duration.decaysAt - now, now);
          return await sendTooManyAttempts(req, res, headers, limit.responseCallback);
        }
        if (readOnlyCheck) await duration.acquire();
        remaining.push(duration.remaining);
      }
      limits.forEach((limit, i) => {
        addRateLimitHeaders(res, limit.maxAttempts, remaining[i] as number);
      });
      next();
    } catch (error) {
      // No insurance here: this variant fails closed (503) while Redis is down.
      if (isStoreUnavailable(error)) return sendUnavailable(req, res, 10);
      next(error);
    }
  };
}
