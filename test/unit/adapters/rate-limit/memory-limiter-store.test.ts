import { describe, expect, it } from "vitest";
import { MemoryLimiterStore } from "../../../../adapters/rate-limit/memory-limiter-store.js";
import { RateLimiter } from "../../../../adapters/rate-limit/rate-limiter.js";

describe("MemoryLimiterStore (the insurance store)", () => {
  it("admits exactly maxAttempts of 200 concurrent consumes", async () => {
    const limiter = new RateLimiter(new MemoryLimiterStore());
    const results = await Promise.all(Array.from({ length: 200 }, () => limiter.consume("k", 5, 60)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect(results.filter((r) => !r.allowed).every((r) => r.retryAfterSeconds > 55)).toBe(true);
  });

  it("counts, reports and forgets like the Redis store", async () => {
    const limiter = new RateLimiter(new MemoryLimiterStore());
    expect(await limiter.hit("a", 60)).toBe(1);
    expect(await limiter.increment("a", 60, 2)).toBe(3);
    expect(await limiter.decrement("a")).toBe(2);
    expect(await limiter.tooManyAttempts("a", 2)).toBe(true);
    expect(await limiter.availableIn("a")).toBeGreaterThan(55);
    await limiter.clear("a");
    expect([await limiter.attempts("a"), await limiter.availableIn("a")]).toEqual([0, 0]);
  });
});
