/**
 * ≈ Illuminate\Queue\RedisQueue: push / later / pushRaw / bulk / size / clear on Laravel's keys
 * (`queues:<name>`, `:delayed`, `:reserved`, `:notify`; laravel-formats.md §7.1), plus the worker's
 * primitives (pipelined pop, deleteReserved, deleteAndRelease, BLPOP). Class jobs: see dispatch.ts.
 */
import type { QueueFormat } from "../../src/config/laravel-versions.js";
import type { PushOptions, Queue as QueueContract, QueuedJob } from "../../src/contracts/queue.js";
import { InvalidPayloadError } from "../../src/errors/queue-errors.js";
import type { RedisClient } from "../../src/redis/client.js";
import { type Clock, systemClock, unixSeconds } from "../../src/support/clock.js";
import type { QueueEncrypter } from "./job-data.js";
import * as lua from "./lua-scripts.js";
import {
  assertCjsonSafe,
  createObjectPayload,
  createStringPayload,
  newPayloadIds,
  type PayloadIds,
} from "./payload.js";
import { objectPayloadFields, type PhpJob } from "./php-job.js";
import { guardPush } from "./push-outcome.js";
import { rawPayloadIds } from "./raw-payload.js";
import { type Ack, PopBatcher, type PoppedJob } from "./redis-pop.js";

/** queue.connections.redis (config/queue.php). */
export interface RedisQueueConfig {
  /** `connection` — REDIS_QUEUE_CONNECTION. @default "default" */
  connection: string;
  /** `queue` — REDIS_QUEUE. @default "default" */
  queue: string;
  /** `retry_after` — REDIS_QUEUE_RETRY_AFTER, seconds; null = reservations never expire. @default 90 */
  retryAfter: number | null;
  /** `block_for` — seconds to BLPOP on `:notify` when the queue is empty; null = no blocking, 0 = forever. */
  blockFor: number | null;
  /** `migration_batch_size` (9.23+), -1 = all. @default -1 */
  migrationBatchSize?: number;
}

/** What RedisQueue needs from the composition root. */
export interface RedisQueueServices {
  /** The Redis client of `config.connection` (ConnectionManager.connection(name)). */
  client: RedisClient;
  format: QueueFormat;
  clock?: Clock;
  /** The queue connection name Laravel logs in failed_jobs (`redis`). @default "redis" */
  connectionName?: string;
  /** The Redis connection is a cluster: 13.5+ wraps queue names in `{}` hash tags. @default false */
  cluster?: boolean;
  /** Job names (class or `Class@method`) whose payloads are financial: floats are refused. */
  financialJobs?: readonly string[];
  /** A push with no reply within this is reported as EnqueueOutcomeUnknownError. @default 10000 */
  pushTimeoutMs?: number;
  /** Laravel's Encrypter (APP_KEY), for `shouldBeEncrypted` class jobs. */
  encrypter?: QueueEncrypter;
}

/** One entry of `bulk()`: a string job and its data. */
export interface BulkJob {
  job: string;
  data?: unknown;
}

export class RedisQueue implements QueueContract {
  readonly config: Readonly<RedisQueueConfig>;
  readonly client: RedisClient;
  readonly format: QueueFormat;
  readonly clock: Clock;
  readonly connectionName: string;
  readonly #cluster: boolean;
  readonly #financial: ReadonlySet<string>;
  readonly #pushTimeoutMs: number;
  readonly #encrypter: QueueEncrypter | undefined;
  /** Pops of concurrent lanes, batched per event-loop turn (redis-pop.ts). */
  readonly batcher: PopBatcher = new PopBatcher(this);

  constructor(config: RedisQueueConfig, services: RedisQueueServices) {
    this.config = Object.freeze({ ...config });
    this.client = services.client;
    this.format = services.format;
    this.clock = services.clock ?? systemClock;
    this.connectionName = services.connectionName ?? "redis";
    this.#cluster = services.cluster ?? false;
    this.#financial = new Set(services.financialJobs ?? []);
    this.#pushTimeoutMs = services.pushTimeoutMs ?? 10_000;
    this.#encrypter = services.encrypter;
  }

