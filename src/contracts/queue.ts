/**
 * Queue contracts, mirroring Illuminate\Contracts\Queue (Queue, Job) and
 * Illuminate\Queue\Failed\FailedJobProviderInterface. Interfaces only.
 */

/** The JSON payload of a Laravel Redis job (laravel-formats.md §7.5), as `json_decode` sees it. */
export interface JobPayload {
  uuid?: string;
  displayName?: string | null;
  /** `Class@method` (string jobs) or `Illuminate\Queue\CallQueuedHandler@call` (object jobs). */
  job: string;
  maxTries?: number | null;
  maxExceptions?: number | null;
  failOnTimeout?: boolean;
  /** Comma-joined seconds, e.g. `"10,60"`. */
  backoff?: string | number | null;
  timeout?: number | null;
  /** UNIX seconds. */
  retryUntil?: number | null;
  /** Legacy name of retryUntil, still read by Laravel 8. */
  timeoutAt?: number | null;
  deleteWhenMissingModels?: boolean;
  data: unknown;
  createdAt?: number;
  id?: string;
  attempts: number;
  /** Seconds of `later()` (12.11+), null for push. */
  delay?: number | null;
  [hookKey: string]: unknown;
}

/** What a push returns: Laravel returns the payload `id`; the `uuid` is the identity to de-duplicate on. */
export interface QueuedJob {
  id: string;
  uuid: string;
  /** The queue name (without `queues:`). */
  queue: string;
  /** The exact JSON bytes pushed. */
  payload: string;
  /** UNIX seconds when a delayed job becomes available; null for immediate jobs. */
  availableAt: number | null;
}

export interface PushOptions {
  /** The queue name. @default the connection's queue (REDIS_QUEUE) */
  queue?: string;
  /** Seconds (or a Date) to wait before the job is available (`later()`). */
  delay?: number | Date;
  /**
   * The ledger rule: a financial job carries money as strings, so any float is refused. Jobs whose
   * class is listed in `financialJobs` are financial without this flag.
   */
  financial?: boolean;
}

/** `Illuminate\Contracts\Queue\Queue` for the Redis driver. */
export interface Queue {
  /** `Queue::push('Class@method', $data)`: a string job. */
  push(job: string, data?: unknown, options?: PushOptions): Promise<QueuedJob>;
  /** `Queue::later($delay, 'Class@method', $data)`; `delay` in seconds or a Date. */
  later(
    delay: number | Date,
    job: string,
    data?: unknown,
    options?: Omit<PushOptions, "delay">,
  ): Promise<QueuedJob>;
  /** `Queue::pushRaw($payload, $queue)`: refuses payloads without a numeric `attempts`. */
  pushRaw(payload: string, queue?: string): Promise<QueuedJob>;
  /** `Queue::size($queue)`: pending + delayed + reserved. */
  size(queue?: string): Promise<number>;
  /** `Queue::clear($queue)`: deletes the four keys, returns how many jobs they held. */
  clear(queue?: string): Promise<number>;
}

/** `Illuminate\Contracts\Queue\Job`: what a handler gets besides the data. */
export interface Job {
  /** `Job::attempts()`: the payload's `attempts` + 1 (the reserved copy's count). */
  attempts(): number;
  /** `Job::release($delay)`: back to `:delayed`, available in `delaySeconds`. */
  release(delaySeconds?: number): Promise<void>;
  /** `Job::delete()`: ZREM of the exact reserved bytes. */
  delete(): Promise<void>;
  /** `Job::fail($e)`: delete, run the failed hooks, log to failed_jobs. */
  fail(error?: unknown): Promise<void>;
  isDeleted(): boolean;
  isReleased(): boolean;
  hasFailed(): boolean;
  /** `Job::uuid()`. */
  readonly uuid: string | null;
  /** `Job::getJobId()`: the payload `id`. */
  readonly id: string | null;
  /** `Job::getQueue()`: the queue name. */
  readonly queue: string;
  /** `Job::payload()`: the decoded original JSON. */
  readonly payload: JobPayload;
  /** `Job::getRawBody()`: the original bytes popped from the list. */
  readonly rawBody: string;
  /** `Job::resolveName()`: displayName or job. */
  readonly name: string;
  /** Aborted when the job runs past its `timeout` or the worker is stopping hard. */
  readonly signal: AbortSignal;
}

/** A failed_jobs row (`database-uuids` layout). */
export interface FailedJobRecord {
  /** The autoincrement id. */
  id: number;
  uuid: string;
  connection: string;
  queue: string;
  /** The raw original payload bytes. */
  payload: string;
  /** `(string) $exception`: class, message, location and stack. */
  exception: string;
  /** `Y-m-d H:i:s`, UTC. */
  failedAt: string;
}

/** `FailedJobProviderInterface` + `PrunableFailedJobProvider` (DatabaseUuidFailedJobProvider). */
export interface FailedJobProvider {
  /** `log($connection, $queue, $payload, $exception)`: returns the uuid. */
  log(connection: string, queue: string, payload: string, exception: string): Promise<string>;
  /** `all()`, newest first. */
  all(): Promise<FailedJobRecord[]>;
  /** `find($uuid)`. */
  find(uuid: string): Promise<FailedJobRecord | null>;
  /** `forget($uuid)`: true when a row was deleted. */
  forget(uuid: string): Promise<boolean>;
  /** `flush($hours)`: deletes every row, or those older than `hours` (12.x). Returns the count. */
  flush(hours?: number): Promise<number>;
  /** `prune($before)`: deletes rows failed before the date, returns the count. */
  prune(before: Date): Promise<number>;
  close(): Promise<void>;
}
