/**
 * ≈ `Job::fail()` + `WorkCommand::logFailedJob()` + `Job::failed()`: what happens to a failed job.
 * Deliberate deviation: Laravel deletes the reserved copy and then logs to failed_jobs; we log first,
 * so a database outage never loses a failed job (it stays reserved and comes back after retry_after).
 */
import { ManuallyFailedError } from "../../../src/errors/queue-errors.js";
import { decodeJobData } from "../job-data.js";
import type { RedisJob } from "../redis-job.js";
import { toError, type WorkerContext } from "./context.js";

export function createFailer(ctx: WorkerContext): (job: RedisJob, error: unknown) => Promise<void> {
  return async (job, cause) => {
    const error =
      cause === undefined || cause === null
        ? new ManuallyFailedError(`This job was marked as failed: ${job.name}.`, {
            uuid: job.uuid,
            jobId: job.id,
            queue: job.queue,
          })
        : toError(cause);
    if (ctx.failedJobs) {
      await ctx.failedJobs.log(ctx.queue.connectionName, job.queue, job.rawBody, exceptionText(error));
    }
    await job.delete();
    ctx.stats.failed++;
    const registered = ctx.handlers.get(job.handlerName);
    try {
      const data = safeData(job, ctx);
      if (registered?.uniqueId && ctx.uniqueJobs)
        await ctx.uniqueJobs.release(job.handlerName, registered.uniqueId(data, job));
      if (registered?.failed) await registered.failed(data, error, job);
      if (ctx.failedHook) await ctx.failedHook(job, error);
    } catch (hookError) {
      ctx.report(hookError);
    } finally {
      ctx.events.emit("failed", job, error);
    }
  };
}

function safeData(job: RedisJob, ctx: WorkerContext): unknown {
  try {
    return decodeJobData(job, ctx.encrypter).data;
  } catch {
    return null;
  }
}

/** `(string) $exception` for the failed_jobs `exception` column: class, message, stack, causes. */
export function exceptionText(error: Error): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    parts.push(current.stack ?? `${current.name}: ${current.message}`);
    current = current.cause;
  }
  return parts.join("\n\nCaused by: ");
}
