import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelayMs, DEFAULT_RETRY, retryStrategy } from "../../../src/redis/connectors/backoff.js";

describe("reconnect backoff", () => {
  it("stays within the upper half of the capped exponential step", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, baseDelayMs, maxDelayMs, random) => {
          const settings = { baseDelayMs, maxDelayMs, maxAttempts: Number.POSITIVE_INFINITY };
          const step = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
          const delay = backoffDelayMs(attempt, settings, () => random);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(step / 2));
          expect(delay).toBeLessThanOrEqual(Math.ceil(step));
          expect(delay).toBeLessThanOrEqual(maxDelayMs);
        },
      ),
    );
  });

  it("doubles the step from 50 ms up to the 2 s cap by default", () => {
    const top = (attempt: number) => backoffDelayMs(attempt, DEFAULT_RETRY, () => 0.999_999);
    expect([1, 2, 3, 4, 5, 6, 7].map(top)).toEqual([50, 100, 200, 400, 800, 1600, 2000]);
    expect(top(1000)).toBe(2000);
  });

  it("spreads reconnects of many clients instead of reconnecting in lockstep", () => {
    const delays = new Set(
      Array.from({ length: 50 }, (_, i) => backoffDelayMs(6, DEFAULT_RETRY, () => i / 50)),
    );
    expect(delays.size).toBeGreaterThan(40);
  });

  it("gives up after maxAttempts reconnects", () => {
    const strategy = retryStrategy({ ...DEFAULT_RETRY, maxAttempts: 2 }, () => 0.5);
    expect(strategy(1)).toBeTypeOf("number");
    expect(strategy(2)).toBeTypeOf("number");
    expect(strategy(3)).toBeNull();
    expect(retryStrategy({ ...DEFAULT_RETRY, maxAttempts: 0 }, Math.random)(1)).toBeNull();
  });
});
