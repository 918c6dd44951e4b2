/**
 * Fence tokens: a number per lock name that strictly increases with every grant, so that a store of
 * record can refuse writes from a holder whose lock expired (Kleppmann's fencing; reliability
 * catalogue §1.7 step 3, scenario L4).
 *
 * Where tokens live, and why they survive a Redis restart:
 * - `RedisLock.acquireFenced()` takes the lock and issues the token in ONE script
 *   (`lock:acquireFencedLock`): token = max(last + 1, Redis TIME in µs). The counter key
 *   `<cache prefix>bridge:fence:<name>` (lock connection, TTL 1 day by default) rules out equal
 *   tokens; the TIME floor means a Redis that lost every key (restart without persistence, failover to
 *   an empty replica) still issues tokens above all earlier ones, because its clock has moved on.
 * - The floor fails only if the Redis host's clock steps back further than the outage lasted, or if
 *   tokens are compared across different lock services. So the store of record (the ledger's DB) is
 *   the final judge: it keeps the highest token it accepted per resource and, in the same transaction
 *   as the write, accepts only `token > highest` (`assertFenceAdvanced`). When a FRESH grant is refused
 *   that way, the token source went backwards: call `reseedFence(name, highestAccepted)` (raises the
 *   counter, never lowers it) and acquire again. Tokens fit in 53 bits for the next ~250 years.
 */
import { FenceRegressionError } from "../../src/errors/lock-errors.js";
import type { RedisClient } from "../../src/redis/client.js";
import { reseedFence as reseedFenceScript } from "./lua-scripts.js";

/** The fence counter key of a lock name, under the store prefix (the connection adds REDIS_PREFIX). */
export function fenceKey(prefix: string, name: string): string {
  return `${prefix}bridge:fence:${name}`;
}

/**
 * Raise the fence counter of `name` to at least `floor` (the highest token the store of record has
 * accepted), so the next `acquireFenced()` returns a larger token. Returns the counter afterwards.
 */
export async function reseedFence(
  client: RedisClient,
  prefix: string,
  name: string,
  floor: bigint,
  fenceTtlSeconds = 86_400,
): Promise<bigint> {
  const value = await reseedFenceScript.run(
    client,
    [fenceKey(prefix, name)],
    [floor.toString(), String(fenceTtlSeconds)],
  );
  return BigInt(value);
}

/** The last token issued for `name`, or null when none is recorded (expired or never issued). */
export async function currentFence(
  client: RedisClient,
  prefix: string,
  name: string,
): Promise<bigint | null> {
  const value = await client.get(fenceKey(prefix, name));
  return value === null ? null : BigInt(value);
}

/**
 * The check a store of record runs (inside its transaction) before accepting a write fenced by
 * `token`: throws FenceRegressionError unless `token > highestAccepted`.
 */
export function assertFenceAdvanced(name: string, token: bigint, highestAccepted: bigint | null): void {
  if (highestAccepted !== null && token <= highestAccepted) {
    throw new FenceRegressionError(name, token, highestAccepted);
  }
}
