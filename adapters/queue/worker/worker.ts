/**
 * ≈ Illuminate\Queue\Worker: runs Laravel's worker loop over a RedisQueue with `concurrency` lanes,
 * handlers registered by PHP job class or `Class@method`, failed jobs logged to failed_jobs, and
 * Laravel's stop conditions (`queue:restart`, max-jobs, max-time, memory, stop-when-empty, signals).
 */
import type { LockProvider } from "../../../src/contracts/cache.js";
import type { FailedJobProvider } from "../../../src/contracts/queue.js";
import { ClockSkewError } from "../../../src/errors/queue-errors.js";
import { type Logger, silentLogger } from "../../../src/observability/logger.js";
import type { RedisClient } from "../../../src/redis/client.js";
import type { QueueEncrypter } from "../job-data.js";
import type { RedisJob } from "../redis-job.js";
import type { RedisQueue } from "../redis-queue.js";
import type { FailedHandler, JobHandler, QueueCache, RegisteredHandler, WorkerContext } from "./context.js";
import { toError } from "./context.js";
import { WorkerEmitter, type WorkerEvents } from "./events.js";
import { createFailer } from "./failure.js";
import { Lane } from "./loop.js";
import { type ResolvedWorkerOptions, resolveWorkerOptions, type WorkerOptions } from "./options.js";
import { EXIT_STATUS, type StopReason, stopReason, type WorkerResult } from "./stop-reasons.js";
import { withoutOverlapping } from "./without-overlapping.js";

export interface WorkerServices {
  queue: RedisQueue;
  /** A new dedicated connection for BLPOP (ConnectionManager.blockingConnection); needed with block_for. */
  blockingConnection?: () => RedisClient & { close(): Promise<void> };
  failedJobs?: FailedJobProvider;
  /** The default cache store: `illuminate:queue:restart` and `job-exceptions:<uuid>`. */
  cache?: QueueCache;
  encrypter?: QueueEncrypter;
  logger?: Logger;
  /** ShouldBeUnique lock release (QueueManager passes the cache store's locks). */
  uniqueJobs?: { release(className: string, uniqueId: string): Promise<void> };
  /** The default cache store's locks: handlers declared `withoutOverlapping`. */
  locks?: LockProvider;
}

export interface WorkerHooks extends WorkerOptions {
  /** Called for every failed job (after failed_jobs and the handler's own `failed`). */
  failed?: (job: RedisJob, error: Error) => unknown;
}

export class Worker {
  readonly events = new WorkerEmitter();
  readonly options: ResolvedWorkerOptions;
  readonly #services: WorkerServices;
  readonly #handlers = new Map<string, RegisteredHandler>();
  readonly #logger: Logger;
  readonly #ctx: WorkerContext;
  readonly #blocking: Array<RedisClient & { close(): Promise<void> }> = [];
  readonly #wake = new Set<() => void>();
  #reason: StopReason | null = null;
  #paused = false;
  #inFlight = 0;
  #jobsTaken = 0;
  #lastRestart: string | null = null;
  #lastRestartCheck = 0;
  #startedAt = 0;
  #memoryMb = 0;
  #memorySampledAt = Number.NEGATIVE_INFINITY;

  constructor(services: WorkerServices, options: WorkerHooks = {}) {
    this.#services = services;
    this.#logger = services.logger ?? silentLogger;
    this.options = resolveWorkerOptions(
      options,
      services.queue.config.queue,
      services.queue.config.retryAfter,
    );
    const stats = { processed: 0, failed: 0 };
    this.#ctx = {
      queue: services.queue,
      options: this.options,
      events: this.events,
      handlers: this.#handlers,
      logger: this.#logger,
      ...(services.failedJobs ? { failedJobs: services.failedJobs } : {}),
      ...(services.cache ? { cache: services.cache } : {}),
      ...(services.encrypter ? { encrypter: services.encrypter } : {}),
      ...(options.failed ? { failedHook: options.failed } : {}),
      ...(services.uniqueJobs ? { uniqueJobs: services.uniqueJobs } : {}),
      stats,
      report: (error) => this.#report(error),
      requestStop: (reason) => this.stop(reason),
    };
    this.events.onListenerError((error) => this.#report(error));
  }

  /**
   * Registers the handler of a PHP job class (`App\Jobs\SendReceipt`) or a string job (`Class@method`).
   * `options.withoutOverlapping` runs it under Laravel's WithoutOverlapping lock for that class and key.
   */
  handle(
    name: string,
    handler: JobHandler,
    failed?: FailedHandler,
    options: Pick<RegisteredHandler, "uniqueId" | "withoutOverlapping"> = {},
  ): this {
    const run = options.withoutOverlapping
      ? withoutOverlapping(name, handler, options.withoutOverlapping, {
          locks: this.#services.locks,
          secondsUntil: (delay) => this.#services.queue.secondsUntil(delay),
        })
      : handler;
    const registered: RegisteredHandler = { ...options, handler: run, ...(failed ? { failed } : {}) };
    this.#handlers.set(name, registered);
    // A string job without `@method` is `Class@fire` in Laravel (JobName::parse).
    if (!name.includes("@")) this.#handlers.set(`${name}@fire`, registered);
    return this;
  }

  on<K extends keyof WorkerEvents>(event: K, listener: (...args: WorkerEvents[K]) => unknown): this {
    this.events.on(event, listener);
    return this;
  }

