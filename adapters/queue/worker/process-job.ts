/**
 * ≈ `Worker::process()`, `handleJobException()`, the `markJobAsFailedIf…` family and the pcntl
 * timeout handler (laravel-formats.md §7.3 steps 4–9), in Laravel's order.
 */
import {
  InvalidPayloadError,
  JobTimeoutError,
  MaxAttemptsExceededError,
  UnknownJobError,
} from "../../../src/errors/queue-errors.js";
import { decodeJobData } from "../job-data.js";
import type { RedisJob } from "../redis-job.js";
import { calculateBackoff } from "./backoff.js";
import { toError, type WorkerContext } from "./context.js";

/** Runs one popped job to its end: deleted, released, failed, or (timeout) left reserved. */
export async function processJob(ctx: WorkerContext, job: RedisJob): Promise<void> {
  ctx.events.emit("processing", job);
  try {
    await markJobAsFailedIfAlreadyExceedsMaxAttempts(ctx, job);
    const registered = ctx.handlers.get(job.handlerName);
    if (!registered) {
      if (ctx.options.unknownJobs === "release") return await job.release(ctx.options.unknownJobReleaseDelay);
      // A job nobody here can run will not get better by retrying: fail it with the reason.
      return await job.fail(
        new UnknownJobError(job.handlerName, { uuid: job.uuid, jobId: job.id, queue: job.queue }),
      );
    }
    let decoded: ReturnType<typeof decodeJobData>;
    try {
      decoded = decodeJobData(job, ctx.encrypter);
    } catch (error) {
      if (error instanceof InvalidPayloadError) return await job.fail(error);
      throw error;
    }
    job.command = decoded.command;
    const outcome = await runWithTimeout(ctx, job, () => registered.handler(decoded.data, job));
    if (outcome === "timedOut") return;
    if (!job.isReleased()) await releaseUniqueLock(ctx, job, decoded.data);
    // CallQueuedHandler deletes what the handler neither deleted nor released; so do we, for every job.
    if (!job.isDeletedOrReleased()) job.deleteLater();
    ctx.stats.processed++;
    ctx.events.emit("processed", job);
  } catch (error) {
    await handleJobException(ctx, job, toError(error));
  }
}

/** Job names already warned about a timeout at or above retry_after (once per process). */
const warned = new Set<string>();

async function runWithTimeout(
  ctx: WorkerContext,
  job: RedisJob,
  run: () => unknown,
): Promise<"done" | "timedOut"> {
  const seconds = job.timeout() ?? ctx.options.timeout;
  const retryAfter = ctx.queue.config.retryAfter;
  if (retryAfter !== null && seconds >= retryAfter && !warned.has(job.name)) {
    warned.add(job.name);
    ctx.logger.warn(
      { job: job.name, timeout: seconds, retryAfter },
      `Job [${job.name}] has timeout ${seconds} s >= retry_after ${retryAfter} s: it may run twice. Lower its $timeout.`,
    );
  }
  const running = Promise.resolve().then(run);
  if (!(seconds > 0)) {
    await running;
    return "done";
  }
  let timer: NodeJS.Timeout | undefined;
  const alarm = new Promise<"alarm">((resolve) => {
    timer = setTimeout(() => resolve("alarm"), seconds * 1000);
  });
  try {
    if ((await Promise.race([running.then(() => "done" as const), alarm])) === "done") return "done";
  } finally {
    clearTimeout(timer);
  }
  const error = timeoutException(ctx, job, seconds);
  job.abort(error);
  // What Laravel's SIGALRM handler does before it kills the worker process.
  await markJobAsFailedIfWillExceedMaxAttempts(ctx, job, error);
  await markJobAsFailedIfWillExceedMaxExceptions(ctx, job, error);
  if (job.shouldFailOnTimeout()) await job.fail(error);
  ctx.events.emit("timedOut", job);
  // Laravel's process dies here, leaving the job reserved until retry_after. We keep the lane when
  // the handler honours its AbortSignal; a handler that does not is stuck, so the worker stops (exit 1).
  const settled = await Promise.race([
    running.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ctx.options.timeoutGraceMs).unref()),
  ]);
  if (!settled) ctx.requestStop("timeout");
  return "timedOut";
}

