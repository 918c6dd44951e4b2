/**
 * ≈ `Worker::daemon()` / `runNextJob()` / `getNextJob()` for one lane: pop (migrate + migrate + pop,
 * pipelined) from each queue in priority order, BLPOP on `:notify` when `block_for` is set, process,
 * rest or sleep, then check the stop conditions. A Worker runs `concurrency` lanes side by side.
 */

import type { JobPayload } from "../../../src/contracts/queue.js";
import { InvalidPayloadError } from "../../../src/errors/queue-errors.js";
import type { RedisClient } from "../../../src/redis/client.js";
import { RedisJob } from "../redis-job.js";
import type { PoppedJob } from "../redis-pop.js";
import type { WorkerContext } from "./context.js";
import { exceptionText } from "./failure.js";
import { processJob } from "./process-job.js";

/** What a lane needs from its Worker besides the shared context. */
export interface LaneHost {
  readonly ctx: WorkerContext;
  /** True once a stop was requested: pop nothing new. */
  stopping(): boolean;
  /** False while paused or when a `looping` listener said no. */
  shouldRun(): boolean;
  /** Reserve a job slot (max-jobs across lanes); false = do not pop. */
  takeSlot(): boolean;
  releaseSlot(): void;
  /** Interruptible sleep, in seconds. */
  sleep(seconds: number): Promise<void>;
  /** While paused: resolves on resume(), stop(), or after a while (to re-check stop conditions). */
  pausedWait(): Promise<void>;
  /** After each iteration: decides whether the worker stops. */
  afterIteration(hadJob: boolean): Promise<void>;
  blockingClient(): RedisClient;
  failer: (job: RedisJob, error: unknown) => Promise<void>;
}

interface PendingAck {
  queue: string;
  reserved: Buffer;
}

export class Lane {
  #ack: PendingAck | null = null;
  #secondaryHadJob = false;
  /** This lane's own connection for BLPOP, opened on first use (closed by the worker on stop). */
  #blocking: RedisClient | undefined;

  constructor(private readonly host: LaneHost) {}

  /** The daemon loop; resolves when the worker stops. */
  async run(): Promise<void> {
    const { options } = this.host.ctx;
    try {
      while (!this.host.stopping()) {
        if (!this.host.shouldRun()) {
          await this.flushAck();
          await this.host.pausedWait();
          // Laravel's pauseWorker() checks the stop conditions as if no job came.
          await this.host.afterIteration(false);
          continue;
        }
        const hadJob = await this.runNextJob();
        if (!hadJob && !this.host.stopping()) {
          await this.flushAck();
          await this.host.sleep(options.sleep);
        } else if (hadJob && options.rest > 0) {
          await this.flushAck();
          await this.host.sleep(options.rest);
        }
        await this.host.afterIteration(hadJob);
        if (options.once) break;
      }
    } finally {
      await this.flushAck();
    }
  }

  /** One pop-and-process step; true when a job (even a poison one) came. */
  async runNextJob(): Promise<boolean> {
    if (!this.host.takeSlot()) return false;
    let popped: PoppedJob | null;
    try {
      popped = await this.getNextJob();
    } catch (error) {
      this.host.releaseSlot();
      // Laravel reports and sleeps a second; ioredis reconnects by itself, so the lane keeps going.
      this.host.ctx.report(error);
      await this.host.sleep(1);
      return false;
    }
    if (!popped) {
      this.host.releaseSlot();
      return false;
    }
    try {
      await this.process(popped);
    } finally {
      this.host.releaseSlot();
    }
    return true;
  }

  async getNextJob(): Promise<PoppedJob | null> {
    const { queue, options } = this.host.ctx;
    const blockFor = queue.config.blockFor;
    for (const [index, name] of options.queues.entries()) {
      let popped = await this.pop(name);
      const mayBlock = !queue.format.blockOnlyFirstQueue || (index === 0 && !this.#secondaryHadJob);
      if (index === 0) this.#secondaryHadJob = false;
      if (!popped && blockFor !== null && mayBlock && !this.host.stopping()) {
        await this.flushAck();
        this.#blocking ??= this.host.blockingClient();
        const woke = await queue.blockForNotify(this.#blocking, name, blockFor).catch((error: unknown) => {
          if (this.host.stopping()) return false;
          throw error;
        });
        if (woke && !this.host.stopping()) popped = await this.pop(name);
      }
      if (popped) {
        if (index > 0) this.#secondaryHadJob = true;
        return popped;
      }
    }
    return null;
  }

  async pop(name: string): Promise<PoppedJob | null> {
    const ack = this.#ack ?? undefined;
    const popped = await this.host.ctx.queue.pop(name, ack);
    if (ack && (popped === null || popped.acked)) this.#ack = null;
    return popped;
  }

  async flushAck(): Promise<void> {
    const ack = this.#ack;
    if (!ack) return;
    try {
      await this.host.ctx.queue.deleteReserved(ack.queue, ack.reserved);
      this.#ack = null;
    } catch (error) {
      this.host.ctx.report(error);
    }
  }

  async process(popped: PoppedJob): Promise<void> {
    const ctx = this.host.ctx;
    let payload: JobPayload;
    try {
      payload = JSON.parse(popped.raw.toString("utf8")) as JobPayload;
      if (popped.reserved === null || payload === null || typeof payload !== "object")
        throw new SyntaxError("no numeric attempts");
    } catch (cause) {
      await this.poison(popped, cause);
      return;
    }
    const job = new RedisJob(ctx.queue, popped.raw, popped.reserved, popped.queue, payload, {
      failer: this.host.failer,
    });
    job.deferDelete = (done) => {
      this.#ack = { queue: done.queue, reserved: done.reserved };
    };
    await processJob(ctx, job);
  }

  /** A payload the pop script could not reserve (not JSON / no numeric attempts): log it, never drop it silently. */
  async poison(popped: PoppedJob, cause: unknown): Promise<void> {
    const ctx = this.host.ctx;
    const text = popped.raw.toString("utf8");
    const error = new InvalidPayloadError(
      popped.reserved === null ? "attempts" : "json",
      `Queue [${popped.queue}] held a payload that is not a Laravel job (invalid JSON or no numeric "attempts"); it was moved to failed_jobs.`,
      { queue: popped.queue, cause },
    );
    ctx.stats.failed++;
    if (!ctx.failedJobs) {
      ctx.report(
        new Error(
          `${error.message} No failed-job store is configured, so it is lost: configure failed_jobs (DB_*).`,
        ),
      );
      return;
    }
    try {
      await ctx.failedJobs.log(ctx.queue.connectionName, popped.queue, text, exceptionText(error));
    } catch (failure) {
      // Keep it: back at the end of the list, for a later attempt.
      ctx.report(failure);
      await ctx.queue.client.rpush(ctx.queue.getQueue(popped.queue), popped.raw);
    }
  }
}
