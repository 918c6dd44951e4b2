/**
 * Laravel's `throttle` middleware golden traces (8.83 and 12.67), replayed through our Express
 * middleware at the recorded time: statuses, headers and the keys left in Redis must match.
 */
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Limit } from "../../../../adapters/rate-limit/limit.js";
import { throttleRequests } from "../../../../adapters/rate-limit/throttle-requests.js";
import { cacheFormat } from "../../../../src/config/laravel-versions.js";
import { ManualClock } from "../../../../src/support/clock.js";
import { GOLDEN_VERSIONS, loadGolden } from "../../../helpers/golden.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { dump, limiterOn } from "./fixtures.js";
import { expectRecordedAnswer, listen, majorOf, type TraceCase } from "./golden-trace.js";

interface Golden {
  config: Record<string, string>;
  throttleMiddleware: TraceCase[];
  throttleMiddlewareKeyDump: Array<{ key: string; ttl: number; value: string }>;
}

// Who sends each recorded request (from the `php` descriptions of the trace).
const REQUESTS: Record<string, { path: string; ip?: string; user?: string; domain?: string }> = {
  "throttle-guest-1": { path: "/numeric", ip: "10.78.72.53" },
  "throttle-guest-2": { path: "/numeric", ip: "10.78.72.53" },
  "throttle-guest-3": { path: "/numeric", ip: "10.78.72.53" },
  "throttle-user": { path: "/numeric", user: "2120" },
  "throttle-domain-route": { path: "/numeric", ip: "10.78.72.53", domain: "gaijo.example.com" },
  "throttle-prefix": { path: "/prefixed", ip: "10.78.72.53" },
  "throttle-named-api-1": { path: "/named", ip: "10.219.91.61" },
  "throttle-named-api-2": { path: "/named", ip: "10.219.91.61" },
  "throttle-named-api-3": { path: "/named", ip: "10.219.91.61" },
  "throttle-named-api-user": { path: "/named", user: "2120" },
};

let server: PrivateRedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});

describe.each(GOLDEN_VERSIONS)("throttle middleware replays the %s golden trace", (version) => {
  const golden = loadGolden<Golden>(version, "rate-limiter");
  const major = majorOf(version);

  it("answers with Laravel's statuses and headers and leaves Laravel's keys", async () => {
    await server.flush();
    const clock = new ManualClock(
      golden.throttleMiddleware[0]?.now ? golden.throttleMiddleware[0].now * 1000 : 0,
    );
    const { limiter, client } = limiterOn(server, {
      redisPrefix: golden.config.REDIS_PREFIX as string,
      cachePrefix: golden.config.CACHE_PREFIX + cacheFormat(major).prefixSeparator,
      clock,
    });
    const identity = {
      clock,
      ip: (req: express.Request) => req.get("x-test-ip") ?? "127.0.0.1",
      resolveUser: (req: express.Request) => req.get("x-test-user") ?? null,
      routeDomain: (req: express.Request) => req.get("x-test-domain") ?? "",
    };
    limiter.for("api", (req: express.Request) =>
      Limit.perMinute(2).by(req.get("x-test-user") ?? req.get("x-test-ip") ?? ""),
    );
    const app = express();
    app.get("/numeric", throttleRequests(limiter, { maxAttempts: 2, decayMinutes: 1 }, identity), (_q, r) => {
      r.send("ok");
    });
    app.get(
      "/prefixed",
      throttleRequests(limiter, { maxAttempts: 5, decayMinutes: 2, prefix: "gazydo-" }, identity),
      (_q, r) => {
        r.send("ok");
      },
    );
    app.get("/named", throttleRequests(limiter, "api", identity), (_q, r) => {
      r.send("ok");
    });
    const http = await listen(app);

    try {
      for (const c of golden.throttleMiddleware) {
        clock.set(c.now * 1000);
        const who = REQUESTS[c.id];
        if (!who) throw new Error(`no request for ${c.id}`);
        const headers: Record<string, string> = {};
        if (who.ip) headers["x-test-ip"] = who.ip;
        if (who.user) headers["x-test-user"] = who.user;
        if (who.domain) headers["x-test-domain"] = who.domain;
        await expectRecordedAnswer(http.base + who.path, headers, c);
      }
      const keys = await dump(server.client(1));
      expect(keys).toEqual(
        golden.throttleMiddlewareKeyDump.map((k) => ({ key: k.key, value: k.value, ttl: k.ttl })),
      );
    } finally {
      http.close();
      client.disconnect();
    }
  });
});
