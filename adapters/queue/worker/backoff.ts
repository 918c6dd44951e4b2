/**
 * ≈ `Worker::calculateBackoff()`: the job's backoff (payload `backoff`, else the 12.11+ `delay`),
 * else the worker's `--backoff`; a comma list is indexed by attempts − 1 and its last value repeats.
 */
import type { RedisJob } from "../redis-job.js";

/** Seconds to wait before the next attempt of `job`. */
export function calculateBackoff(job: RedisJob, workerBackoff: string): number {
  const source = job.backoff() ?? workerBackoff;
  const steps = String(source).split(",");
  return phpIntCast(steps[job.attempts() - 1] ?? steps[steps.length - 1] ?? "0");
}

/** PHP's `(int) "…"`: leading whitespace and digits, anything else stops; no digits → 0. */
export function phpIntCast(text: string): number {
  const match = /^[ \t\n\r\v\f]*([+-]?\d+)/.exec(text);
  return match ? Number.parseInt(match[1] as string, 10) : 0;
}
