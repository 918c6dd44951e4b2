/**
 * The in-memory RateLimiterStore: rate-limiter-flexible's RateLimiterMemory holding one counter per
 * key with the key's own window (set on the first hit, like `<key>:timer`). Used as the insurance
 * limiter while Redis is down (policy `insurance`), and fine for tests. Counts are per process and
 * are NOT copied to Redis afterwards (rate-limiter-flexible's insurance semantics): an outage can
 * admit up to `maxAttempts` more per process, never an unlimited number.
 */
import { RateLimiterMemory } from "rate-limiter-flexible";
import type { RateLimiterStore } from "../../src/contracts/rate-limit.js";

export class MemoryLimiterStore implements RateLimiterStore {
  // points is irrelevant here: only set/penalty/reward/get/delete are used, which never refuse.
  readonly #memory = new RateLimiterMemory({ points: Number.MAX_SAFE_INTEGER, duration: 60 });
  #serial: Promise<unknown> = Promise.resolve();

  async increment(key: string, decaySeconds: number, amount: number): Promise<number> {
    // Laravel with a decay <= 0: the counter is written without TTL and deleted at once.
    if (decaySeconds <= 0) return amount;
    const found = await this.#memory.get(key);
    if (found === null) {
      await this.#memory.set(key, amount, decaySeconds);
      return amount;
    }
    const res =
      amount >= 0 ? await this.#memory.penalty(key, amount) : await this.#memory.reward(key, -amount);
    return res.consumedPoints;
  }

  async tooManyAttempts(key: string, maxAttempts: number): Promise<boolean> {
    const found = await this.#memory.get(key);
    // The window (timer) lives exactly as long as the counter here.
    return found !== null ? found.consumedPoints >= maxAttempts : maxAttempts <= 0;
  }

  consume(
    key: string,
    maxAttempts: number,
    decaySeconds: number,
    amount: number,
  ): Promise<{ allowed: boolean; attempts: number; availableAt: number | null }> {
    // Check and hit must be one step, as in the Redis script: consumes run one after another, or
    // concurrent logins would all pass the check before the first hit lands.
    const run = this.#serial.then(async () => {
      if (await this.tooManyAttempts(key, maxAttempts)) {
        return {
          allowed: false,
          attempts: await this.attempts(key),
          availableAt: await this.availableAt(key),
        };
      }
      const attempts = await this.increment(key, decaySeconds, amount);
      return { allowed: true, attempts, availableAt: await this.availableAt(key) };
    });
    this.#serial = run.catch(() => undefined);
    return run;
  }

  async attempts(key: string): Promise<number> {
    return (await this.#memory.get(key))?.consumedPoints ?? 0;
  }

  async availableAt(key: string): Promise<number | null> {
    const found = await this.#memory.get(key);
    return found === null ? null : Math.ceil((Date.now() + found.msBeforeNext) / 1000);
  }

  async forget(key: string): Promise<boolean> {
    return await this.#memory.delete(key);
  }
}
