/**
 * `laravel-redis-bridge/rate-limit`: Laravel-compatible rate limiting and login throttling
 * (explicit export list).
 */

export type {
  AttemptResult,
  ConsumeResult,
  LimitSpec,
  NamedLimiter,
  NamedLimiterResult,
  RateLimiterStore,
} from "../../src/contracts/rate-limit.js";
export {
  InvalidRateLimitError,
  MissingRateLimiterError,
  RateLimiterUnavailableError,
  type RateLimitFailPolicy,
} from "../../src/errors/rate-limit-errors.js";
export {
  type BruteForceOptions,
  BruteForceProtection,
  type BruteForceRule,
  type BruteForceVerdict,
} from "./brute-force.js";
export { cleanRateLimiterKey } from "./clean-key.js";
export { clientIp } from "./client-ip.js";
export { DurationLimiter } from "./duration-limiter.js";
export { Limit, type LimitAfter, type LimitResponder } from "./limit.js";
export {
  LoginThrottle,
  type LoginThrottleOptions,
  type LoginVerdict,
  throttleMessage,
} from "./login-throttle.js";
export { MemoryLimiterStore } from "./memory-limiter-store.js";
export { RateLimiter, type RateLimiterOptions } from "./rate-limiter.js";
export {
  createRateLimiting,
  type RateLimiting,
  type RateLimitingOptions,
  type RateLimitingServices,
} from "./rate-limiting.js";
export { RedisLimiterStore } from "./redis-limiter-store.js";
export {
  type FailPolicyOptions,
  type FailPolicyStats,
  type LimiterLogger,
  ResilientLimiterStore,
} from "./resilient-limiter-store.js";
export type { RequestIdentity, ThrottleSpec } from "./throttle-limits.js";
export { type ThrottleRequestsOptions, throttleRequests } from "./throttle-requests.js";
export {
  type ThrottleRequestsWithRedisOptions,
  throttleRequestsWithRedis,
} from "./throttle-requests-with-redis.js";
export { loginThrottleKey, lower, transliterate } from "./transliterate.js";
