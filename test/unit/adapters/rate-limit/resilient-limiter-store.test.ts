/**
 * The fail-policy store with a primary store that throws synchronously instead of rejecting (a
 * broken custom store, a client that throws when closed): the policy still decides every call.
 */
import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../../../adapters/rate-limit/rate-limiter.js";
import { ResilientLimiterStore } from "../../../../adapters/rate-limit/resilient-limiter-store.js";
import type { RateLimiterStore } from "../../../../src/contracts/rate-limit.js";
import { RateLimiterUnavailableError } from "../../../../src/errors/rate-limit-errors.js";

const closed = (): never => {
  throw new Error("Connection is closed.");
};
const throwingStore: RateLimiterStore = {
  increment: closed,
  tooManyAttempts: closed,
  consume: closed,
  attempts: closed,
  availableAt: closed,
  forget: closed,
};

describe("ResilientLimiterStore over a store that throws synchronously", () => {
  it("counts in the insurance store", async () => {
    const store = new ResilientLimiterStore(throwingStore);
    const limiter = new RateLimiter(store);
    expect(await limiter.hit("k")).toBe(1);
    expect((await limiter.consume("k", 5)).attempts).toBe(2);
    expect(store.stats).toMatchObject({ storeFailures: 2, insurance: 2 });
  });

  it("refuses with RateLimiterUnavailableError under fail-closed", async () => {
    const limiter = new RateLimiter(new ResilientLimiterStore(throwingStore, { failPolicy: "fail-closed" }));
    await expect(limiter.consume("k", 5)).rejects.toBeInstanceOf(RateLimiterUnavailableError);
  });
});