  /** Runs until a stop condition; resolves with the reason and Laravel's exit status. */
  async run(): Promise<WorkerResult> {
    this.#startedAt = performance.now();
    await this.#checkClock();
    this.#lastRestart = await this.#restartStamp();
    this.#lastRestartCheck = performance.now();
    const failer = createFailer(this.#ctx);
    const lanes = Array.from({ length: this.options.concurrency }, () => new Lane(this.#laneHost(failer)));
    this.#services.queue.batcher.addLanes(lanes.length);
    try {
      await Promise.all(lanes.map((lane) => lane.run()));
    } finally {
      this.#services.queue.batcher.addLanes(-lanes.length);
    }
    await Promise.all(this.#blocking.splice(0).map((c) => c.close().catch(() => {})));
    const reason = this.#reason ?? (this.options.once ? "once" : "interrupted");
    const status = EXIT_STATUS[reason];
    this.events.emit("stopping", reason, status);
    return { reason, status, processed: this.#ctx.stats.processed, failed: this.#ctx.stats.failed };
  }

  /** Graceful stop: lanes finish their current job, pop nothing new, and run() resolves. */
  stop(reason: StopReason = "interrupted"): void {
    this.#reason ??= reason;
    for (const wake of this.#wake) wake();
    // A lane blocked in BLPOP wakes when its connection closes.
    for (const client of this.#blocking) void client.close().catch(() => {});
  }

  /** SIGUSR2 / SIGCONT in Laravel: pause and resume popping. */
  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    for (const wake of this.#wake) wake();
  }

  get stopping(): boolean {
    return this.#reason !== null;
  }

  /** Jobs processed and failed so far (for progress output and metrics). */
  stats(): { processed: number; failed: number } {
    return { ...this.#ctx.stats };
  }

  #laneHost(failer: (job: RedisJob, error: unknown) => Promise<void>) {
    return {
      ctx: this.#ctx,
      failer,
      stopping: () => this.#reason !== null,
      shouldRun: () => !this.#paused && this.events.emit("looping"),
      takeSlot: () => {
        const max = this.options.maxJobs;
        if (max > 0 && this.#jobsTaken + this.#inFlight >= max) return false;
        this.#inFlight++;
        return true;
      },
      releaseSlot: () => {
        this.#inFlight--;
      },
      sleep: (seconds: number) => this.#sleep(seconds),
      // Paused lanes wait for resume() or stop() instead of polling (Laravel polls every --sleep).
      pausedWait: () => this.#sleep(Math.max(this.options.sleep, 1)),
      afterIteration: async (hadJob: boolean) => {
        if (hadJob) this.#jobsTaken++;
        await this.#stopIfNecessary(hadJob);
      },
      blockingClient: () => {
        const factory = this.#services.blockingConnection;
        if (!factory) throw new Error("block_for is set but the worker has no blockingConnection factory.");
        const client = factory();
        this.#blocking.push(client);
        return client;
      },
    };
  }

  async #stopIfNecessary(hadJob: boolean): Promise<void> {
    if (this.#reason !== null) return;
    const now = performance.now();
    // RSS is a syscall: sample it at most every 250 ms rather than after every job.
    if (now - this.#memorySampledAt > 250) {
      this.#memoryMb = process.memoryUsage.rss() / 1024 / 1024;
      this.#memorySampledAt = now;
    }
    const reason = stopReason({
      shouldQuit: false,
      memoryMb: this.#memoryMb,
      memoryLimitMb: this.options.memory,
      restartSignalled: await this.#restartSignalled(),
      stopWhenEmpty: this.options.stopWhenEmpty,
      hadJob,
      elapsedSeconds: (performance.now() - this.#startedAt) / 1000,
      maxTime: this.options.maxTime,
      jobsProcessed: this.#jobsTaken,
      maxJobs: this.options.maxJobs,
    });
    if (reason) this.stop(reason);
  }

  async #restartSignalled(): Promise<boolean> {
    if (!this.#services.cache) return false;
    if (performance.now() - this.#lastRestartCheck < this.options.restartCheckIntervalMs) return false;
    this.#lastRestartCheck = performance.now();
    try {
      return (await this.#restartStamp()) !== this.#lastRestart;
    } catch (error) {
      this.#report(error);
      return false;
    }
  }

  async #restartStamp(): Promise<string | null> {
    const value = await this.#services.cache?.get("illuminate:queue:restart");
    return value === null || value === undefined ? null : String(value);
  }

  async #checkClock(): Promise<void> {
    const max = this.options.maxClockSkewSeconds;
    if (max === null) return;
    const [seconds, micros] = (await this.#services.queue.client.time()) as [
      string | number,
      string | number,
    ];
    const redisMs = Number(seconds) * 1000 + Number(micros) / 1000;
    const skew = (this.#services.queue.clock.now() - redisMs) / 1000;
    if (Math.abs(skew) > max) {
      this.#reason = "clockSkew";
      throw new ClockSkewError(skew, max);
    }
  }

  #sleep(seconds: number): Promise<void> {
    if (seconds <= 0 || this.#reason !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#wake.delete(done);
        resolve();
      };
      const timer = setTimeout(done, seconds * 1000);
      this.#wake.add(done);
    });
  }

  #report(error: unknown): void {
    const err = toError(error);
    if (this.events.listenerCount("error") > 0) this.events.emit("error", err);
    else this.#logger.error({ err }, `Queue worker [${this.options.name}]: ${err.message}`);
  }
}
