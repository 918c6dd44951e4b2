/**
 * Per-tick write coalescing for session commands (PERFORMANCE.md G0.4): every GET/SETEX/SET/DEL
 * asked for during one turn of the event loop goes to Redis in ONE pipeline (one write, one read
 * syscall on each side), like ioredis' autopipelining, which the shared connections do not enable.
 * Under load this cuts Redis CPU per request several-fold; alone, it costs one setImmediate.
 * Each caller still gets its own result or its own error; commands keep their order.
 *
 * Hot path: one small record and one promise per command, no closure per command and no copies
 * of the reply list (a request sends one command at start and one at save).
 */
import type { RedisClient } from "../../src/redis/client.js";

/** The pipeline commands the session handler sends. */
export type BatchedCommand = "getBuffer" | "setex" | "set" | "del";

type Pipeline = ReturnType<RedisClient["pipeline"]>;
type Send = (this: Pipeline, ...args: unknown[]) => Pipeline;

interface Pending {
  name: BatchedCommand;
  args: unknown[];
  resolve: (reply: unknown) => void;
  reject: (error: unknown) => void;
}

export class CommandBatcher {
  readonly #client: RedisClient;
  #pending: Pending[] = [];
  #scheduled = false;
  // Bound once: setImmediate gets the same function every tick.
  readonly #flushNow = (): void => this.#flush();

  constructor(client: RedisClient) {
    this.#client = client;
  }

  /** Queues one command (ioredis' own arguments) for this tick's pipeline; resolves with its reply. */
  send(name: BatchedCommand, args: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ name, args, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(this.#flushNow);
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
      for (const op of batch) (pipeline[op.name] as unknown as Send).apply(pipeline, op.args);
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
        for (let i = 0; i < batch.length; i++) {
          const op = batch[i] as Pending;
          const entry = results[i];
          if (entry === undefined) op.reject(new Error("Redis sent no reply for a pipelined command"));
          else if (entry[0]) op.reject(entry[0]);
          else op.resolve(entry[1]);
        }
      },
      (error: unknown) => {
        for (const op of batch) op.reject(error);
      },
    );
  }
}
