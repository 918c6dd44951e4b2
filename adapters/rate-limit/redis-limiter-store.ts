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
import { consume, decodeConsumeReply, increment, tooManyAttempts } from "./lua-scripts.js";

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

  // The script calls below are written out, not routed through runScript(): on the throttle's hot
  // path that saves the keys/ARGV arrays and their spreads, and one promise layer (the reply is
  // mapped in the same .then that catches NOSCRIPT).

  increment(key: string, decaySeconds: number, amount: number, availableAt: number): Promise<number> {
    const client = this.#client;
    const counter = this.#prefix + key;
    const timer = `${counter}:timer`;
    // INCRBY's integer reply arrives as a number.
    return (
      client.evalsha(increment.sha1, 2, counter, timer, decaySeconds, availableAt, amount) as Promise<number>
    ).catch((error: unknown) =>
      evalOnNoScript(error, () =>
        client.eval(increment.lua, 2, counter, timer, decaySeconds, availableAt, amount),
      ),
    );
  }

  tooManyAttempts(key: string, maxAttempts: number): Promise<boolean> {
    const client = this.#client;
    const counter = this.#prefix + key;
    const timer = `${counter}:timer`;
    return (client.evalsha(tooManyAttempts.sha1, 2, counter, timer, maxAttempts) as Promise<number>).then(
      isOne,
      (error: unknown) =>
        evalOnNoScript<number>(error, () =>
          client.eval(tooManyAttempts.lua, 2, counter, timer, maxAttempts),
        ).then(isOne),
    );
  }

  consume(
    key: string,
    maxAttempts: number,
    decaySeconds: number,
    amount: number,
    availableAt: number,
  ): Promise<ConsumeReply> {
    const client = this.#client;
    const counter = this.#prefix + key;
    const timer = `${counter}:timer`;
    return (
      client.evalsha(
        consume.sha1,
        2,
        counter,
        timer,
        decaySeconds,
        availableAt,
        amount,
        maxAttempts,
      ) as Promise<ConsumeScriptReply>
    ).then(
      (reply) => decodeConsumeReply(reply, availableAt),
      (error: unknown) =>
        evalOnNoScript<ConsumeScriptReply>(error, () =>
          client.eval(consume.lua, 2, counter, timer, decaySeconds, availableAt, amount, maxAttempts),
        ).then((reply) => decodeConsumeReply(reply, availableAt)),
    );
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

interface ConsumeReply {
  allowed: boolean;
  attempts: number;
  availableAt: number | null;
}

const isOne = (reply: number): boolean => reply === 1;

type ConsumeScriptReply = Parameters<typeof decodeConsumeReply>[0];

/** EVALSHA failed: send the script text when the server does not know it (NOSCRIPT), else rethrow. */
function evalOnNoScript<Reply>(error: unknown, send: () => Promise<unknown>): Promise<Reply> {
  if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) throw error;
  return send() as Promise<Reply>;
}
