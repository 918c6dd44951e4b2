/**
 * The worker's events (≈ JobProcessing, JobProcessed, JobFailed, JobExceptionOccurred, Looping,
 * JobTimedOut, WorkerStopping) as a small typed emitter. Listeners' errors never break the loop;
 * `error` carries infrastructure failures (Redis down, failed_jobs unreachable) as Error instances.
 */
import type { RedisJob } from "../redis-job.js";
import type { StopReason } from "./stop-reasons.js";

export interface WorkerEvents {
  processing: [job: RedisJob];
  processed: [job: RedisJob];
  failed: [job: RedisJob, error: Error];
  exceptionOccurred: [job: RedisJob, error: Error];
  timedOut: [job: RedisJob];
  /** Before each pop; a listener returning false pauses the loop (`Looping` + `events->until`). */
  looping: [];
  stopping: [reason: StopReason, status: number];
  error: [error: Error];
}

type Listener<K extends keyof WorkerEvents> = (...args: WorkerEvents[K]) => unknown;

export class WorkerEmitter {
  readonly #listeners = new Map<keyof WorkerEvents, Array<Listener<never>>>();
  #onListenerError: (error: Error) => void = () => {};

  on<K extends keyof WorkerEvents>(event: K, listener: Listener<K>): this {
    const list = this.#listeners.get(event) ?? [];
    list.push(listener as Listener<never>);
    this.#listeners.set(event, list);
    return this;
  }

  off<K extends keyof WorkerEvents>(event: K, listener: Listener<K>): this {
    const list = this.#listeners.get(event) ?? [];
    this.#listeners.set(
      event,
      list.filter((l) => l !== (listener as Listener<never>)),
    );
    return this;
  }

  listenerCount(event: keyof WorkerEvents): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  /** Where errors thrown by listeners go (the worker logs them). */
  onListenerError(handler: (error: Error) => void): void {
    this.#onListenerError = handler;
  }

  /** Calls every listener; returns false when one returned false (for `looping`). */
  emit<K extends keyof WorkerEvents>(event: K, ...args: WorkerEvents[K]): boolean {
    let result = true;
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        if ((listener as Listener<K>)(...args) === false) result = false;
      } catch (error) {
        if (event !== "error")
          this.#onListenerError(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return result;
  }
}
