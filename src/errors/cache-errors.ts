import { BridgeError } from "./bridge-error.js";

/**
 * A cache command could not run because Redis is unreachable or refused it for an operational reason
 * (down, timeout, READONLY, OOM...). `cause` holds the RedisConnectionError with the runbook hints.
 * Reads may opt into `failOpen` (return the default, log a warning); writes always throw this.
 */
export class CacheUnavailableError extends BridgeError {
  readonly code = "ERR_CACHE_UNAVAILABLE" as const;
  /** The cache store name (`redis`). */
  readonly store: string;
  /** The Repository operation that failed (`get`, `put`, ...). */
  readonly operation: string;

  constructor(store: string, operation: string, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : "";
    super(
      `Cache store [${store}] is unavailable, ${operation} failed${reason}. Check that Redis is running and ` +
        "reachable with the configured REDIS_HOST/REDIS_PORT (laravel-bridge doctor runs the checks).",
      options,
    );
    this.store = store;
    this.operation = operation;
  }
}

/**
 * What a stored value looked like when the bridge could not read it:
 * - `igbinary`, `msgpack`, `json`: phpredis' `serializer` option is on (database.redis.options.serializer);
 * - `lz4`, `lzf`, `zstd`: phpredis' `compression` option is on (database.redis.options.compression);
 * - `unknown`: not PHP serialize() output and not numeric;
 * - `not-an-integer`: INCRBY/DECRBY met a value that is not an integer.
 */
export type CacheValueFormat =
  | "igbinary"
  | "msgpack"
  | "json"
  | "lz4"
  | "lzf"
  | "zstd"
  | "unknown"
  | "not-an-integer";

/**
 * A cached value is in a format the bridge cannot read (or cannot count on). The message names the
 * Laravel setting to change; the bytes themselves are never quoted (they may hold personal data).
 */
export class CacheFormatError extends BridgeError {
  readonly code = "ERR_CACHE_FORMAT" as const;
  /** The item key (without prefixes). */
  readonly key: string;
  readonly format: CacheValueFormat;

  constructor(key: string, format: CacheValueFormat, options?: { cause?: unknown }) {
    super(`Cache value at [${key}] ${explain(format)}`, options);
    this.key = key;
    this.format = format;
  }
}

function explain(format: CacheValueFormat): string {
  switch (format) {
    case "igbinary":
    case "msgpack":
    case "json":
      return (
        `is ${format}-encoded: the Laravel app has phpredis' serializer on (database.redis.options.serializer, ` +
        "e.g. Redis::SERIALIZER_IGBINARY). The bridge reads only PHP serialize() output: remove that option " +
        "from config/database.php (and clear the cache) to share the cache with Node."
      );
    case "lz4":
    case "lzf":
    case "zstd":
      return (
        `is ${format}-compressed: the Laravel app has phpredis' compression on (database.redis.options.compression, ` +
        "e.g. Redis::COMPRESSION_LZ4). The bridge cannot decompress phpredis frames: remove that option " +
        "from config/database.php (and clear the cache) to share the cache with Node."
      );
    case "not-an-integer":
      return "is not an integer, so it cannot be incremented or decremented (Redis refused INCRBY/DECRBY).";
    default:
      return (
        "is neither PHP serialize() output nor a numeric string. If the Laravel app sets phpredis' serializer " +
        "or compression (database.redis.options.serializer / compression), remove them to share the cache with Node."
      );
  }
}

/** `Cache::store($name)` for a store that is not configured (Laravel's InvalidArgumentException). */
export class CacheStoreUndefinedError extends BridgeError {
  readonly code = "ERR_CACHE_STORE_UNDEFINED" as const;
  readonly store: string;

  constructor(store: string, available: readonly string[]) {
    super(
      `Cache store [${store}] is not defined. Set CACHE_STORE (Laravel 11+) or CACHE_DRIVER (<= 10) to one of: ` +
        `${available.join(", ")}.`,
    );
    this.store = store;
  }
}
