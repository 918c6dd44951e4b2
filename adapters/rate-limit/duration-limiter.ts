/**
 * `Illuminate\Redis\Limiters\DurationLimiter` (laravel-formats.md §4.5): a fixed window stored as a
 * HASH `start`/`end`/`count` (UNIX seconds; TTL decay × 2) on the DEFAULT Redis connection, with
 * REDIS_PREFIX but no cache prefix. Used by ThrottleRequestsWithRedis and `Redis::throttle()`.
 */
import type { RedisClient } from "../../src/redis/client.js";
import { type Clock, systemClock } from "../../src/support/clock.js";
import { durationAcquire, durationTooManyAttempts, runScript } from "./lua-scripts.js";

export type DurationRedisClient = Pick<RedisClient, "eval" | "evalsha" | "del">;

/** `microtime(true)` as PHP passes it to the script: precision 14, trailing zeros dropped. */
export function phpMicrotime(ms: number): string {
  return (ms / 1000).toPrecision(14).replace(/\.?0+$/, "");
}

/** ≈ `new DurationLimiter($redis, $name, $maxLocks, $decay)`. */
export class DurationLimiter {
  /** `$limiter->decaysAt`: UNIX second the current window ends (after acquire / tooManyAttempts). */
  decaysAt = 0;
  /** `$limiter->remaining`: slots left in the window (acquire clamps at 0, like Laravel). */
  remaining = 0;
  readonly #client: DurationRedisClient;
  readonly #name: string;
  readonly #maxLocks: number;
  readonly #decay: number;
  readonly #clock: Clock;

  constructor(
    client: DurationRedisClient,
    name: string,
    maxLocks: number,
    decaySeconds: number,
    clock?: Clock,
  ) {
    this.#client = client;
    this.#name = name;
    this.#maxLocks = maxLocks;
    this.#decay = decaySeconds;
    this.#clock = clock ?? systemClock;
  }

  /** `DurationLimiter::acquire()`: take a slot; false when the window is full (the count still grows). */
  async acquire(): Promise<boolean> {
    const [acquired, decaysAt, remaining] = await runScript<[number | null, number | string, number]>(
      this.#client,
      durationAcquire,
      [this.#name],
      this.#args(),
    );
    this.decaysAt = Number(decaysAt);
    this.remaining = Math.max(0, Number(remaining));
    return acquired === 1;
  }

  /** `DurationLimiter::tooManyAttempts()` (read-only): true when no slot is left. */
  async tooManyAttempts(): Promise<boolean> {
    const [decaysAt, remaining] = await runScript<[number | string, number]>(
      this.#client,
      durationTooManyAttempts,
      [this.#name],
      this.#args(),
    );
    this.decaysAt = Number(decaysAt);
    this.remaining = Number(remaining);
    return this.remaining <= 0;
  }

  /** `DurationLimiter::clear()`. */
  async clear(): Promise<void> {
    await this.#client.del(this.#name);
  }

  /**
   * `DurationLimiter::block($timeout, $callback)`: retry acquire() every 750 ms (Laravel's pause)
   * until `timeoutSeconds` have passed; false when it never got a slot (Laravel throws
   * LimiterTimeoutException). Runs the callback when given and acquired.
   */
  async block<T>(timeoutSeconds: number, callback?: () => T | Promise<T>): Promise<T | boolean> {
    const started = this.#clock.now();
    while (!(await this.acquire())) {
      if (this.#clock.now() - started >= timeoutSeconds * 1000) return false;
      await new Promise((resolve) => setTimeout(resolve, 750));
    }
    return callback ? await callback() : true;
  }

  #args(): [string, number, number, number] {
    const ms = this.#clock.now();
    return [phpMicrotime(ms), Math.floor(ms / 1000), this.#decay, this.#maxLocks];
  }
}
