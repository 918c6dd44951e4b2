/**
 * The ONE table of per-version differences (Laravel 8 to 13). Adapters look formats up here by
 * LARAVEL_VERSION; they never compare version numbers themselves.
 */
export const LARAVEL_VERSIONS = [8, 9, 10, 11, 12, 13] as const;
export type LaravelVersion = (typeof LARAVEL_VERSIONS)[number];
export const DEFAULT_LARAVEL_VERSION: LaravelVersion = 12;

// ---------------------------------------------------------------------------------------------
// Queues (adapters/queue, issue 7): what RedisQueue / Worker do differently per major. A major
// stands for its newest minor (12 = 12.67: createdAt/delay since 12.11, data.batchId since 12.51,
// `later` through EVAL since 12.45); laravel-formats.md §7 and §9.
// ---------------------------------------------------------------------------------------------

export interface QueueFormat {
  /** Payload `createdAt` (unix seconds) and `delay` (seconds of `later()`, null for push). 12.11+ */
  createdAtAndDelay: boolean;
  /** Object payloads carry `data.batchId`. 12.51+ */
  batchId: boolean;
  /** Object payloads carry `deleteWhenMissingModels` after `retryUntil`. 13.x */
  deleteWhenMissingModels: boolean;
  /** `later()` runs `ZADD` inside EVAL (script `later`) instead of a plain ZADD. 12.45+ */
  laterViaScript: boolean;
  /** migrateExpiredJobs passes ARGV[2] = migration_batch_size (`ZRANGEBYSCORE … LIMIT 0 n`). 9.23+ */
  migrationBatchSize: boolean;
  /** On a cluster connection, `queues:{name}` hash tags are added automatically. 13.5+ */
  clusterHashTags: boolean;
  /** With `block_for`, only the first queue of `--queue=a,b` blocks, and not right after a secondary queue had a job. 11.x+ */
  blockOnlyFirstQueue: boolean;
  /** A timed-out job fails with `TimeoutExceededException` ("… has timed out.", 10.x+) or `MaxAttemptsExceededException`. */
  timeoutFailsAs: "timeout" | "max-attempts";
  /** MaxAttemptsExceededException's message: 8.x/9.x add "or run too long. The job may have previously timed out." */
  maxAttemptsMessage: "long" | "short";
  /** SerializesModels' ModelIdentifier has a 5th property, `collectionClass`. 9.26+ */
  modelIdentifierCollectionClass: boolean;
}

const QUEUE_8: QueueFormat = {
  createdAtAndDelay: false,
  batchId: false,
  deleteWhenMissingModels: false,
  laterViaScript: false,
  migrationBatchSize: false,
  clusterHashTags: false,
  blockOnlyFirstQueue: false,
  timeoutFailsAs: "max-attempts",
  maxAttemptsMessage: "long",
  modelIdentifierCollectionClass: false,
};
const QUEUE_10: QueueFormat = {
  ...QUEUE_8,
  migrationBatchSize: true,
  modelIdentifierCollectionClass: true,
  timeoutFailsAs: "timeout",
  maxAttemptsMessage: "short",
};
const QUEUE_12: QueueFormat = {
  ...QUEUE_10,
  blockOnlyFirstQueue: true,
  createdAtAndDelay: true,
  batchId: true,
  laterViaScript: true,
};

export const QUEUE_FORMATS: Readonly<Record<LaravelVersion, QueueFormat>> = Object.freeze({
  8: QUEUE_8,
  9: { ...QUEUE_8, migrationBatchSize: true, modelIdentifierCollectionClass: true },
  10: QUEUE_10,
  11: { ...QUEUE_10, blockOnlyFirstQueue: true },
  12: QUEUE_12,
  13: { ...QUEUE_12, deleteWhenMissingModels: true, clusterHashTags: true },
});

// ---------------------------------------------------------------------------------------------
// Cache and locks (adapters/cache, adapters/lock, issue 4): what RedisStore / TaggedCache / Lock /
// UniqueLock do differently per major. A major stands for its newest minor (12 = 12.67, with the
// atomic tag flush of 12.30+); laravel-formats.md §1.6, §2.5–§2.8, §3 and §9.
// ---------------------------------------------------------------------------------------------

export interface CacheFormat {
  /** RedisStore::setPrefix appends ':' to a non-empty prefix (8–10); 11+ keeps it verbatim. */
  prefixSeparator: ":" | "";
  /**
   * Tag scheme: `reference-sets` = 8/9 random tag ids under `tag:<name>:key` with
   * `<id>:standard_ref` / `<id>:forever_ref` SETs; `sorted-sets` = 10+ `tag:<name>:entries` ZSETs.
   */
  tagScheme: "reference-sets" | "sorted-sets";
  /** Tag flush of the sorted-set scheme: ZSCAN + DEL (10.x–12.29) or one atomic script per chunk (12.30+). */
  tagFlush: "scan-and-delete" | "atomic-script";
  /** `UniqueLock::getKey()`: job name and unique id joined by ':' (11+) or concatenated (8–10). */
  uniqueJobSeparator: ":" | "";
}

