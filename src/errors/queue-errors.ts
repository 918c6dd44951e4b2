import { BridgeError } from "./bridge-error.js";

/** Where a queue error happened: the job (when known) and the queue name (without `queues:`). */
export interface QueueErrorContext {
  /** The payload `id` (Str::random(32)), when known. */
  jobId?: string | null;
  /** The payload `uuid`, when known: the identity failed_jobs and queue:retry use. */
  uuid?: string | null;
  queue?: string;
  attempts?: number;
  cause?: unknown;
}

abstract class QueueError extends BridgeError {
  readonly jobId: string | null;
  readonly uuid: string | null;
  readonly queue: string | null;
  readonly attempts: number | null;

  constructor(message: string, context: QueueErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.jobId = context.jobId ?? null;
    this.uuid = context.uuid ?? null;
    this.queue = context.queue ?? null;
    this.attempts = context.attempts ?? null;
  }
}

/**
 * A payload we refuse to push or cannot read (Laravel's `InvalidPayloadException`): bad JSON, no
 * numeric `attempts`, a number cjson would rewrite, a float in a financial job. `reason` is stable.
 */
export class InvalidPayloadError extends QueueError {
  readonly code = "ERR_QUEUE_INVALID_PAYLOAD" as const;
  readonly reason: InvalidPayloadReason;
  /** JSON path of the offending value inside the payload data, e.g. `data.amount`. */
  readonly path: string | null;

  constructor(
    reason: InvalidPayloadReason,
    message: string,
    context: QueueErrorContext & { path?: string } = {},
  ) {
    super(message, context);
    this.reason = reason;
    this.path = context.path ?? null;
  }
}

export type InvalidPayloadReason =
  | "json"
  | "attempts"
  | "unsafe-number"
  | "financial-float"
  | "unsupported-value"
  | "job-name"
  | "command";

/** Laravel's `MaxAttemptsExceededException`: "[Job] has been attempted too many times or run too long." */
export class MaxAttemptsExceededError extends QueueError {
  readonly code = "ERR_QUEUE_MAX_ATTEMPTS" as const;
}

/** Laravel's `TimeoutExceededException` (12.x; 8.x reports MaxAttemptsExceeded): the handler ran past `timeout`. */
export class JobTimeoutError extends QueueError {
  readonly code = "ERR_QUEUE_TIMEOUT" as const;
  readonly timeoutSeconds: number;

  constructor(message: string, timeoutSeconds: number, context: QueueErrorContext = {}) {
    super(message, context);
    this.timeoutSeconds = timeoutSeconds;
  }
}

/** Laravel's `ManuallyFailedException`: `job.fail()` was called without an error. */
export class ManuallyFailedError extends QueueError {
  readonly code = "ERR_QUEUE_MANUALLY_FAILED" as const;
}

/**
 * The push was written to Redis but no reply came back (connection lost or no reply within
 * `pushTimeoutMs`): the job may or may not be on the queue. Never re-send blindly; the `uuid` lets
 * consumers de-duplicate, and an outbox relay should re-check it.
 */
export class EnqueueOutcomeUnknownError extends QueueError {
  readonly code = "ERR_QUEUE_PUSH_UNKNOWN" as const;
}

/** A job whose class (or `Class@method`) has no Node handler. */
export class UnknownJobError extends QueueError {
  readonly code = "ERR_QUEUE_UNKNOWN_JOB" as const;
  readonly jobName: string;

  constructor(jobName: string, context: QueueErrorContext = {}) {
    super(
      `No handler is registered for job [${jobName}]. Register one with worker.handle("${jobName}", fn), ` +
        "or give Node-handled jobs their own queue so PHP workers keep theirs.",
      context,
    );
    this.jobName = jobName;
  }
}

/** A worker or queue option that would break Laravel's guarantees (e.g. `timeout >= retry_after`). */
export class QueueConfigError extends BridgeError {
  readonly code = "ERR_QUEUE_CONFIG" as const;
  readonly option: string;

  constructor(option: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.option = option;
  }
}

/** The failed_jobs table could not be read or written (`database-uuids` layout). */
export class FailedJobStoreError extends BridgeError {
  readonly code = "ERR_QUEUE_FAILED_STORE" as const;
  readonly driver: string;

  constructor(driver: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.driver = driver;
  }
}

/** This host's clock and Redis' `TIME` disagree: migrating reservations would re-deliver jobs early. */
export class ClockSkewError extends BridgeError {
  readonly code = "ERR_QUEUE_CLOCK_SKEW" as const;
  readonly skewSeconds: number;

  constructor(skewSeconds: number, maxSkewSeconds: number) {
    super(
      `This host's clock is ${skewSeconds.toFixed(1)} s away from Redis TIME (allowed ${maxSkewSeconds} s): ` +
        "migrating reserved jobs with it would re-deliver in-flight jobs early. Fix NTP on this host, " +
        "or raise maxClockSkewSeconds if the skew is known and harmless.",
    );
    this.skewSeconds = skewSeconds;
  }
}
