/**
 * ≈ Illuminate\Queue\QueueManager for the `redis` queue connection: `bridge.queue`. Builds the
 * RedisQueue from `config.queue.redis`, workers, the failed_jobs store, queue:retry and queue:restart.
 * Constructed by the composition root: `new QueueManager(config.queue, services)`.
 */

import type { QueueConfig } from "../../src/config/bridge-config.js";
import { type LaravelVersion, QUEUE_FORMATS } from "../../src/config/laravel-versions.js";
import type { LockProvider } from "../../src/contracts/cache.js";
import type { FailedJobProvider, PushOptions, QueuedJob } from "../../src/contracts/queue.js";
import type { Logger } from "../../src/observability/logger.js";
import type { RedisClient } from "../../src/redis/client.js";
import { type Clock, systemClock, unixSeconds } from "../../src/support/clock.js";
import type { QueueEncrypter } from "./job-data.js";
import type { PhpJob } from "./php-job.js";
import { type BulkJob, RedisQueue } from "./redis-queue.js";
import { type RetryOptions, retryFailedJobs } from "./retry.js";
import { UniqueJobs, type UniqueOptions } from "./unique-jobs.js";
import type { QueueCache } from "./worker/context.js";
import { Worker, type WorkerHooks } from "./worker/worker.js";

export interface QueueManagerServices {
  connections: {
    connection(name?: string): RedisClient;
    blockingConnection(name?: string): RedisClient & { close(): Promise<void> };
  };
  laravelVersion: LaravelVersion;
  clock?: Clock;
  logger?: Logger;
  encrypter?: QueueEncrypter;
  /** The default cache store's Repository: queue:restart and maxExceptions counters. */
  cache?: QueueCache;
  /** The failed_jobs store, or a factory that connects it on first use. */
  failedJobs?: FailedJobProvider | (() => Promise<FailedJobProvider>);
  /** Job names whose payloads are financial (floats refused). */
  financialJobs?: readonly string[];
  /** The queue's Redis connection is a cluster (13.5+ hash tags). */
  cluster?: boolean;
  /** Locks of the default cache store (`bridge.cache`): ShouldBeUnique jobs and WithoutOverlapping handlers. */
  locks?: LockProvider;
}

export class QueueManager {
  readonly #config: QueueConfig;
  readonly #services: QueueManagerServices;
  readonly #queue: RedisQueue;
  #failed: Promise<FailedJobProvider> | undefined;
  #uniqueJobs: UniqueJobs | undefined;

  constructor(config: QueueConfig, services: QueueManagerServices) {
    this.#config = config;
    this.#services = services;
    const redis = config.redis;
    this.#queue = new RedisQueue(
      {
        connection: redis.connection,
        queue: redis.queue,
        retryAfter: redis.retryAfter,
        blockFor: redis.blockFor,
      },
      {
        client: services.connections.connection(redis.connection),
        format: QUEUE_FORMATS[services.laravelVersion],
        clock: services.clock ?? systemClock,
        connectionName: "redis",
        ...(services.cluster ? { cluster: true } : {}),
        ...(services.financialJobs ? { financialJobs: services.financialJobs } : {}),
        ...(services.encrypter ? { encrypter: services.encrypter } : {}),
      },
    );
  }

  /** `Queue::connection('redis')`: the RedisQueue (the only driver the bridge speaks). */
  connection(): RedisQueue {
    return this.#queue;
  }

  push(job: string, data?: unknown, options?: PushOptions): Promise<QueuedJob> {
    return this.#queue.push(job, data, options);
  }

  later(
    delay: number | Date,
    job: string,
    data?: unknown,
    options?: Omit<PushOptions, "delay">,
  ): Promise<QueuedJob> {
    return this.#queue.later(delay, job, data, options);
  }

  /**
   * `dispatch(new Job(...))`. With `unique` (ShouldBeUnique), the unique lock is taken first and the
   * dispatch is skipped (null) while a job with that id is queued or running, in PHP or in Node.
   */
  async dispatch(
    job: PhpJob,
    options: Omit<PushOptions, "financial"> & { unique?: UniqueOptions } = {},
  ): Promise<QueuedJob | null> {
    const { unique, ...push } = options;
    if (!unique) return this.#queue.dispatch(job, push);
    const locks = this.#unique();
    if (!(await locks.acquire(job.className, unique))) return null;
    try {
      return await this.#queue.dispatch(job, push);
    } catch (error) {
      await locks.release(job.className, unique.id ?? "");
      throw error;
    }
  }

  bulk(jobs: ReadonlyArray<BulkJob | string>, options?: Omit<PushOptions, "delay">): Promise<QueuedJob[]> {
    return this.#queue.bulk(jobs, options);
  }

  pushRaw(payload: string, queue?: string): Promise<QueuedJob> {
    return this.#queue.pushRaw(payload, queue);
  }

  size(queue?: string): Promise<number> {
    return this.#queue.size(queue);
  }

  clear(queue?: string): Promise<number> {
    return this.#queue.clear(queue);
  }

  /** A worker on this connection (`queue:work`); register handlers, then `run()`. */
  async worker(options: WorkerHooks = {}): Promise<Worker> {
    const failedJobs = this.#services.failedJobs ? await this.failer() : undefined;
    const s = this.#services;
    return new Worker(
      {
        queue: this.#queue,
        blockingConnection: () => s.connections.blockingConnection(this.#config.redis.connection),
        ...(failedJobs ? { failedJobs } : {}),
        ...(s.cache ? { cache: s.cache } : {}),
        ...(s.encrypter ? { encrypter: s.encrypter } : {}),
        ...(s.logger ? { logger: s.logger } : {}),
        ...(s.locks ? { uniqueJobs: this.#unique(), locks: s.locks } : {}),
      },
      options,
    );
  }

  /** `queue.failer`: the failed_jobs store (connected on first use). */
  failer(): Promise<FailedJobProvider> {
    const source = this.#services.failedJobs;
    if (!source)
      return Promise.reject(new Error("No failed_jobs store is configured (QUEUE_FAILED_DRIVER / DB_*)."));
    this.#failed ??= typeof source === "function" ? source() : Promise.resolve(source);
    return this.#failed;
  }

  /** `queue:retry <uuid…>`: Laravel's re-encoding, pushed onto the failed job's queue. */
  async retry(
    uuids: readonly string[],
    options: Partial<RetryOptions> = {},
  ): Promise<Array<{ uuid: string; pushed: QueuedJob | null }>> {
    const now = unixSeconds(this.#services.clock ?? systemClock);
    return retryFailedJobs(
      await this.failer(),
      uuids,
      (payload, queue) => this.#queue.pushRaw(payload, queue),
      { now, ...options },
    );
  }

  /** `queue:restart`: `Cache::forever('illuminate:queue:restart', time())`; PHP and Node workers stop after their job. */
  async restart(): Promise<number> {
    const cache = this.#services.cache;
    if (!cache?.forever) throw new Error("queue:restart needs the default cache store (CACHE_STORE=redis).");
    const now = unixSeconds(this.#services.clock ?? systemClock);
    await cache.forever("illuminate:queue:restart", now);
    return now;
  }

  #unique(): UniqueJobs {
    if (!this.#services.locks)
      throw new Error("ShouldBeUnique jobs need the cache store's locks (QueueManagerServices.locks).");
    this.#uniqueJobs ??= new UniqueJobs(this.#services.locks, this.#services.laravelVersion);
    return this.#uniqueJobs;
  }

  async close(): Promise<void> {
    if (this.#failed) await (await this.#failed).close();
  }
}