  /** `RedisQueue::getQueue()`: `queues:<name>`; on a 13.5+ cluster `queues:{<name>}` unless it has a tag. */
  getQueue(queue?: string | null): string {
    const name = queue || this.config.queue;
    if (this.#cluster && this.format.clusterHashTags && !/\{[^}]+\}/.test(name)) return `queues:{${name}}`;
    return `queues:${name}`;
  }

  /** The queue name a job on `queue` is reported under (`RedisJob::getQueue()`). */
  queueName(queue?: string | null): string {
    return queue || this.config.queue;
  }

  /** UNIX seconds now (`InteractsWithTime::currentTime`). */
  now(): number {
    return unixSeconds(this.clock);
  }

  /** `Queue::push('Class@method', $data, $queue)`; with `options.delay`, `later()`. */
  async push(job: string, data?: unknown, options: PushOptions = {}): Promise<QueuedJob> {
    if (options.delay !== undefined) return this.later(options.delay, job, data, options);
    assertCjsonSafe(data, options.financial === true || this.isFinancial(job));
    // The ids are ours: the QueuedJob is built from them, not by parsing the payload back (pushRaw).
    const ids = newPayloadIds();
    const payload = createStringPayload(job, data, { format: this.format, now: this.now(), ids });
    return this.#enqueue(payload, ids, options.queue);
  }

  /** `Queue::later($delay, 'Class@method', $data)`: into `:delayed`, scored by the availability time. */
  async later(
    delay: number | Date,
    job: string,
    data?: unknown,
    options: Omit<PushOptions, "delay"> = {},
  ): Promise<QueuedJob> {
    assertCjsonSafe(data, options.financial === true || this.isFinancial(job));
    const delaySeconds = this.secondsUntil(delay);
    const ids = newPayloadIds();
    const context = { format: this.format, now: this.now(), delaySeconds, ids };
    return this.#schedule(delaySeconds, createStringPayload(job, data, context), ids, options.queue);
  }

  /**
   * `dispatch(new Job(...))` for a PHP job class: a `CallQueuedHandler@call` payload whose command is
   * the PHP-serialized (optionally encrypted) object; `options.delay` schedules it like `later()`.
   */
  async dispatch(job: PhpJob, options: Omit<PushOptions, "financial"> = {}): Promise<QueuedJob> {
    const delaySeconds = options.delay === undefined ? null : this.secondsUntil(options.delay);
    const ids = newPayloadIds();
    const payload = createObjectPayload(objectPayloadFields(job, this.#encrypter), {
      format: this.format,
      now: this.now(),
      delaySeconds,
      ids,
    });
    return delaySeconds === null
      ? this.#enqueue(payload, ids, options.queue)
      : this.#schedule(delaySeconds, payload, ids, options.queue);
  }

  /** `Queue::pushRaw($payload, $queue)`: one EVALSHA (RPUSH job + RPUSH notify). */
  async pushRaw(payload: string, queue?: string): Promise<QueuedJob> {
    return this.#enqueue(payload, rawPayloadIds(payload), queue);
  }

  #enqueue(payload: string, ids: PayloadIds, queue: string | undefined): Promise<QueuedJob> {
    const queued = queuedJob(ids, this.queueName(queue), payload, null);
    const key = this.getQueue(queue);
    const write = lua.push.run(this.client, [key, `${key}:notify`], [payload]);
    return guardPush(write, queued, this.#pushTimeoutMs, queued);
  }

  /** `RedisQueue::laterRaw`: ZADD `:delayed` (through the `later` script on 12.45+). */
  async laterRaw(delaySeconds: number, payload: string, queue?: string): Promise<QueuedJob> {
    return this.#schedule(delaySeconds, payload, rawPayloadIds(payload), queue);
  }

  async #schedule(
    delaySeconds: number,
    payload: string,
    ids: PayloadIds,
    queue: string | undefined,
  ): Promise<QueuedJob> {
    const availableAt = this.now() + delaySeconds;
    const queued = queuedJob(ids, this.queueName(queue), payload, availableAt);
    const delayed = `${this.getQueue(queue)}:delayed`;
    const write = this.format.laterViaScript
      ? lua.later.run(this.client, [delayed], [availableAt, payload])
      : this.client.zadd(delayed, availableAt, payload);
    return guardPush(write, queued, this.#pushTimeoutMs, queued);
  }

  /** `Queue::bulk($jobs, $data, $queue)`: all jobs in one atomic script call (one round trip). */
  async bulk(
    jobs: ReadonlyArray<BulkJob | string>,
    options: Omit<PushOptions, "delay"> = {},
  ): Promise<QueuedJob[]> {
    const now = this.now();
    const queueName = this.queueName(options.queue);
    const queued: QueuedJob[] = [];
    const payloads = jobs.map((entry) => {
      const { job, data } = typeof entry === "string" ? { job: entry, data: undefined } : entry;
      assertCjsonSafe(data, options.financial === true || this.isFinancial(job));
      const ids = newPayloadIds();
      const payload = createStringPayload(job, data, { format: this.format, now, ids });
      queued.push(queuedJob(ids, queueName, payload, null));
      return payload;
    });
    return this.#bulkWrite(payloads, queued, options.queue);
  }

  /** Pushes already-built payloads atomically (what bulk() and dispatchMany() end with). */
  async bulkRaw(payloads: readonly string[], queue?: string): Promise<QueuedJob[]> {
    const name = this.queueName(queue);
    const queued = payloads.map((payload) => queuedJob(rawPayloadIds(payload), name, payload, null));
    return this.#bulkWrite(payloads, queued, queue);
  }

  async #bulkWrite(
    payloads: readonly string[],
    queued: QueuedJob[],
    queue: string | undefined,
  ): Promise<QueuedJob[]> {
    if (payloads.length === 0) return queued;
    const key = this.getQueue(queue);
    const write = lua.bulkPush.run(this.client, [key, `${key}:notify`], [...payloads]);
    return guardPush(write, queued[0] as QueuedJob, this.#pushTimeoutMs, queued, payloads.length);
  }

  /** `Queue::size($queue)`: ready + delayed + reserved. */
  async size(queue?: string): Promise<number> {
    const key = this.getQueue(queue);
    return lua.size.run(this.client, [key, `${key}:delayed`, `${key}:reserved`], []);
  }

  /** 13.x `pendingSize` / `delayedSize` / `reservedSize` in one round trip. */
  async sizes(queue?: string): Promise<{ pending: number; delayed: number; reserved: number }> {
    const key = this.getQueue(queue);
    const results =
      (await this.client.pipeline().llen(key).zcard(`${key}:delayed`).zcard(`${key}:reserved`).exec()) ?? [];
    const [pending, delayed, reserved] = results.map(([error, value]) => {
      if (error) throw error;
      return Number(value);
    });
    return { pending: pending ?? 0, delayed: delayed ?? 0, reserved: reserved ?? 0 };
  }

  /** `RedisQueue::clear($queue)`: deletes the four keys, returns the jobs they held. */
  async clear(queue?: string): Promise<number> {
    const key = this.getQueue(queue);
    return lua.clear.run(this.client, [key, `${key}:delayed`, `${key}:reserved`, `${key}:notify`], []);
  }

  /**
   * `RedisQueue::pop()` without the blocking step: migrate `:delayed` and expired `:reserved`, then
   * the pop script — one pipeline, Laravel's commands in Laravel's order. `ack` (the previous job's
   * reserved bytes) rides in front as its ZREM, saving a round trip per job.
   */
  pop(queue?: string, ack?: Ack): Promise<PoppedJob | null> {
    return this.batcher.pop(queue, ack);
  }

  /** `RedisQueue::deleteReserved()`: ZREM of the exact reserved bytes. */
  async deleteReserved(queue: string, reserved: Buffer): Promise<void> {
    await this.client.zrem(`${this.getQueue(queue)}:reserved`, reserved);
  }

  /** `RedisQueue::deleteAndRelease()`: the reserved bytes move to `:delayed`, available in `delay` s. */
  async deleteAndRelease(queue: string, reserved: Buffer, delaySeconds: number): Promise<void> {
    const key = this.getQueue(queue);
    await lua.release.run(
      this.client,
      [`${key}:delayed`, `${key}:reserved`],
      [reserved, this.now() + delaySeconds],
    );
  }

  /** `blpop([$queue.':notify'], $blockFor)` on a dedicated connection; true when a token came. */
  async blockForNotify(blocking: RedisClient, queue: string | undefined, seconds: number): Promise<boolean> {
    const reply = await blocking.blpop(`${this.getQueue(queue)}:notify`, seconds);
    return reply !== null;
  }

  /** Whether `job` (a class or `Class@method`) is listed in `financialJobs`. */
  isFinancial(job: string): boolean {
    if (this.#financial.size === 0) return false;
    return this.#financial.has(job) || this.#financial.has(job.split("@")[0] ?? job);
  }

  /** `secondsUntil($delay)`: ints as given, Dates as seconds from now (never negative). */
  secondsUntil(delay: number | Date): number {
    if (delay instanceof Date) return Math.max(0, Math.floor(delay.getTime() / 1000) - this.now());
    if (!Number.isFinite(delay) || delay < 0) {
      throw new InvalidPayloadError(
        "unsupported-value",
        `A delay must be a non-negative number of seconds or a Date, got ${delay}.`,
      );
    }
    return Math.floor(delay);
  }
}

/** The QueuedJob a push reports. */
function queuedJob(ids: PayloadIds, queue: string, payload: string, availableAt: number | null): QueuedJob {
  return { id: ids.id, uuid: ids.uuid, queue, payload, availableAt };
}
