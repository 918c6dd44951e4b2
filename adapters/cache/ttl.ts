/**
 * `Repository::getSeconds($ttl)`: a TTL as whole seconds, never negative (laravel-formats.md §2.2).
 * Numbers are truncated like PHP's `(int)` (0.4 → 0, which deletes); a Date or a duration counts
 * from now and rounds milliseconds up (Laravel 11+: `ceil(diffInMilliseconds / 1000)`).
 */
import type { CacheDuration } from "../../src/contracts/cache.js";
import type { Clock } from "../../src/support/clock.js";

export function ttlSeconds(ttl: number | Date | CacheDuration, clock: Clock): number {
  if (typeof ttl === "number") {
    const seconds = Math.trunc(ttl);
    return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
  }
  const ms = ttl instanceof Date ? ttl.getTime() - clock.now() : durationMilliseconds(ttl);
  const seconds = Math.ceil(ms / 1000);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
}

/** A duration's total length in milliseconds. */
export function durationMilliseconds(duration: CacheDuration): number {
  return (
    (duration.days ?? 0) * 86_400_000 +
    (duration.hours ?? 0) * 3_600_000 +
    (duration.minutes ?? 0) * 60_000 +
    (duration.seconds ?? 0) * 1000 +
    (duration.milliseconds ?? 0)
  );
}
