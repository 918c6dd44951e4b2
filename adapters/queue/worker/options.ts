/**
 * ≈ Illuminate\Queue\WorkerOptions + `queue:work` options, with Laravel's defaults (WorkCommand),
 * and the checks that protect Laravel's guarantees before a worker starts.
 */
import { QueueConfigError } from "../../../src/errors/queue-errors.js";

export interface WorkerOptions {
  /** `--name`. @default "default" */
  name?: string;
  /** `--queue=high,default`: queue names in priority order. @default the connection's queue */
  queues?: readonly string[];
  /** `--backoff`: seconds before retrying a failed job, or a comma list / array by attempt. @default 0 */
  backoff?: number | string | readonly number[];
  /** `--memory`: stop (exit 12) once the process RSS reaches this many MB. @default 256 (Node's baseline RSS is ~60 MB) */
  memory?: number;
  /** `--timeout`: seconds a job may run (the payload's `timeout` wins); 0 = none. @default 60 */
  timeout?: number;
  /** `--sleep`: seconds to wait when no job is available. @default 3 */
  sleep?: number;
  /** `--tries`: attempts before a job fails (the payload's `maxTries` wins); 0 = unlimited. @default 1 */
  tries?: number;
  /** `--force`: accepted for parity (there is no maintenance mode in Node). @default false */
  force?: boolean;
  /** `--stop-when-empty`. @default false */
  stopWhenEmpty?: boolean;
  /** `--max-jobs`: stop after this many jobs; 0 = no limit. @default 0 */
  maxJobs?: number;
  /** `--max-time`: stop after this many seconds; 0 = no limit. @default 0 */
  maxTime?: number;
  /** `--rest`: seconds to rest after each job. @default 0 */
  rest?: number;
  /** `--once`: process at most one job, then stop. @default false */
  once?: boolean;
  /** Jobs processed at the same time in this process (one pop lane each). @default 1 */
  concurrency?: number;
  /** A job with no registered handler: fail it (clear error in failed_jobs) or release it. @default "fail" */
  unknownJobs?: "fail" | "release";
  /** Seconds an unknown job waits when released. @default 60 */
  unknownJobReleaseDelay?: number;
  /** How often `illuminate:queue:restart` is read (Laravel reads it after every job). @default 1000 */
  restartCheckIntervalMs?: number;
  /** Refuse to run when this host's clock is further than this from Redis TIME; null = no check. @default 2 */
  maxClockSkewSeconds?: number | null;
  /** After a timeout, how long the handler may take to notice its AbortSignal before the worker stops (exit 1). @default 1000 */
  timeoutGraceMs?: number;
}

export type ResolvedWorkerOptions = Required<
  Omit<WorkerOptions, "queues" | "backoff" | "maxClockSkewSeconds">
> & {
  queues: readonly string[];
  backoff: string;
  maxClockSkewSeconds: number | null;
};

export function resolveWorkerOptions(
  options: WorkerOptions,
  defaultQueue: string,
  retryAfter: number | null,
): ResolvedWorkerOptions {
  const backoff = options.backoff ?? 0;
  const resolved: ResolvedWorkerOptions = {
    name: options.name ?? "default",
    queues: options.queues && options.queues.length > 0 ? options.queues : [defaultQueue],
    backoff: Array.isArray(backoff) ? backoff.join(",") : String(backoff),
    memory: options.memory ?? 256,
    timeout: options.timeout ?? 60,
    sleep: options.sleep ?? 3,
    tries: options.tries ?? 1,
    force: options.force ?? false,
    stopWhenEmpty: options.stopWhenEmpty ?? false,
    maxJobs: options.maxJobs ?? 0,
    maxTime: options.maxTime ?? 0,
    rest: options.rest ?? 0,
    once: options.once ?? false,
    concurrency: options.concurrency ?? 1,
    unknownJobs: options.unknownJobs ?? "fail",
    unknownJobReleaseDelay: options.unknownJobReleaseDelay ?? 60,
    restartCheckIntervalMs: options.restartCheckIntervalMs ?? 1000,
    maxClockSkewSeconds: options.maxClockSkewSeconds === undefined ? 2 : options.maxClockSkewSeconds,
    timeoutGraceMs: options.timeoutGraceMs ?? 1000,
  };
  for (const key of [
    "memory",
    "timeout",
    "sleep",
    "tries",
    "maxJobs",
    "maxTime",
    "rest",
    "unknownJobReleaseDelay",
  ] as const) {
    const value = resolved[key];
    if (!Number.isFinite(value) || value < 0)
      throw new QueueConfigError(key, `Worker option ${key} must be a number >= 0, got ${value}.`);
  }
  if (!Number.isInteger(resolved.concurrency) || resolved.concurrency < 1) {
    throw new QueueConfigError(
      "concurrency",
      `Worker option concurrency must be an integer >= 1, got ${resolved.concurrency}.`,
    );
  }
  assertTimeoutBelowRetryAfter(resolved.timeout, retryAfter, "timeout");
  return resolved;
}

/**
 * Laravel's documented rule ("Job Expirations and Timeouts"): `--timeout` must be shorter than
 * `retry_after`, otherwise a job still running gets reserved again and runs twice.
 */
export function assertTimeoutBelowRetryAfter(
  timeout: number,
  retryAfter: number | null,
  option: string,
): void {
  if (retryAfter === null || timeout <= 0 || timeout < retryAfter) return;
  throw new QueueConfigError(
    option,
    `The worker timeout (${timeout} s) must be shorter than the queue's retry_after (${retryAfter} s), ` +
      "otherwise jobs still running are handed to another worker and run twice. Lower --timeout or raise " +
      "REDIS_QUEUE_RETRY_AFTER (queue.connections.redis.retry_after) by several seconds.",
  );
}
