/**
 * Lock names the queue side of Laravel uses, so Node workers and dispatchers take the very same
 * locks (laravel-formats.md §2.8). The names go through a LockProvider, which adds the cache prefix.
 */
import { cacheFormat, type LaravelVersion } from "../../src/config/laravel-versions.js";

/**
 * `Illuminate\Bus\UniqueLock::getKey()` for a ShouldBeUnique job: `laravel_unique_job:` + job name +
 * (`:` on 11+) + unique id. `jobName` is the job's class name, or, for a job with `displayName()` on
 * 12.x+, PHP's `hash('xxh128', displayName())` (pass that hash).
 */
export function uniqueJobLockName(jobName: string, uniqueId: string, version: LaravelVersion): string {
  return `laravel_unique_job:${jobName}${cacheFormat(version).uniqueJobSeparator}${uniqueId}`;
}

/**
 * `Illuminate\Queue\Middleware\WithoutOverlapping::getLockKey()`: `laravel-queue-overlap:` + job name +
 * `:` + key, or prefix + key when the key is shared across job classes.
 */
export function overlapLockName(
  jobName: string,
  key: string,
  options: { prefix?: string; shared?: boolean } = {},
): string {
  const prefix = options.prefix ?? "laravel-queue-overlap:";
  return options.shared ? `${prefix}${key}` : `${prefix}${jobName}:${key}`;
}
