/**
 * Differential test (STYLE §C.6): our DurationLimiter scripts against Laravel 8.83's own, read from
 * the installed framework at test time, on twin keys with the same ARGV over generated call
 * sequences (times inside, at the edges of and after windows). Replies and hashes must be equal.
 */
import fc from "fast-check";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phpMicrotime } from "../../../../adapters/rate-limit/duration-limiter.js";
import { durationAcquire, durationTooManyAttempts } from "../../../../adapters/rate-limit/lua-scripts.js";
import { assertPhpLaravelInstalled, runPhp } from "../../../helpers/php.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";

let server: PrivateRedisServer;
let redis: Redis;
let laravel: { acquire: string; tooManyAttempts: string };

beforeAll(async () => {
  assertPhpLaravelInstalled();
  laravel = await runPhp("rate-limit-duration-scripts");
  server = await startRedisServer();
  redis = server.client(0);
});
afterAll(async () => {
  await server.stop();
});

const step = fc.record({
  readOnly: fc.boolean(),
  // Milliseconds to move on: small steps, window edges (60 s) and long gaps.
  advanceMs: fc.oneof(
    fc.integer({ min: 0, max: 900 }),
    fc.constantFrom(59_000, 60_000, 60_001, 61_000, 200_000),
  ),
  max: fc.integer({ min: 1, max: 3 }),
});

describe("DurationLimiter scripts against Laravel's", () => {
  it("answer the same and leave the same hash for any sequence of acquire/tooManyAttempts", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 20 }), async (steps) => {
        await redis.del("ours", "theirs");
        let now = Date.UTC(2026, 6, 1, 12, 0, 0, 123);
        for (const s of steps) {
          now += s.advanceMs;
          const args = [phpMicrotime(now), Math.floor(now / 1000), 60, s.max];
          const ours = await redis.eval(
            s.readOnly ? durationTooManyAttempts.lua : durationAcquire.lua,
            1,
            "ours",
            ...args,
          );
          const theirs = await redis.eval(
            s.readOnly ? laravel.tooManyAttempts : laravel.acquire,
            1,
            "theirs",
            ...args,
          );
          expect(ours).toEqual(theirs);
          expect(await redis.hgetall("ours")).toEqual(await redis.hgetall("theirs"));
          expect(await redis.ttl("ours")).toBe(await redis.ttl("theirs"));
        }
      }),
      { numRuns: 80, seed: 6 },
    );
  });
});
