/**
 * RedisLimiterStore's script calls on their own: consume() reports exactly the counter and timer it
 * leaves in Redis for any stored values (its reply is packed into one integer when the numbers fit,
 * so the boundaries of that packing are probed), and every script call still answers after the
 * server forgot its scripts (SCRIPT FLUSH: EVALSHA fails with NOSCRIPT, the text is sent instead).
 */
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock, unixSeconds } from "../../../../src/support/clock.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { type LimiterFixture, limiterOn } from "./fixtures.js";

let server: PrivateRedisServer;
let fixture: LimiterFixture;
const clock = new ManualClock();
const MAX = Number.MAX_SAFE_INTEGER;

beforeAll(async () => {
  server = await startRedisServer();
  fixture = limiterOn(server, { redisPrefix: "p_", cachePrefix: "c:", clock });
});
afterAll(async () => {
  fixture.client.disconnect();
  await server.stop();
});
beforeEach(async () => {
  await server.flush();
});

/** Around the packing limits (2^30 hits, 2^22 s between the timer and now + decay) and ordinary values. */
const storedHits = fc.oneof(
  fc.integer({ min: 0, max: 10 }),
  fc.integer({ min: 2 ** 30 - 3, max: 2 ** 30 + 2 }),
  fc.integer({ min: 0, max: 2 ** 40 }),
  fc.integer({ min: -5, max: -1 }),
);
const timerBack = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.integer({ min: 2 ** 22 - 3, max: 2 ** 22 + 2 }),
  fc.integer({ min: 0, max: 86_400 }),
);

describe("RedisLimiterStore.consume", () => {
  it("reports the counter and timer it leaves in Redis, whatever values were stored", async () => {
    const { store, client } = fixture;
    await fc.assert(
      fc.asyncProperty(
        storedHits,
        timerBack,
        fc.integer({ min: 1, max: 3600 }),
        fc.boolean(),
        async (hits, back, decay, refuse) => {
          const availableAt = unixSeconds(clock) + decay;
          const timer = availableAt - back;
          await client.set("c:k", String(hits), "EX", 600);
          await client.set("c:k:timer", String(timer), "EX", 600);
          const max = refuse ? hits : MAX;
          const r = await store.consume("k", max, decay, 1, availableAt);
          expect(r).toEqual({ allowed: !refuse, attempts: refuse ? hits : hits + 1, availableAt: timer });
          expect(Number(await client.get("c:k"))).toBe(r.attempts);
          expect(Number(await client.get("c:k:timer"))).toBe(timer);
        },
      ),
      { numRuns: 150, seed: 22 },
    );
  });

  it("opens a window whose timer it reports", async () => {
    const availableAt = unixSeconds(clock) + 60;
    const r = await fixture.store.consume("fresh", 5, 60, 1, availableAt);
    expect(r).toEqual({ allowed: true, attempts: 1, availableAt });
    expect(await fixture.client.get("c:fresh:timer")).toBe(String(availableAt));
    expect(await fixture.client.ttl("c:fresh")).toBe(60);
  });

  it("reports no window for a counter without a usable timer", async () => {
    await fixture.client.set("c:odd", "3", "EX", 60);
    await fixture.client.set("c:odd:timer", "not a number", "EX", 60);
    const r = await fixture.store.consume("odd", 10, 60, 1, unixSeconds(clock) + 60);
    expect(r).toEqual({ allowed: true, attempts: 4, availableAt: null });
  });
});

describe("RedisLimiterStore after SCRIPT FLUSH", () => {
  it("still counts, checks and consumes (the script text is sent when the server lost it)", async () => {
    const { store, client } = fixture;
    const at = unixSeconds(clock) + 60;
    await client.script("FLUSH");
    expect(await store.increment("s", 60, 1, at)).toBe(1);
    await client.script("FLUSH");
    expect(await store.tooManyAttempts("s", 1)).toBe(true);
    await client.script("FLUSH");
    expect(await store.consume("s", 5, 60, 1, at)).toEqual({ allowed: true, attempts: 2, availableAt: at });
    expect(await store.consume("s", 5, 60, 1, at)).toEqual({ allowed: true, attempts: 3, availableAt: at });
  });
});
