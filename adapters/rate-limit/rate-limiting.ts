/**
 * `createRateLimiting(config, services)`: everything rate limiting needs, built once from the
 * resolved config, for `bridge.ts` to expose as `bridge.limiter`, `bridge.throttle()`,
 * `bridge.throttleWithRedis()` and `bridge.throttleLogins()`.
 *
 * The limiter store is Laravel's: `cache.limiter` (CACHE_LIMITER, 11+) or the default cache store.
 * A `redis` store keeps the counters where PHP keeps them (its connection, its prefix); any other
 * driver counts in memory, like Laravel's array store (not shared with PHP).
 */
import type { RequestHandler } from "express";
import type { CacheConfig } from "../../src/config/bridge-config.js";
import { type LaravelVersion, rateLimitFormat } from "../../src/config/laravel-versions.js";
import type { RateLimiterStore } from "../../src/contracts/rate-limit.js";
import type { RateLimitFailPolicy } from "../../src/errors/rate-limit-errors.js";
import type { RedisClient } from "../../src/redis/client.js";
import type { Clock } from "../../src/support/clock.js";
import { LoginThrottle, type LoginThrottleOptions } from "./login-throttle.js";
import { MemoryLimiterStore } from "./memory-limiter-store.js";
import { RateLimiter } from "./rate-limiter.js";
import { RedisLimiterStore } from "./redis-limiter-store.js";
import { type LimiterLogger, ResilientLimiterStore } from "./resilient-limiter-store.js";
import type { RequestIdentity, ThrottleSpec } from "./throttle-limits.js";
import { throttleRequests } from "./throttle-requests.js";
import { throttleRequestsWithRedis } from "./throttle-requests-with-redis.js";

export interface RateLimitingServices {
  connections: { connection(name?: string): RedisClient };
  clock?: Clock;
  logger?: LimiterLogger;
}

export interface RateLimitingOptions {
  /** Redis-down policy of `limiter` and `throttle()`. @default "insurance" */
  failPolicy?: RateLimitFailPolicy;
  /** Decision budget before the policy applies, ms. @default 1000 */
  timeoutMs?: number;
  /** Request identity defaults for every throttle (resolveUser, ip, routeDomain, hashKeys). */
  identity?: RequestIdentity;
}

export interface RateLimiting {
  /** `RateLimiter` facade: on the limiter store, with the fail policy. */
  limiter: RateLimiter;
  /** `throttle:` middleware (ThrottleRequests). */
  throttle(spec: ThrottleSpec, identity?: RequestIdentity): RequestHandler;
  /** ThrottleRequestsWithRedis (DurationLimiter on the `default` connection; fails closed). */
  throttleWithRedis(spec: ThrottleSpec, identity?: RequestIdentity): RequestHandler;
  /** Login throttling shared with Breeze/Fortify (policy `insurance` unless told otherwise). */
  throttleLogins(options?: LoginThrottleOptions): LoginThrottle;
  /** The store the counters live in (without the fail policy). */
  store: RateLimiterStore;
}

/** Builds the rate-limiting capability (see the file header). */
export function createRateLimiting(
  config: { cache: CacheConfig; laravelVersion: LaravelVersion },
  services: RateLimitingServices,
  options: RateLimitingOptions = {},
): RateLimiting {
  const format = rateLimitFormat(config.laravelVersion);
  const storeName = config.cache.limiter ?? config.cache.default;
  const storeConfig = config.cache.stores[storeName];
  const store: RateLimiterStore =
    storeConfig?.driver === "redis"
      ? new RedisLimiterStore(services.connections.connection(storeConfig.connection), storeConfig.prefix)
      : new MemoryLimiterStore();
  const clock = services.clock ? { clock: services.clock } : {};
  const logger = services.logger ? { logger: services.logger } : {};
  const timeout = options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {};
  const limiter = new RateLimiter(
    new ResilientLimiterStore(store, {
      name: "limiter",
      failPolicy: options.failPolicy ?? "insurance",
      ...timeout,
      ...logger,
    }),
    { ...clock, remainingClampsAtZero: format.remainingClampsAtZero },
  );
  const identity = options.identity ?? {};
  return {
    limiter,
    store,
    throttle: (spec, own) => throttleRequests(limiter, spec, { ...identity, ...own, format, ...clock }),
    throttleWithRedis: (spec, own) =>
      throttleRequestsWithRedis(services.connections.connection("default"), limiter, spec, {
        ...identity,
        ...own,
        format,
        ...clock,
      }),
    throttleLogins: (own) => new LoginThrottle(store, { ...clock, ...logger, ...timeout, ...own }),
  };
}
