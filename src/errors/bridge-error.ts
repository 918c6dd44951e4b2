/**
 * Every error the bridge throws is a BridgeError with a stable `code`, so callers can switch on it
 * and `instanceof BridgeError` separates our failures from bugs. Messages say what to fix and never
 * carry a secret (passwords, APP_KEY, decrypted payloads).
 */
export type BridgeErrorCode =
  | "ERR_CONFIG_INVALID"
  | "ERR_REDIS_CONNECTION"
  | "ERR_PHP_UNSERIALIZE"
  | "ERR_PHP_SERIALIZE"
  | "ERR_PHP_CONVERSION"
  | "ERR_PHP_JSON"
  | "ERR_DECRYPT"
  | "ERR_ENCRYPT"
  | "ERR_COOKIE_INVALID"
  | "ERR_CACHE_UNAVAILABLE"
  | "ERR_CACHE_FORMAT"
  | "ERR_CACHE_STORE_UNDEFINED"
  | "ERR_LOCK_TIMEOUT"
  | "ERR_LOCK_LOST"
  | "ERR_LOCK_CONTENDED"
  | "ERR_LOCK_UNAVAILABLE"
  | "ERR_LOCK_FENCE_REGRESSION"
  | "ERR_SESSION"
  | "ERR_SESSION_UNAVAILABLE"
  | "ERR_SESSION_ENCODE"
  | "ERR_CSRF_TOKEN_MISMATCH"
  | "ERR_RATE_LIMIT"
  | "ERR_RATE_LIMIT_UNAVAILABLE"
  | "ERR_RATE_LIMITER_MISSING"
  | "ERR_QUEUE_INVALID_PAYLOAD"
  | "ERR_QUEUE_MAX_ATTEMPTS"
  | "ERR_QUEUE_TIMEOUT"
  | "ERR_QUEUE_PUSH_UNKNOWN"
  | "ERR_QUEUE_UNKNOWN_JOB"
  | "ERR_QUEUE_CONFIG"
  | "ERR_QUEUE_FAILED_STORE"
  | "ERR_QUEUE_CLOCK_SKEW"
  | "ERR_QUEUE_MANUALLY_FAILED"
  | "ERR_SQLITE_DRIVER_UNAVAILABLE"
  | "ERR_FINANCIAL_RECORD";

export abstract class BridgeError extends Error {
  /** Stable, documented, safe to switch on. */
  abstract readonly code: BridgeErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    // Never "Error": the class name is part of the message users see in logs.
    this.name = new.target.name;
  }
}
