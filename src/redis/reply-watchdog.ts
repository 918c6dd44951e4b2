/**
 * The command timeout of a shared connection, kept per connection instead of per command: phpredis'
 * `read_timeout` semantics. Replies on one connection come back in order, so "a command has waited
 * longer than T" is the same as "commands are pending and no reply arrived for T": the guard counts
 * pending commands and replies (two increments per command), and one unref'd interval per
 * connection checks the counters every T/4. ioredis' own `commandTimeout` costs a timer per command
 * (created, cleared, and a `delete` on the command object), a tenth of a cheap command's CPU.
 *
 * When it fires, the socket is destroyed with a "Command timed out" error (as phpredis drops a
 * connection after a read timeout): every command in flight rejects as a `timeout` that may have
 * run, nothing is re-sent, and ioredis reconnects with the usual backoff. It fires between T and
 * 1.25 T after the last reply; never earlier.
 */
import type { Redis } from "ioredis";
import type { ConnectionState } from "./guarded-client.js";

/** Idle checks (each T/4 apart) before the connection counts as stuck: more than T since the last reply. */
const IDLE_CHECKS = 4;

/** Starts watching `redis`; returns the function that stops it (on close). */
export function startReplyWatchdog(redis: Redis, state: ConnectionState, timeoutMs: number): () => void {
  let seen = state.progress;
  let idleChecks = 0;
  const check = (): void => {
    if (redis.status !== "ready" || state.pending === 0 || state.progress !== seen) {
      seen = state.progress;
      idleChecks = 0;
      return;
    }
    if (++idleChecks < IDLE_CHECKS) return;
    idleChecks = 0;
    // The 'error' event records this as the connection's last error (kind `timeout`); the close
    // that follows rejects the commands in flight with it.
    redis.stream?.destroy(Object.assign(new Error("Command timed out"), { code: "ETIMEDOUT" }));
  };
  const timer = setInterval(check, Math.max(5, Math.floor(timeoutMs / IDLE_CHECKS)));
  timer.unref();
  return () => clearInterval(timer);
}
