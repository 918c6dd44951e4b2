/**
 * The RedisClient handed to adapters: ioredis' own methods, each wrapped so that a failure carries
 * its real cause. ioredis rejects a command with a generic "Connection is closed." or
 * MaxRetriesPerRequestError while the reason (ENOTFOUND, ECONNREFUSED, WRONGPASS…) arrives on the
 * 'error' event; the ConnectionManager records that last error in the ConnectionState and the
 * wrapper turns the rejection into a RedisConnectionError with it as `cause`.
 *
 * Hot path: a call on a ready connection costs one status check, two counter updates (the reply
 * watchdog's, see reply-watchdog.ts) and one `.then` — the handlers are created once per
 * connection, `arguments` is passed through without copying.
 */
import type { Redis } from "ioredis";
import { RedisConnectionError } from "../errors/connection-error.js";
import { autoPipelinedCallBuffer } from "./auto-pipelined-call-buffer.js";
import { REDIS_CLIENT_BATCHES, REDIS_CLIENT_COMMANDS, type RedisClient } from "./client.js";
import {
  type ConnectionContext,
  classifyError,
  isConnectionLoss,
  toConnectionError,
} from "./connection-errors.js";

/** What one connection knows about its own health; shared by the manager and the wrapper. */
export interface ConnectionState {
  readonly context: ConnectionContext;
  /** The last 'error' event since the connection was last ready. */
  lastError: Error | undefined;
  /** Incremented on every 'ready': tells whether a queued command was written before a failure. */
  readyCount: number;
  /** Set by ConnectionManager.close(). */
  closed: boolean;
  /** Commands sent through the guard and not yet answered (see reply-watchdog.ts). */
  pending: number;
  /** Bumped on every reply, and when a command is sent to an idle connection. */
  progress: number;
}

type Method = (this: Redis, ...args: unknown[]) => Promise<unknown>;
type BatchResults = [error: Error | null, result: unknown][] | null;
interface Batch {
  exec: (...args: unknown[]) => Promise<BatchResults>;
}

/** Wraps `redis` into the narrow RedisClient whose rejections are typed (see file header). */
export function guardClient(redis: Redis, state: ConnectionState): RedisClient {
  // Built once per connection: the hot path allocates nothing but ioredis' own promise and ours.
  const replied = (value: unknown): unknown => {
    state.pending--;
    state.progress++;
    return value;
  };
  const failSent = (error: unknown): never => {
    state.pending--;
    state.progress++;
    throw translateError(error, state, true);
  };
  const client: Record<string, unknown> = {};
  for (const name of REDIS_CLIENT_COMMANDS) {
    const method = (
      name === "callBuffer" && redis.options.enableAutoPipelining
        ? autoPipelinedCallBuffer(redis)
        : redis[name]
    ) as Method;
    client[name] = function guarded(): Promise<unknown> {
      const status = redis.status;
      if (status === "ready") {
        if (state.pending++ === 0) state.progress++;
        // biome-ignore lint/complexity/noArguments: forwarding without a rest-array copy per command
        return method.apply(redis, arguments as never).then(replied, failSent);
      }
      if (status === "reconnecting") return Promise.reject(failFast(state));
      // biome-ignore lint/complexity/noArguments: an arrow function sees the wrapper's arguments
      return queued(state, () => method.apply(redis, arguments as never));
    };
  }
  for (const name of REDIS_CLIENT_BATCHES) {
    const method = redis[name] as unknown as (this: Redis, ...args: unknown[]) => Batch;
    client[name] = function guardedBatch(): Batch {
      // biome-ignore lint/complexity/noArguments: same forwarding as above
      const batch = method.apply(redis, arguments as never);
      const exec = batch.exec;
      batch.exec = function guardedExec(): Promise<BatchResults> {
        if (redis.status === "reconnecting") return Promise.reject(failFast(state));
        const sent = redis.status === "ready";
        if (state.pending++ === 0) state.progress++;
        // biome-ignore lint/complexity/noArguments: same forwarding as above
        return exec.apply(batch, arguments as never).then(
          (results) => translateResults(replied(results) as BatchResults, state, sent),
          (error: unknown) => {
            state.pending--;
            state.progress++;
            throw translateError(error, state, sent);
          },
        );
      };
      return batch;
    };
  }
  return client as unknown as RedisClient;
}

/**
 * A command issued while the connection is not ready waits in ioredis' offline queue; it was
 * written only if the connection became ready before the failure.
 */
function queued(state: ConnectionState, send: () => Promise<unknown>): Promise<unknown> {
  const readyCount = state.readyCount;
  if (state.pending++ === 0) state.progress++;
  return send().then(
    (value) => {
      state.pending--;
      state.progress++;
      return value;
    },
    (error: unknown) => {
      state.pending--;
      state.progress++;
      throw translateError(error, state, state.readyCount !== readyCount);
    },
  );
}

/**
 * The typed error for a rejection, or the rejection itself when it is not a connection problem
 * (WRONGTYPE, NOSCRIPT, a Lua error: those reach the caller unchanged). `sent`: the command had
 * been written to the socket.
 */
export function translateError(error: unknown, state: ConnectionState, sent: boolean): unknown {
  if (error instanceof RedisConnectionError) return error;
  const { context } = state;
  if (isConnectionLoss(error)) {
    if (state.closed) return toConnectionError("closed", context, { cause: error });
    if (sent) {
      // The reply watchdog cut a connection that stopped answering: a timeout, not a plain loss.
      const kind = state.lastError && classifyError(state.lastError) === "timeout" ? "timeout" : "lost";
      return toConnectionError(kind, context, { cause: state.lastError ?? error, commandMayHaveRun: true });
    }
    return fromLastError(state, error);
  }
  const kind = classifyError(error);
  if (kind === undefined) return error;
  // A timed-out command may still run: it was written, or waits in the offline queue.
  return toConnectionError(kind, context, { cause: error, commandMayHaveRun: kind === "timeout" });
}

/** While ioredis waits to reconnect, fail at once with the reason instead of queueing. */
export function failFast(state: ConnectionState): RedisConnectionError {
  if (state.closed) return toConnectionError("closed", state.context);
  return fromLastError(state, undefined);
}

function fromLastError(state: ConnectionState, fallback: unknown): RedisConnectionError {
  const last = state.lastError;
  const kind = last ? (classifyError(last) ?? "unknown") : "reset";
  return toConnectionError(kind, state.context, { cause: last ?? fallback });
}

function translateResults(results: BatchResults, state: ConnectionState, sent: boolean): BatchResults {
  if (!results) return results;
  for (const entry of results) {
    if (entry[0]) entry[0] = translateError(entry[0], state, sent) as Error;
  }
  return results;
}