/** `CallQueuedHandler::ensureUniqueJobLockIsReleased()` for handlers declared unique. */
export async function releaseUniqueLock(ctx: WorkerContext, job: RedisJob, data: unknown): Promise<void> {
  const registered = ctx.handlers.get(job.handlerName);
  if (!registered?.uniqueId || !ctx.uniqueJobs) return;
  await ctx.uniqueJobs.release(job.handlerName, registered.uniqueId(data, job));
}

/** ≈ `Worker::handleJobException()`: fail when out of attempts, else release with backoff. */
export async function handleJobException(ctx: WorkerContext, job: RedisJob, error: Error): Promise<void> {
  try {
    if (!job.hasFailed()) {
      await markJobAsFailedIfWillExceedMaxAttempts(ctx, job, error);
      await markJobAsFailedIfWillExceedMaxExceptions(ctx, job, error);
    }
    ctx.events.emit("exceptionOccurred", job, error);
  } catch (failure) {
    ctx.report(failure);
  } finally {
    if (!job.isDeleted() && !job.isReleased() && !job.hasFailed()) {
      await job.release(calculateBackoff(job, ctx.options.backoff)).catch((e: unknown) => ctx.report(e));
    }
  }
}

function maxTriesOf(ctx: WorkerContext, job: RedisJob): number {
  return job.maxTries() ?? ctx.options.tries;
}

async function markJobAsFailedIfAlreadyExceedsMaxAttempts(ctx: WorkerContext, job: RedisJob): Promise<void> {
  const maxTries = maxTriesOf(ctx, job);
  const retryUntil = job.retryUntil();
  if (retryUntil && ctx.queue.now() <= retryUntil) return;
  if (!retryUntil && (maxTries === 0 || job.attempts() <= maxTries)) return;
  const error = maxAttemptsExceeded(ctx, job);
  await job.fail(error);
  throw error;
}

async function markJobAsFailedIfWillExceedMaxAttempts(
  ctx: WorkerContext,
  job: RedisJob,
  error: Error,
): Promise<void> {
  const maxTries = maxTriesOf(ctx, job);
  const retryUntil = job.retryUntil();
  if (retryUntil && retryUntil <= ctx.queue.now()) await job.fail(error);
  if (!retryUntil && maxTries > 0 && job.attempts() >= maxTries) await job.fail(error);
}

/** The `job-exceptions:<uuid>` counter in the default cache store (a day long), like Laravel. */
async function markJobAsFailedIfWillExceedMaxExceptions(
  ctx: WorkerContext,
  job: RedisJob,
  error: Error,
): Promise<void> {
  const maxExceptions = job.maxExceptions();
  if (!ctx.cache || job.uuid === null || maxExceptions === null) return;
  const key = `job-exceptions:${job.uuid}`;
  if (!(await ctx.cache.get(key))) await ctx.cache.put(key, 0, 86_400);
  if (maxExceptions <= (await ctx.cache.increment(key))) {
    await ctx.cache.forget(key);
    await job.fail(error);
  }
}

function maxAttemptsExceeded(ctx: WorkerContext, job: RedisJob): MaxAttemptsExceededError {
  const tail =
    ctx.queue.format.maxAttemptsMessage === "long"
      ? " or run too long. The job may have previously timed out."
      : ".";
  return new MaxAttemptsExceededError(`${job.name} has been attempted too many times${tail}`, {
    uuid: job.uuid,
    jobId: job.id,
    queue: job.queue,
    attempts: job.attempts(),
  });
}

function timeoutException(ctx: WorkerContext, job: RedisJob, seconds: number): Error {
  if (ctx.queue.format.timeoutFailsAs === "max-attempts") return maxAttemptsExceeded(ctx, job);
  return new JobTimeoutError(`${job.name} has timed out.`, seconds, {
    uuid: job.uuid,
    jobId: job.id,
    queue: job.queue,
    attempts: job.attempts(),
  });
}
