/**
 * ThrottleRequestsWithRedis and DurationLimiter golden traces (8.83: acquire as the check, 12.67:
 * read-only check then acquire), replayed at the recorded time: statuses, headers, the limiter's
 * answers and the hash left in DB 0 must match.
 */
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DurationLimiter } from "../../../../adapters/rate-limit/duration-limiter.js";
import { throttleRequestsWithRedis } from "../../../../adapters/rate-limit/throttle-requests-with-redis.js";
import { rateLimitFormat } from "../../../../src/config/laravel-versions.js";
import type { RedisClient } from "../../../../src/redis/client.js";
import { ManualClock } from "../../../../src/support/clock.js";
import { GOLDEN_VERSIONS, loadGolden } from "../../../helpers/golden.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { limiterOn } from "./fixtures.js";
import { entriesOf, expectRecordedAnswer, listen, majorOf, type TraceCase } from "./golden-trace.js";

interface Golden {
  config: Record<string, string>;
  throttleRequestsWithRedis: TraceCase[];
  throttleRequestsWithRedisKeyDump: Array<{
    key: string;
    ttl: number;
    fields: Array<{ field: string; value: string }>;
  }>;
}

let server: PrivateRedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});

describe.each(GOLDEN_VERSIONS)("ThrottleRequestsWithRedis replays the %s golden trace", (version) => {
  const golden = loadGolden<Golden>(version, "rate-limiter");
  const major = majorOf(version);
  const cases = golden.throttleRequestsWithRedis;
  const clock = new ManualClock((cases[0] as TraceCase).now * 1000);

  it("answers like Laravel and leaves Laravel's hash on the default connection", async () => {
    await server.flush();
    const { limiter, client: cache } = limiterOn(server, { redisPrefix: "unused_", cachePrefix: "" });
    const redis = limiterOn(server, {
      redisPrefix: golden.config.REDIS_PREFIX as string,
      cachePrefix: "",
      db: 0,
    }).client;
    const app = express();
    app.get(
      "/api",
      throttleRequestsWithRedis(
        redis as unknown as RedisClient,
        limiter,
        { maxAttempts: 2, decayMinutes: 1 },
        {
          clock,
          format: rateLimitFormat(major),
          ip: () => "2001:db8:57ae::84c",
        },
      ),
      (_q, r) => {
        r.send("ok");
      },
    );
    const http = await listen(app);
    try {
      for (const c of cases.filter((x) => x.id.startsWith("throttle-redis"))) {
        clock.set(c.now * 1000 + 377);
        await expectRecordedAnswer(`${http.base}/api`, {}, c);
      }
      const [dumped] = golden.throttleRequestsWithRedisKeyDump;
      const raw = server.client(0);
      expect(await raw.hgetall(dumped?.key as string)).toEqual(
        Object.fromEntries((dumped?.fields ?? []).map((f) => [f.field, f.value])),
      );
      expect(await raw.ttl(dumped?.key as string)).toBe(dumped?.ttl);
    } finally {
      http.close();
      cache.disconnect();
      redis.disconnect();
    }
  });

  it("gives DurationLimiter's answers for acquire() and tooManyAttempts()", async () => {
    const redis = limiterOn(server, {
      redisPrefix: golden.config.REDIS_PREFIX as string,
      cachePrefix: "",
      db: 0,
    }).client;
    const [acquire, check] = cases.filter((x) => x.id.startsWith("durationlimiter")) as [
      TraceCase,
      TraceCase,
    ];
    clock.set(acquire.now * 1000 + 377);
    const limiter = new DurationLimiter(redis as unknown as RedisClient, "vami-plala", 3, 60, clock);
    await limiter.clear();
    const acquired = await limiter.acquire();
    expect([acquired, limiter.decaysAt, limiter.remaining]).toEqual(
      [...entriesOf(acquire.return).values()].map((v) => (v.t === "bool" ? v.v : Number(v.v))),
    );
    const tooMany = await limiter.tooManyAttempts();
    expect([tooMany, limiter.decaysAt, limiter.remaining]).toEqual(
      [...entriesOf(check.return).values()].map((v) => (v.t === "bool" ? v.v : Number(v.v))),
    );
    redis.disconnect();
  });
});
