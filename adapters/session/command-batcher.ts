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
  /** Applied to the reply before resolving (a throw rejects): saves the caller a `.then` layer. */
  map: ((reply: unknown) => unknown) | undefined;
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

  /**
   * Queues one command (ioredis' own arguments) for this tick's pipeline; resolves with its reply,
   * passed through `map` when given (a throw in `map` rejects).
   */
  send<T = unknown>(name: BatchedCommand, args: unknown[], map?: (reply: unknown) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ name, args, map, resolve: resolve as (reply: unknown) => void, reject });
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
          else if (op.map === undefined) op.resolve(entry[1]);
          else settleMapped(op, entry[1]);
        }
      },
      (error: unknown) => {
        for (const op of batch) op.reject(error);
      },
    );
  }
}

function settleMapped(op: Pending, reply: unknown): void {
  let value: unknown;
  try {
    value = (op.map as (reply: unknown) => unknown)(reply);
  } catch (error) {
    op.reject(error);
    return;
  }
  op.resolve(value);
}
