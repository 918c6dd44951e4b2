/**
 * The fail-policy store with a frozen Redis (SIGSTOP: the socket stays open, nothing answers —
 * reliability catalogue R7): decisions come from the policy within the time budget instead of
 * hanging, and the store is used again once Redis answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RateLimiter } from "../../../../adapters/rate-limit/rate-limiter.js";
import { ResilientLimiterStore } from "../../../../adapters/rate-limit/resilient-limiter-store.js";
import { RateLimiterUnavailableError } from "../../../../src/errors/rate-limit-errors.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { type LimiterFixture, limiterOn } from "./fixtures.js";

let server: PrivateRedisServer;
let fixture: LimiterFixture;
beforeAll(async () => {
  server = await startRedisServer();
  fixture = limiterOn(server, { redisPrefix: "p_", cachePrefix: "c:" });
  await fixture.client.ping();
});
afterAll(async () => {
  server.resume();
  fixture.client.disconnect();
  await server.stop();
});

describe("ResilientLimiterStore with a frozen Redis", () => {
  it("answers from the insurance store after timeoutMs, then from Redis again once it answers", async () => {
    const warnings: string[] = [];
    const store = new ResilientLimiterStore(fixture.store, {
      timeoutMs: 100,
      logger: { warn: (_f, m) => warnings.push(m), debug: () => {} },
    });
    const limiter = new RateLimiter(store);
    expect(await limiter.hit("k")).toBe(1);
    server.pause();
    try {
      const started = performance.now();
      expect(await limiter.hit("k")).toBe(1); // the insurance store's own count
      expect(performance.now() - started).toBeLessThan(1000);
      expect(await limiter.hit("k")).toBe(2);
      expect(store.stats).toMatchObject({ storeFailures: 2, insurance: 2 });
    } finally {
      server.resume();
    }
    await expect.poll(() => limiter.attempts("k"), { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    expect(warnings[0]).toContain("Rate limiter [limiter] cannot reach its store; policy insurance applies.");
    expect(warnings.at(-1)).toContain("reaches its store again");
  });

  it("refuses with RateLimiterUnavailableError under fail-closed", async () => {
    const limiter = new RateLimiter(
      new ResilientLimiterStore(fixture.store, {
        timeoutMs: 100,
        failPolicy: "fail-closed",
        name: "payments",
      }),
    );
    server.pause();
    try {
      const error = await limiter.tooManyAttempts("k", 5).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimiterUnavailableError);
      expect(error).toMatchObject({
        code: "ERR_RATE_LIMIT_UNAVAILABLE",
        limiter: "payments",
        retryAfterSeconds: 10,
      });
    } finally {
      server.resume();
    }
  });
});
