/**
 * ≈ Illuminate\Queue\Jobs\RedisJob (+ Jobs\Job): one popped job. `rawBody` is the original JSON from
 * the list; `reserved` the exact bytes the pop script put in `:reserved` — deleting or releasing
 * needs those bytes, never a re-encoding (laravel-formats.md §7.3, §7.4).
 */

import type { PhpObject } from "../../src/codecs/php/values.js";
import type { Job, JobPayload } from "../../src/contracts/queue.js";
import { CALL_QUEUED_HANDLER } from "./payload.js";
import type { RedisQueue } from "./redis-queue.js";

/** What fail() delegates to: the worker's failure pipeline (hooks, failed_jobs, events). */
export type JobFailer = (job: RedisJob, error: unknown) => Promise<void>;

export class RedisJob implements Job {
  readonly rawBody: string;
  readonly reserved: Buffer;
  readonly queue: string;
  readonly payload: JobPayload;
  /** The lossless PHP command of a `CallQueuedHandler@call` job, once decoded (job-data.ts). */
  command: PhpObject | null = null;
  /** Set by the worker to run the auto-delete through its pipelined acknowledgement. */
  deferDelete: ((job: RedisJob) => void) | null = null;
  readonly #redis: RedisQueue;
  readonly #failer: JobFailer;
  // Created on first use: most handlers never look at the signal, and AbortControllers are not free.
  #abort: AbortController | undefined;
  #abortReason: unknown;
  #deleted = false;
  #released = false;
  #failed = false;

  constructor(
    redis: RedisQueue,
    raw: Buffer,
    reserved: Buffer,
    queue: string,
    payload: JobPayload,
    options: { failer: JobFailer },
  ) {
    this.#redis = redis;
    this.rawBody = raw.toString("utf8");
    this.reserved = reserved;
    this.queue = queue;
    this.payload = payload;
    this.#failer = options.failer;
  }

  /** Aborted when the job runs past its timeout (the reason is the timeout error). */
  get signal(): AbortSignal {
    if (!this.#abort) {
      this.#abort = new AbortController();
      if (this.#abortReason !== undefined) this.#abort.abort(this.#abortReason);
    }
    return this.#abort.signal;
  }

  /** Fires the signal (the worker's timeout). */
  abort(reason: unknown): void {
    this.#abortReason = reason;
    this.#abort?.abort(reason);
  }

  /** `RedisJob::attempts()`: the original `attempts` + 1. */
  attempts(): number {
    return (typeof this.payload.attempts === "number" ? this.payload.attempts : 0) + 1;
  }

  get uuid(): string | null {
    return typeof this.payload.uuid === "string" ? this.payload.uuid : null;
  }

  get id(): string | null {
    return typeof this.payload.id === "string" ? this.payload.id : null;
  }

  /** `Job::resolveName()`: displayName, else the job string. */
  get name(): string {
    const display = this.payload.displayName;
    return typeof display === "string" && display !== "" ? display : this.payload.job;
  }

  /** The handler key: the command class for object jobs, else `Class@method` (method defaults to fire). */
  get handlerName(): string {
    if (this.payload.job === CALL_QUEUED_HANDLER) {
      const data = this.payload.data as { commandName?: unknown } | null;
      return typeof data?.commandName === "string" ? data.commandName : this.name;
    }
    return this.payload.job.includes("@") ? this.payload.job : `${this.payload.job}@fire`;
  }

  /** `Job::maxTries()`. */
  maxTries(): number | null {
    return numberOrNull(this.payload.maxTries);
  }

  /** `Job::maxExceptions()`. */
  maxExceptions(): number | null {
    return numberOrNull(this.payload.maxExceptions);
  }

  /** `Job::timeout()` in seconds. */
  timeout(): number | null {
    return numberOrNull(this.payload.timeout);
  }

  /** `Job::retryUntil()`: UNIX seconds (`timeoutAt` is the 8.x legacy name). */
  retryUntil(): number | null {
    return numberOrNull(this.payload.retryUntil) ?? numberOrNull(this.payload.timeoutAt);
  }

  /** `Job::shouldFailOnTimeout()`. */
  shouldFailOnTimeout(): boolean {
    return this.payload.failOnTimeout === true;
  }

  /** `Job::backoff()`: payload `backoff`, else the 12.11+ `delay` of later() jobs. */
  backoff(): string | number | null {
    const b = this.payload.backoff ?? this.payload.delay ?? null;
    return typeof b === "string" || typeof b === "number" ? b : null;
  }

  async delete(): Promise<void> {
    this.#deleted = true;
    await this.#redis.deleteReserved(this.queue, this.reserved);
  }

  /** Marks the job deleted and lets the worker send the ZREM with its next pop. */
  deleteLater(): void {
    this.#deleted = true;
    if (this.deferDelete) this.deferDelete(this);
    else void this.#redis.deleteReserved(this.queue, this.reserved).catch(() => {});
  }

  async release(delaySeconds = 0): Promise<void> {
    this.#released = true;
    await this.#redis.deleteAndRelease(this.queue, this.reserved, delaySeconds);
  }

  async fail(error?: unknown): Promise<void> {
    this.markAsFailed();
    if (this.#deleted) return;
    await this.#failer(this, error);
  }

  markAsFailed(): void {
    this.#failed = true;
  }

  /** Used by the failure pipeline once the reserved copy is gone. */
  markAsDeleted(): void {
    this.#deleted = true;
  }

  isDeleted(): boolean {
    return this.#deleted;
  }

  isReleased(): boolean {
    return this.#released;
  }

  isDeletedOrReleased(): boolean {
    return this.#deleted || this.#released;
  }

  hasFailed(): boolean {
    return this.#failed;
  }
}

function numberOrNull(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}
