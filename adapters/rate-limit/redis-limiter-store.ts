/**
 * The RateLimiterStore of a Redis cache store: Laravel's layout (`<prefix><key>` = hits,
 * `<prefix><key>:timer` = UNIX second the window ends; values raw integers, as RedisStore writes
 * numeric values), one round trip per operation. `prefix` is the cache store prefix exactly as
 * RedisStore keeps it (`cache.stores.<name>.prefix`: `laravel_cache:` on 8–10, verbatim on 11+);
 * the connection adds REDIS_PREFIX.
 *
 * Cluster note: `<key>` and `<key>:timer` hash to different slots unless the key holds a hash tag,
 * so the one-round-trip scripts need a standalone (or Sentinel) Redis, like Laravel's own
 * multi-key scripts.
 */
import type { RateLimiterStore } from "../../src/contracts/rate-limit.js";
import type { RedisClient } from "../../src/redis/client.js";
import { consume, increment, runScript, tooManyAttempts } from "./lua-scripts.js";

export type LimiterRedisClient = Pick<RedisClient, "eval" | "evalsha" | "get" | "del">;

/** Redis-backed limiter storage on the cache connection (≈ RedisStore under Cache\RateLimiter). */
export class RedisLimiterStore implements RateLimiterStore {
  readonly #client: LimiterRedisClient;
  readonly #prefix: string;

  constructor(client: LimiterRedisClient, prefix: string) {
    this.#client = client;
    this.#prefix = prefix;
  }

  /** The cache store prefix the keys live under. */
  get prefix(): string {
    return this.#prefix;
  }

  increment(key: string, decaySeconds: number, amount: number, availableAt: number): Promise<number> {
    // INCRBY's integer reply arrives as a number.
    return runScript<number>(this.#client, increment, this.#keys(key), [decaySeconds, availableAt, amount]);
  }

  async tooManyAttempts(key: string, maxAttempts: number): Promise<boolean> {
    return (await runScript<number>(this.#client, tooManyAttempts, this.#keys(key), [maxAttempts])) === 1;
  }

  consume(
    key: string,
    maxAttempts: number,
    decaySeconds: number,
    amount: number,
    availableAt: number,
  ): Promise<{ allowed: boolean; attempts: number; availableAt: number | null }> {
    return runScript<[number, number, number | undefined]>(this.#client, consume, this.#keys(key), [
      decaySeconds,
      availableAt,
      amount,
      maxAttempts,
    ]).then((reply) => ({ allowed: reply[0] === 1, attempts: reply[1], availableAt: reply[2] ?? null }));
  }

  async attempts(key: string): Promise<number> {
    return toSeconds(await this.#client.get(this.#prefix + key)) ?? 0;
  }

  async availableAt(key: string): Promise<number | null> {
    return toSeconds(await this.#client.get(`${this.#prefix + key}:timer`));
  }

  async forget(key: string, withTimer: boolean): Promise<boolean> {
    const counter = this.#prefix + key;
    // One DEL for both keys where Laravel sends two: the same end state, one round trip.
    const deleted = withTimer
      ? await this.#client.del(counter, `${counter}:timer`)
      : await this.#client.del(counter);
    return deleted > 0;
  }

  #keys(key: string): [string, string] {
    const counter = this.#prefix + key;
    return [counter, `${counter}:timer`];
  }
}

/**
 * A stored integer as PHP reads it back: RedisStore returns numeric strings as they are and PHP
 * compares them numerically; anything non-numeric counts as 0 (null when missing).
 */
function toSeconds(value: string | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}
