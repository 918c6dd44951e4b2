/**
 * `callBuffer()` for a connection with ioredis `enableAutoPipelining` (ioredis 6, redis/ioredis#1923).
 *
 * ioredis takes the command name out of the arguments, then queues an autopipelined command as
 * `pipeline[functionName](...args)`; it puts the name back only when functionName is `call`. So
 * `callBuffer("evalsha", sha, 4, …)` reaches Redis as the command `<sha>` and fails with "ERR unknown
 * command": every queue pop did (redis-pop.ts), and a worker in an autopipelining process popped
 * nothing. The generated `<command>Buffer` method carries the name in functionName itself, so the
 * command stays in the autopipeline (same order on the connection, Buffer replies, KEYS prefixed from
 * the same command table as callBuffer), and commands ioredis never pipelines (SCRIPT, CLIENT, INFO…)
 * are still sent directly, as callBuffer would. A command without a generated method (a module's
 * FT.SEARCH) goes to ioredis' callBuffer unchanged: the bridge sends none, and adding one at run time
 * (addBuiltinCommand) breaks an autopipeline already open in that turn (redis/ioredis#1931).
 */
import type { Redis } from "ioredis";

type Method = (this: Redis, ...args: unknown[]) => Promise<unknown>;

/** A drop-in for `redis.callBuffer` that works with and without autopipelining. */
export function autoPipelinedCallBuffer(redis: Redis): Method {
  const methods = redis as unknown as Record<string, Method | undefined>;
  const fallback = redis.callBuffer as unknown as Method;
  return function callBuffer(this: Redis, command: unknown, ...args: unknown[]): Promise<unknown> {
    const method = typeof command === "string" ? methods[`${command.toLowerCase()}Buffer`] : undefined;
    if (typeof method !== "function") return fallback.call(this, command, ...args);
    return method.apply(this, args);
  };
}
