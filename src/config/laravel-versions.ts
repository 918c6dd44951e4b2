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
};
const QUEUE_10: QueueFormat = { ...QUEUE_8, migrationBatchSize: true, timeoutFailsAs: "timeout", maxAttemptsMessage: "short" };
const QUEUE_12: QueueFormat = {
  ...QUEUE_10,
  blockOnlyFirstQueue: true,
  createdAtAndDelay: true,
  batchId: true,
  laterViaScript: true,
};

export const QUEUE_FORMATS: Readonly<Record<LaravelVersion, QueueFormat>> = Object.freeze({
  8: QUEUE_8,
  9: { ...QUEUE_8, migrationBatchSize: true },
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
