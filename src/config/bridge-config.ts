/**
 * The resolved configuration. Its shape mirrors Laravel's config files (config/app.php,
 * database.php, cache.php, session.php, queue.php) in camelCase; each field's TSDoc names the
 * Laravel key and the env var it comes from. Produced only by `resolveConfig()` (resolve.ts), frozen.
 */
import type { LaravelVersion } from "./laravel-versions.js";

/** Where a resolved value came from, for `config:show`. */
export type ValueSource = "env" | ".env" | "url" | "default" | "override";

export interface Provenance {
  source: ValueSource;
  /** The variable that supplied it (`REDIS_HOST`, `REDIS_URL`, ...), when there is one. */
  variable?: string;
  /** A human note, e.g. "CACHE_STORE ignored: LARAVEL_VERSION=10 reads CACHE_DRIVER". */
  note?: string;
}

/** database.redis.<name>: one named Redis connection. */
export interface RedisConnectionConfig {
  /** The connection name: `default`, `cache`, ... */
  name: string;
  /** `host` — REDIS_HOST or REDIS_URL. @default "127.0.0.1" */
  host: string;
  /** `port` — REDIS_PORT or REDIS_URL. @default 6379 */
  port: number;
  /** `username` — REDIS_USERNAME (ACL, Laravel 9+) or the URL user. null = none. */
  username: string | null;
  /** `password` — REDIS_PASSWORD or the URL password. null = no AUTH (`REDIS_PASSWORD=null`). Secret. */
  password: string | null;
  /** `database` — REDIS_DB (default) / REDIS_CACHE_DB (cache), or the URL path `/N`. */
  database: number;
  /** TLS: `rediss://` or REDIS_SCHEME=tls. */
  tls: boolean;
  /**
   * The key prefix this connection's client applies when it differs from `redis.prefix` (a `?prefix=`
   * or `?options[prefix]=` in REDIS_URL), with Laravel's precedence for the version already applied.
   * Absent = `redis.prefix`. Use `connection.prefix ?? config.redis.prefix`.
   */
  prefix?: string;
  /** Connect timeout in seconds (`timeout`, from the URL query). */
  timeout?: number;
  /** Read timeout in seconds (`read_timeout`). */
  readTimeout?: number;
  /** Other URL query parameters, JSON-decoded like Laravel. */
  options: Record<string, unknown>;
}

/** database.redis */
export interface RedisConfig {
  /** `client` — REDIS_CLIENT. @default "phpredis" */
  client: string;
  /** `options.prefix` — REDIS_PREFIX. Applied by the client to every key. */
  prefix: string;
  /** `options.cluster` — REDIS_CLUSTER. @default "redis" */
  cluster: string;
  connections: Record<string, RedisConnectionConfig>;
}

/** cache.stores.<name> */
export interface CacheStoreConfig {
  name: string;
  driver: "redis" | "array" | "null" | (string & {});
  /** `connection` — REDIS_CACHE_CONNECTION. @default "cache" */
  connection: string;
  /** `lock_connection` — REDIS_CACHE_LOCK_CONNECTION. @default "default" */
  lockConnection: string;
  /**
   * The store prefix exactly as RedisStore keeps it, separator applied by version
   * (8–10: `CACHE_PREFIX + ':'` unless empty; 11+: verbatim).
   */
  prefix: string;
}

/** cache.php */
export interface CacheConfig {
  /** `default` — CACHE_STORE (11+) or CACHE_DRIVER (≤ 10). */
  default: string;
  /** `prefix` — CACHE_PREFIX, as written in config (before the version's separator rule). */
  prefix: string;
  stores: Record<string, CacheStoreConfig>;
  /** `limiter` — the store the RateLimiter uses (CACHE_LIMITER, 11+); null = the default store. */
  limiter: string | null;
}

/** session.php */
export interface SessionConfig {
  /** `driver` — SESSION_DRIVER. */
  driver: string;
  /** `lifetime` — SESSION_LIFETIME, minutes. @default 120 */
  lifetime: number;
  /** `expire_on_close` — SESSION_EXPIRE_ON_CLOSE. @default false */
  expireOnClose: boolean;
  /** `encrypt` — SESSION_ENCRYPT. @default false */
  encrypt: boolean;
  /** `connection` — SESSION_CONNECTION; null means the `default` Redis connection. */
  connection: string | null;
  /** `store` — SESSION_STORE. */
  store: string | null;
  /** `cookie` — SESSION_COOKIE, or derived from APP_NAME per version. */
  cookie: string;
  /** `path` — SESSION_PATH. @default "/" */
  path: string;
  /** `domain` — SESSION_DOMAIN. */
  domain: string | null;
  /** `secure` — SESSION_SECURE_COOKIE. */
  secure: boolean | null;
  /** `http_only` — SESSION_HTTP_ONLY. @default true */
  httpOnly: boolean;
  /** `same_site` — SESSION_SAME_SITE. @default "lax" */
  sameSite: string | null;
  /** `partitioned` — SESSION_PARTITIONED_COOKIE. @default false */
  partitioned: boolean;
  /** `serialization` — `php` or `json` (Laravel 9+ session.serialization). @default "php" */
  serialization: "php" | "json";
}

/** queue.connections.redis and friends */
export interface QueueConfig {
  /** `default` — QUEUE_CONNECTION. */
  default: string;
  redis: {
    /** `connection` — REDIS_QUEUE_CONNECTION. @default "default" */
    connection: string;
    /** `queue` — REDIS_QUEUE. @default "default" */
    queue: string;
    /** `retry_after` — REDIS_QUEUE_RETRY_AFTER, seconds. @default 90 */
    retryAfter: number;
    /** `block_for` — seconds to block on pop; null = no blocking. */
    blockFor: number | null;
    /** `after_commit`. @default false */
    afterCommit: boolean;
  };
  failed: {
    /** `failed.driver` — QUEUE_FAILED_DRIVER. @default "database-uuids" */
    driver: string;
    /** `failed.database` — DB_CONNECTION. */
    database: string;
    /** `failed.table`. @default "failed_jobs" */
    table: string;
  };
}

/** database.connections.<DB_CONNECTION> */
export interface DatabaseConfig {
  /** `default` — DB_CONNECTION. */
  default: string;
  /** The selected connection's settings from DB_*. `password` is a secret. */
  connection: {
    driver: string;
    url: string | null;
    host: string;
    port: number | null;
    database: string;
    username: string;
    password: string;
  };
}

/** config/app.php */
export interface AppConfig {
  /** `name` — APP_NAME. @default "Laravel" */
  name: string;
  /** `env` — APP_ENV. @default "production" */
  env: string;
  /** `key` — APP_KEY, as written (with or without `base64:`). Secret. */
  key: string;
  /** `previous_keys` — APP_PREVIOUS_KEYS, comma-separated. Secret. */
  previousKeys: string[];
  /** `cipher` — APP_CIPHER (Laravel's config default "AES-256-CBC"). */
  cipher: string;
}

export interface BridgeConfig {
  /** LARAVEL_VERSION: the major whose formats we speak. @default 12 */
  laravelVersion: LaravelVersion;
  app: AppConfig;
  redis: RedisConfig;
  cache: CacheConfig;
  session: SessionConfig;
  queue: QueueConfig;
  database: DatabaseConfig;
  /** Where each value came from, keyed by dotted Laravel config path (`database.redis.default.host`). */
  sources: Record<string, Provenance>;
  /** The .env file that was read (absolute path); absent when none was (a missing default ./.env). */
  envFile?: string;
}
