/**
 * The command timeout of a shared connection, kept per connection instead of per command: phpredis'
 * `read_timeout` semantics. Replies on one connection come back in order, so "a command has waited
 * longer than T" is the same as "the oldest command awaiting its reply has been the oldest for T":
 * one unref'd interval per connection looks at the head of ioredis' queue of written commands every
 * T/4 (each reply shifts that queue, so the same head item means no reply came). Nothing is counted
 * per command. ioredis' own `commandTimeout` costs a timer per command (created, cleared, and a
 * `delete` on the command object), a tenth of a cheap command's CPU.
 *
 * When it fires, the socket is destroyed with a "Command timed out" error (as phpredis drops a
 * connection after a read timeout): every command in flight rejects as a `timeout` that may have
 * run, nothing is re-sent, and ioredis reconnects with the usual backoff. It fires between T and
 * 1.25 T after the last reply (or after a command was written to an idle connection); never earlier.
 */
import type { Redis } from "ioredis";

/** Checks (each T/4 apart) that must see the same oldest command before the connection counts as stuck. */
const IDLE_CHECKS = 4;

/** Starts watching `redis`; returns the function that stops it (on close). */
export function startReplyWatchdog(redis: Redis, timeoutMs: number): () => void {
  let oldest: unknown;
  let idleChecks = 0;
  const check = (): void => {
    // The head item is a new object per written command; a reply (or a reconnect) replaces it.
    const head = redis.status === "ready" ? redis.commandQueue.peekFront() : undefined;
    if (head === undefined || head !== oldest) {
      oldest = head;
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
