/**
 * `laravel-redis-bridge`: the root entry. Most services need only `createBridge()`; the codecs and
 * each capability also have their own subpath (`laravel-redis-bridge/php`, `/encryption`, `/cache`, ...).
 * Explicit export list: the public surface is reviewed here (test/unit/exports.test.ts snapshots it).
 */

export { Bridge, type BridgeOptions, createBridge } from "./bridge.js";
export { appCipher, appKeyBytes, previousKeyBytes } from "./config/app-key.js";
export type {
  AppConfig,
  BridgeConfig,
  CacheConfig,
  CacheStoreConfig,
  DatabaseConfig,
  Provenance,
  QueueConfig,
  RedisConfig,
  RedisConnectionConfig,
  SessionConfig,
  ValueSource,
} from "./config/bridge-config.js";
export { type KeyExample, keyLayout } from "./config/key-layout.js";
export { LARAVEL_VERSIONS, type LaravelVersion } from "./config/laravel-versions.js";
export { type ConfigOverrides, type ResolveConfigOptions, resolveConfig } from "./config/resolve.js";
export type {
  Lock,
  LockProvider,
  Repository as CacheRepository,
  Store as CacheStore,
} from "./contracts/cache.js";
export { BridgeError, type BridgeErrorCode } from "./errors/bridge-error.js";
export { CacheFormatError, CacheStoreUndefinedError, CacheUnavailableError } from "./errors/cache-errors.js";
export { PhpConversionError, PhpSerializeError, PhpUnserializeError } from "./errors/codec-errors.js";
export { ConfigError } from "./errors/config-error.js";
export { RedisConnectionError, type RedisConnectionErrorKind } from "./errors/connection-error.js";
export { DecryptError, type DecryptErrorReason } from "./errors/decrypt-error.js";
export { EncryptError } from "./errors/encrypt-error.js";
export { InvalidCookieError } from "./errors/invalid-cookie-error.js";
export {
  FenceRegressionError,
  LockContendedError,
  LockLostError,
  LockTimeoutError,
  LockUnavailableError,
} from "./errors/lock-errors.js";
export {
  ClockSkewError,
  EnqueueOutcomeUnknownError,
  FailedJobStoreError,
  InvalidPayloadError,
  JobTimeoutError,
  ManuallyFailedError,
  MaxAttemptsExceededError,
  QueueConfigError,
  UnknownJobError,
} from "./errors/queue-errors.js";
export {
  InvalidRateLimitError,
  MissingRateLimiterError,
  RateLimiterUnavailableError,
} from "./errors/rate-limit-errors.js";
export {
  SessionEncodeError,
  SessionStateError,
  SessionUnavailableError,
  TokenMismatchError,
} from "./errors/session-errors.js";
export { createLogger, type Logger, type LoggerOptions, silentLogger } from "./observability/logger.js";
export type { RedisClient } from "./redis/client.js";
export {
  type BlockingConnection,
  ConnectionManager,
  type ConnectionManagerOptions,
} from "./redis/connection-manager.js";
export { defineScript, type Script, type ScriptOrigin } from "./redis/script.js";
export { type Clock, ManualClock, systemClock } from "./support/clock.js";
