/**
 * What the loop, process-job and the failure pipeline share: one Worker's collaborators and state.
 */
import type { FailedJobProvider } from "../../../src/contracts/queue.js";
import type { Logger } from "../../../src/observability/logger.js";
import type { QueueEncrypter } from "../job-data.js";
import type { RedisJob } from "../redis-job.js";
import type { RedisQueue } from "../redis-queue.js";
import type { WorkerEmitter } from "./events.js";
import type { ResolvedWorkerOptions } from "./options.js";
import type { StopReason } from "./stop-reasons.js";
import type { WithoutOverlappingOptions } from "./without-overlapping.js";

/** The cache the worker reads `illuminate:queue:restart` and `job-exceptions:<uuid>` from (the default store's Repository). */
export interface QueueCache {
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown, ttl?: number): Promise<boolean>;
  increment(key: string, by?: number): Promise<number>;
  forget(key: string): Promise<boolean>;
  /** `Cache::forever` (queue:restart writes the restart stamp with it). */
  forever?(key: string, value: unknown): Promise<boolean>;
}

/** A handler: gets the decoded data and the job. Returning normally deletes the job. */
export type JobHandler = (data: unknown, job: RedisJob) => unknown;

/** ≈ the job class's `failed($e)` method. */
export type FailedHandler = (data: unknown, error: Error, job: RedisJob) => unknown;

export interface RegisteredHandler {
  handler: JobHandler;
  failed?: FailedHandler;
  /** ShouldBeUnique: the job's `uniqueId()`, so its lock is released when it is done or failed. */
  uniqueId?: (data: unknown, job: RedisJob) => string;
  /** `WithoutOverlapping` job middleware on Laravel's lock (without-overlapping.ts). */
  withoutOverlapping?: WithoutOverlappingOptions;
}

export interface WorkerContext {
  readonly queue: RedisQueue;
  readonly options: ResolvedWorkerOptions;
  readonly events: WorkerEmitter;
  readonly handlers: ReadonlyMap<string, RegisteredHandler>;
  readonly logger: Logger;
  readonly failedJobs?: FailedJobProvider;
  readonly cache?: QueueCache;
  readonly encrypter?: QueueEncrypter;
  /** The worker-level `failed(job, error)` hook. */
  readonly failedHook?: (job: RedisJob, error: Error) => unknown;
  /** Releases ShouldBeUnique locks (unique-jobs.ts). */
  readonly uniqueJobs?: { release(className: string, uniqueId: string): Promise<void> };
  readonly stats: { processed: number; failed: number };
  report(error: unknown): void;
  requestStop(reason: StopReason): void;
}

export function toError(value: unknown): Error {
  return value instanceof Error
    ? value
    : new Error(typeof value === "string" ? value : JSON.stringify(value));
}
