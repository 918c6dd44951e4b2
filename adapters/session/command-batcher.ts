/**
 * Per-tick write coalescing for session commands (PERFORMANCE.md G0.4): every GET/SETEX/DEL asked
 * for during one turn of the event loop goes to Redis in ONE pipeline (one write, one read
 * syscall on each side), like ioredis' autopipelining, which the shared connections do not enable.
 * Under load this cuts Redis CPU per request several-fold; alone, it costs one setImmediate.
 * Each caller still gets its own result or its own error; commands keep their order.
 */
import type { RedisClient } from "../../src/redis/client.js";

type Pipeline = ReturnType<RedisClient["pipeline"]>;

interface Pending {
  add: (pipeline: Pipeline) => void;
  count: number;
  resolve: (results: unknown[]) => void;
  reject: (error: unknown) => void;
}

export class CommandBatcher {
  readonly #client: RedisClient;
  #pending: Pending[] = [];
  #scheduled = false;

  constructor(client: RedisClient) {
    this.#client = client;
  }

  /** Queues `count` commands (added by `add`) for this tick's pipeline; resolves with their replies. */
  run(count: number, add: (pipeline: Pipeline) => void): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ add, count, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    const batch = this.#pending;
    this.#pending = [];
    this.#scheduled = false;
    let pipeline: Pipeline;
    try {
      pipeline = this.#client.pipeline();
      for (const op of batch) op.add(pipeline);
    } catch (error) {
      for (const op of batch) op.reject(error);
      return;
    }
    pipeline.exec().then(
      (results) => {
        if (results === null) {
          for (const op of batch) op.reject(new Error("Redis discarded the pipeline"));
          return;
        }
        let at = 0;
        for (const op of batch) {
          const mine = results.slice(at, at + op.count);
          at += op.count;
          const failed = mine.find(([error]) => error);
          if (failed) op.reject(failed[0]);
          else op.resolve(mine.map(([, value]) => value));
        }
      },
      (error: unknown) => {
        for (const op of batch) op.reject(error);
      },
    );
  }
}