const CACHE_8: CacheFormat = {
  prefixSeparator: ":",
  tagScheme: "reference-sets",
  tagFlush: "scan-and-delete",
  uniqueJobSeparator: "",
};
const CACHE_10: CacheFormat = { ...CACHE_8, tagScheme: "sorted-sets" };
const CACHE_11: CacheFormat = { ...CACHE_10, prefixSeparator: "", uniqueJobSeparator: ":" };
const CACHE_12: CacheFormat = { ...CACHE_11, tagFlush: "atomic-script" };

export const CACHE_FORMATS: Readonly<Record<LaravelVersion, CacheFormat>> = Object.freeze({
  8: CACHE_8,
  9: CACHE_8,
  10: CACHE_10,
  11: CACHE_11,
  12: CACHE_12,
  13: CACHE_12,
});

/** The cache/lock formats of a Laravel major. */
export function cacheFormat(version: LaravelVersion): CacheFormat {
  return CACHE_FORMATS[version];
}

// ---------------------------------------------------------------------------------------------
// Rate limiting (adapters/rate-limit, issue 6): what RateLimiter / ThrottleRequests /
// ThrottleRequestsWithRedis do differently per major (laravel-formats.md §4, §9). A major stands for
// its newest minor (12 = 12.67). Keys and values are the same in every version.
// ---------------------------------------------------------------------------------------------

export interface RateLimitFormat {
  /** `RateLimiter::remaining()` clamps at 0 (12.40+); before, it can go negative. */
  remainingClampsAtZero: boolean;
  /** `ThrottleRequests::shouldHashKeys(false)` exists (10.13.3+). */
  shouldHashKeysOption: boolean;
  /** Duplicate limit keys within one named limiter get `Limit::fallbackKey()` (11.x+). */
  duplicateKeysFallback: boolean;
  /** `Limit::after()` (12.32+): hit only when the callback accepts the response. */
  limitAfter: boolean;
  /** ThrottleRequests checks every limit before hitting any (13.0+); before, check + hit per limit in order. */
  checkAllLimitsFirst: boolean;
  /**
   * ThrottleRequestsWithRedis checks with DurationLimiter's read-only script and hits with acquire()
   * (12.54+); before, acquire() is the check, so refused requests are counted too.
   */
  redisThrottleReadOnlyCheck: boolean;
}

const RATE_LIMIT_8: RateLimitFormat = {
  remainingClampsAtZero: false,
  shouldHashKeysOption: false,
  duplicateKeysFallback: false,
  limitAfter: false,
  checkAllLimitsFirst: false,
  redisThrottleReadOnlyCheck: false,
};
const RATE_LIMIT_12: RateLimitFormat = {
  remainingClampsAtZero: true,
  shouldHashKeysOption: true,
  duplicateKeysFallback: true,
  limitAfter: true,
  checkAllLimitsFirst: false,
  redisThrottleReadOnlyCheck: true,
};

export const RATE_LIMIT_FORMATS: Readonly<Record<LaravelVersion, RateLimitFormat>> = Object.freeze({
  8: RATE_LIMIT_8,
  9: RATE_LIMIT_8,
  10: { ...RATE_LIMIT_8, shouldHashKeysOption: true },
  11: { ...RATE_LIMIT_8, shouldHashKeysOption: true, duplicateKeysFallback: true },
  12: RATE_LIMIT_12,
  13: { ...RATE_LIMIT_12, checkAllLimitsFirst: true },
});

/** The rate-limiting behaviour of a Laravel major. */
export function rateLimitFormat(version: LaravelVersion): RateLimitFormat {
  return RATE_LIMIT_FORMATS[version];
}

// ---------------------------------------------------------------------------------------------
// Configuration (src/config, issue 2): what the app skeleton of each major reads from env and how it
// derives default names (laravel/laravel 8.x … 12.x, master = 13; laravel-formats.md §1.2, §1.5).
// A major stands for its newest skeleton (12 = v12.1+, hyphenated). The cache prefix separator and
// the tag scheme are in CACHE_FORMATS, the queue payload fields in QUEUE_FORMATS.
// ---------------------------------------------------------------------------------------------

/** A default derived from APP_NAME: `Str::slug(env('APP_NAME', 'laravel'), separator).suffix`. */
export interface DerivedName {
  separator: "_" | "-";
  suffix: string;
}

