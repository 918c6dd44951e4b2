/**
 * `laravel-redis-bridge/queue`: dispatch to and work Laravel's Redis queues (laravel-formats.md §7).
 */
export type {
  FailedJobProvider,
  FailedJobRecord,
  Job,
  JobPayload,
  PushOptions,
  QueuedJob,
} from "../../src/contracts/queue.js";
export {
  ClockSkewError,
  EnqueueOutcomeUnknownError,
  FailedJobStoreError,
  InvalidPayloadError,
  type InvalidPayloadReason,
  JobTimeoutError,
  ManuallyFailedError,
  MaxAttemptsExceededError,
  QueueConfigError,
  UnknownJobError,
} from "../../src/errors/queue-errors.js";
export {
  connectFailedJobProvider,
  DatabaseFailedJobProvider,
  type FailedJobProviderOptions,
} from "./failed/database-failed-job-provider.js";
export type { DatabaseSettings, SqlConnection, SqlDialect } from "./failed/sql-connection.js";
export { type DecodedJobData, decodeJobData, type QueueEncrypter, toPlain } from "./job-data.js";
export { CALL_QUEUED_HANDLER, createObjectPayload, createStringPayload } from "./payload.js";
export { carbon, modelIdentifier, type PhpJob, type PhpJobProperty, toPhp } from "./php-job.js";
export { type JsonInput, phpJsonDecode, phpJsonEncode } from "./php-json.js";
export { QueueManager, type QueueManagerServices } from "./queue-manager.js";
export { RedisJob } from "./redis-job.js";
export type { PoppedJob } from "./redis-pop.js";
export { type BulkJob, RedisQueue, type RedisQueueConfig, type RedisQueueServices } from "./redis-queue.js";
export { retryPayload } from "./retry.js";
export { UniqueJobs, type UniqueOptions, uniqueLockName } from "./unique-jobs.js";
export type { FailedHandler, JobHandler, QueueCache, RegisteredHandler } from "./worker/context.js";
export type { WorkerEvents } from "./worker/events.js";
export type { WorkerOptions } from "./worker/options.js";
export { listenForSignals } from "./worker/signals.js";
export { EXIT_STATUS, type StopReason, type WorkerResult } from "./worker/stop-reasons.js";
export type { WithoutOverlappingOptions } from "./worker/without-overlapping.js";
export { Worker, type WorkerHooks, type WorkerServices } from "./worker/worker.js";
