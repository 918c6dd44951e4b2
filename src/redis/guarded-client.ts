/**
 * The RedisClient handed to adapters: ioredis' own methods, whose failures carry their real cause.
 * ioredis rejects a command with a generic "Connection is closed." or MaxRetriesPerRequestError
 * while the reason (ENOTFOUND, ECONNREFUSED, WRONGPASS…) arrives on the 'error' event; the
 * ConnectionManager records that last error in the ConnectionState and the guard turns the
 * rejection into a RedisConnectionError with it as `cause`.
 *
 * Hot path: the translation sits in each command's own `reject` (set as ioredis hands the command
 * to the connection, see translateRejections), so a call on a ready connection costs one status
 * check and returns ioredis' own promise: no second promise and microtask per command (about a
 * tenth of the client CPU of a GET at 100 in flight). `arguments` is passed through without copying.
 */
import type { Command, Redis } from "ioredis";
import { RedisConnectionError } from "../errors/connection-error.js";
import { autoPipelinedCallBuffer } from "./auto-pipelined-call-buffer.js";
import { REDIS_CLIENT_BATCHES, REDIS_CLIENT_COMMANDS, type RedisClient } from "./client.js";
import {
  type ConnectionContext,
  classifyError,
  isConnectionLoss,
  toConnectionError,
} from "./connection-errors.js";

/** What one connection knows about its own health; shared by the manager and the guard. */
export interface ConnectionState {
  readonly context: ConnectionContext;
  /** The last 'error' event since the connection was last ready. */
  lastError: Error | undefined;
  /** Incremented on every 'ready'. */
  readyCount: number;
  /** Set by ConnectionManager.close(). */
  closed: boolean;
}

type Method = (this: Redis, ...args: unknown[]) => Promise<unknown>;
type BatchResults = [error: Error | null, result: unknown][] | null;
interface Batch {
  exec: (...args: unknown[]) => Promise<BatchResults>;
}
type SendCommand = (this: Redis, command: Command, stream?: unknown) => unknown;

/** Wraps `redis` into the narrow RedisClient whose rejections are typed (see file header). */
export function guardClient(redis: Redis, state: ConnectionState): RedisClient {
  translateRejections(redis, state);
  const client: Record<string, unknown> = {};
  for (const name of REDIS_CLIENT_COMMANDS) {
    const method = (
      name === "callBuffer" && redis.options.enableAutoPipelining
        ? autoPipelinedCallBuffer(redis)
        : redis[name]
    ) as Method;
    client[name] = function guarded(): Promise<unknown> {
      // While ioredis waits to reconnect, fail at once with the reason instead of queueing.
      if (redis.status === "reconnecting") return Promise.reject(failFast(state));
      // biome-ignore lint/complexity/noArguments: forwarding without a rest-array copy per command
      return method.apply(redis, arguments as never);
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
        // biome-ignore lint/complexity/noArguments: same forwarding as above
        return exec.apply(batch, arguments as never).then(
          // The commands' own rejections are typed already; errors inside an EXEC reply are not.
          (results) => translateResults(results, state, sent),
          (error: unknown) => {
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
 * Every command ioredis hands to this connection (ours, a pipeline's or an autopipeline's at exec,
 * its own handshake) rejects with translateError(): its `reject` is wrapped on the way in. A
 * command sent while ready was written; one sent before is queued offline and, when the connection
 * becomes ready, passes through here again (and is then written) — so `written` is exact.
 */
function translateRejections(redis: Redis, state: ConnectionState): void {
  const send = redis.sendCommand as SendCommand;
  redis.sendCommand = function sendCommand(this: Redis, command: Command, stream?: unknown): unknown {
    const reject = command.reject;
    const written = redis.status === "ready";
    command.reject = (error: Error) => reject(translateError(error, state, written) as Error);
    return send.call(this, command, stream);
  } as Redis["sendCommand"];
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
