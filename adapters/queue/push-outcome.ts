/**
 * A push has three outcomes: done, failed, or unknown (reliability-catalogue §2.3.2). A command
 * written to Redis whose reply never came may have run, so it is never re-sent here (ioredis would
 * duplicate it); the caller gets EnqueueOutcomeUnknownError with the job's uuid to de-duplicate on.
 */
import type { QueuedJob } from "../../src/contracts/queue.js";
import { RedisConnectionError } from "../../src/errors/connection-error.js";
import { EnqueueOutcomeUnknownError } from "../../src/errors/queue-errors.js";

/** Resolves with the write's reply, or rejects with EnqueueOutcomeUnknownError when the outcome is unknown. */
export async function guardPush<T>(
  write: Promise<T>,
  job: QueuedJob,
  timeoutMs: number,
  count = 1,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const what =
    count > 1 ? `A bulk push of ${count} jobs (first uuid [${job.uuid}])` : `The push of job [${job.uuid}]`;
  const context = { uuid: job.uuid, jobId: job.id, queue: job.queue };
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new EnqueueOutcomeUnknownError(
          `${what} got no reply within ${timeoutMs} ms: it may or may not be on queue [${job.queue}]. ` +
            "Do not push it again blindly; check for the uuid or let consumers de-duplicate by it.",
          context,
        ),
      );
    }, timeoutMs);
  });
  // A late rejection after the timeout won must not become an unhandled rejection.
  write.catch(() => {});
  try {
    return await Promise.race([write, timeout]);
  } catch (error) {
    if (error instanceof RedisConnectionError && error.commandMayHaveRun) {
      throw new EnqueueOutcomeUnknownError(
        `${what} was sent but the connection dropped before the reply: it may or may not be on queue ` +
          `[${job.queue}]. Do not push it again blindly; de-duplicate by uuid.`,
        { ...context, cause: error },
      );
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
