/**
 * A push has three outcomes: done, failed, or unknown (reliability-catalogue §2.3.2). A command
 * written to Redis whose reply never came may have run, so it is never re-sent here (ioredis would
 * duplicate it); the caller gets EnqueueOutcomeUnknownError with the job's uuid to de-duplicate on.
 *
 * Hot path (one call per push): one timer and one promise; the error texts are built only on failure.
 */
import type { QueuedJob } from "../../src/contracts/queue.js";
import { RedisConnectionError } from "../../src/errors/connection-error.js";
import { EnqueueOutcomeUnknownError } from "../../src/errors/queue-errors.js";

/**
 * Resolves with `result` once `write` succeeded; rejects with EnqueueOutcomeUnknownError when the
 * outcome is unknown (no reply within `timeoutMs`, or the connection dropped after sending), else
 * with the write's own error. `job` describes the push (the first one of a bulk of `count`).
 */
export function guardPush<R>(
  write: Promise<unknown>,
  job: QueuedJob,
  timeoutMs: number,
  result: R,
  count = 1,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const timer = setTimeout(() => reject(noReply(job, timeoutMs, count)), timeoutMs);
    // A rejection after the timeout won is handled here too (reject is then a no-op).
    write.then(
      () => {
        clearTimeout(timer);
        resolve(result);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(translate(error, job, count));
      },
    );
  });
}

function describe(job: QueuedJob, count: number): string {
  return count > 1
    ? `A bulk push of ${count} jobs (first uuid [${job.uuid}])`
    : `The push of job [${job.uuid}]`;
}

function noReply(job: QueuedJob, timeoutMs: number, count: number): EnqueueOutcomeUnknownError {
  return new EnqueueOutcomeUnknownError(
    `${describe(job, count)} got no reply within ${timeoutMs} ms: it may or may not be on queue [${job.queue}]. ` +
      "Do not push it again blindly; check for the uuid or let consumers de-duplicate by it.",
    { uuid: job.uuid, jobId: job.id, queue: job.queue },
  );
}

function translate(error: unknown, job: QueuedJob, count: number): unknown {
  if (!(error instanceof RedisConnectionError && error.commandMayHaveRun)) return error;
  return new EnqueueOutcomeUnknownError(
    `${describe(job, count)} was sent but the connection dropped before the reply: it may or may not be on queue ` +
      `[${job.queue}]. Do not push it again blindly; de-duplicate by uuid.`,
    { uuid: job.uuid, jobId: job.id, queue: job.queue, cause: error },
  );
}