export interface ConfigFormat {
  /** The skeleton whose config/*.php defaults we reproduce. */
  skeleton: string;
  /** `cache.default` reads CACHE_DRIVER (≤ 10) or CACHE_STORE (11+). */
  cacheDefaultVariable: "CACHE_DRIVER" | "CACHE_STORE";
  /** REDIS_PREFIX, CACHE_PREFIX and SESSION_COOKIE defaults (8: `_cache`; 9–11: `_cache_`; 12+: hyphenated). */
  derivedNames: { redisPrefix: DerivedName; cachePrefix: DerivedName; sessionCookie: DerivedName };
  defaults: { cacheStore: string; sessionDriver: string; queueConnection: string; dbConnection: string };
  /** The database URL variable: DATABASE_URL (≤ 10) or DB_URL (11+). */
  databaseUrlVariable: "DATABASE_URL" | "DB_URL";
  /** REDIS_USERNAME is read (9+; the 8.x phpredis connector authenticates with the password only). */
  redisUsername: boolean;
  /** REDIS_CACHE_CONNECTION, REDIS_CACHE_LOCK_CONNECTION, REDIS_QUEUE_CONNECTION, REDIS_QUEUE_RETRY_AFTER (11+). */
  redisConnectionEnv: boolean;
  /** SESSION_ENCRYPT, _PATH, _HTTP_ONLY, _SAME_SITE, _EXPIRE_ON_CLOSE, _PARTITIONED_COOKIE (11+; hard-coded before). */
  sessionCookieEnv: boolean;
  /** APP_PREVIOUS_KEYS (11+). */
  previousKeys: boolean;
  /** A connection's own `prefix` beats REDIS_PREFIX, per client; 8.x phpredis lets the global one win (§1.5). */
  connectionPrefixWins: { phpredis: boolean; predis: boolean };
}

const names = (separator: "_" | "-", cache: string) => ({
  redisPrefix: { separator, suffix: `${separator}database${separator}` },
  cachePrefix: { separator, suffix: cache },
  sessionCookie: { separator, suffix: `${separator}session` },
});
const CONFIG_8: ConfigFormat = {
  skeleton: "laravel/laravel 8.x",
  cacheDefaultVariable: "CACHE_DRIVER",
  derivedNames: names("_", "_cache"),
  defaults: { cacheStore: "file", sessionDriver: "file", queueConnection: "sync", dbConnection: "mysql" },
  databaseUrlVariable: "DATABASE_URL",
  redisUsername: false,
  redisConnectionEnv: false,
  sessionCookieEnv: false,
  previousKeys: false,
  connectionPrefixWins: { phpredis: false, predis: true },
};
const CONFIG_9: ConfigFormat = {
  ...CONFIG_8,
  skeleton: "laravel/laravel 9.x (v9.0.1+)",
  derivedNames: names("_", "_cache_"),
  redisUsername: true,
  connectionPrefixWins: { phpredis: true, predis: true },
};
const CONFIG_11: ConfigFormat = {
  ...CONFIG_9,
  skeleton: "laravel/laravel 11.x",
  cacheDefaultVariable: "CACHE_STORE",
  defaults: {
    cacheStore: "database",
    sessionDriver: "database",
    queueConnection: "database",
    dbConnection: "sqlite",
  },
  databaseUrlVariable: "DB_URL",
  redisConnectionEnv: true,
  sessionCookieEnv: true,
  previousKeys: true,
};
const CONFIG_12: ConfigFormat = {
  ...CONFIG_11,
  skeleton: "laravel/laravel 12.x (v12.1+)",
  derivedNames: names("-", "-cache-"),
};

export const CONFIG_FORMATS: Readonly<Record<LaravelVersion, ConfigFormat>> = Object.freeze({
  8: CONFIG_8,
  9: CONFIG_9,
  10: { ...CONFIG_9, skeleton: "laravel/laravel 10.x" },
  11: CONFIG_11,
  12: CONFIG_12,
  13: { ...CONFIG_12, skeleton: "laravel/laravel master (13.x)" },
});

/** What the skeleton of a Laravel major reads from env and how it derives default names. */
export function configFormat(version: LaravelVersion): ConfigFormat {
  return CONFIG_FORMATS[version];
}

/** True when `value` is one of LARAVEL_VERSIONS (LARAVEL_VERSION validation). */
export function isLaravelVersion(value: unknown): value is LaravelVersion {
  return (LARAVEL_VERSIONS as readonly unknown[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// Sessions (adapters/session; laravel-formats.md §5, §9). Owned by the session engineer.

/** How Laravel's Session\Store and StartSession write a session, per major (its newest release). */
export interface SessionFormat {
  /** StartSession stores `_previous.route` (the route name, or null) next to `_previous.url` (12.35.1+). */
  previousRoute: boolean;
  /** `session.serialization = 'json'` exists (9.0+); 8.x always serializes with PHP. */
  jsonSerialization: boolean;
}

const SESSION_8: SessionFormat = { previousRoute: false, jsonSerialization: false };
const SESSION_9: SessionFormat = { ...SESSION_8, jsonSerialization: true };
const SESSION_12: SessionFormat = { ...SESSION_9, previousRoute: true };

export const SESSION_FORMATS: Readonly<Record<LaravelVersion, SessionFormat>> = Object.freeze({
  8: SESSION_8,
  9: SESSION_9,
  10: SESSION_9,
  11: SESSION_9,
  12: SESSION_12,
  13: SESSION_12,
});

/** The session format of a Laravel major. */
export function sessionFormat(version: LaravelVersion): SessionFormat {
  return SESSION_FORMATS[version];
}
