/**
 * ThrottleRequests behaviour beyond the golden traces: several limits per named limiter (the most
 * restrictive one in the headers), Laravel 13's check-everything-first order against 8–12's
 * check-and-hit in turn, one round trip per request for a single limit on every version, custom
 * responses and HTML refusals.
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Limit } from "../../../../adapters/rate-limit/limit.js";
import { throttleRequests } from "../../../../adapters/rate-limit/throttle-requests.js";
import { rateLimitFormat } from "../../../../src/config/laravel-versions.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { type LimiterFixture, limiterOn } from "./fixtures.js";

let server: PrivateRedisServer;
let fixture: LimiterFixture;
beforeAll(async () => {
  server = await startRedisServer();
  fixture = limiterOn(server, { redisPrefix: "p_", cachePrefix: "c:" });
});
afterAll(async () => {
  fixture.client.disconnect();
  await server.stop();
});
beforeEach(async () => {
  await server.flush();
});

async function serve(handler: express.RequestHandler) {
  const app = express();
  app.get("/", handler, (_q, r) => {
    r.send("ok");
  });
  const http = app.listen(0, "127.0.0.1");
  await once(http, "listening");
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  return {
    get: (headers: Record<string, string> = {}) => fetch(url, { headers }),
    close: () => http.close(),
  };
}

describe("throttleRequests", () => {
  it("shows the most restrictive of several limits in the headers", async () => {
    fixture.limiter.for("two", () => [Limit.perMinute(10).by("a"), Limit.perDay(3).by("b")]);
    const route = await serve(throttleRequests(fixture.limiter, "two", { ip: () => "192.0.2.1" }));
    try {
      const response = await route.get();
      expect([
        response.headers.get("x-ratelimit-limit"),
        response.headers.get("x-ratelimit-remaining"),
      ]).toEqual(["3", "2"]);
    } finally {
      route.close();
    }
  });

  it.each([
    [8, "1"],
    [13, null],
  ] as const)(
    "with Laravel %i, a refused second limit leaves the first one hit: %s",
    async (version, firstAfter) => {
      fixture.limiter.for("order", () => [Limit.perMinute(10).by("first"), Limit.perMinute(1).by("second")]);
      const route = await serve(
        throttleRequests(fixture.limiter, "order", { format: rateLimitFormat(version) }),
      );
      const md5 = (s: string): string => createHash("md5").update(s).digest("hex");
      try {
        await fixture.limiter.hit(md5("ordersecond"));
        expect((await route.get()).status).toBe(429);
        expect(await server.client(1).get(`p_c:${md5("orderfirst")}`)).toBe(firstAfter);
      } finally {
        route.close();
      }
    },
  );

  it.each([8, 12, 13] as const)(
    "with Laravel %i, one limit costs one round trip per request and refuses at the limit without counting",
    async (version) => {
      const route = await serve(
        throttleRequests(
          fixture.limiter,
          { maxAttempts: 2 },
          { format: rateLimitFormat(version), ip: () => "192.0.2.5" },
        ),
      );
      // MONITOR shows every command a client sends; commands a script runs come tagged "lua".
      const monitor = await server.client(1).monitor();
      const sent: string[] = [];
      monitor.on("monitor", (_time: string, args: string[], source: string) => {
        if (source !== "lua") sent.push(String(args[0]).toLowerCase());
      });
      const admin = server.client(1);
      try {
        await route.get(); // may load the script (NOSCRIPT, then EVAL): not counted
        await admin.ping("loaded");
        await expect.poll(() => sent.at(-1)).toBe("ping");
        sent.length = 0;
        const second = await route.get();
        const refused = await route.get();
        // Redis runs commands in order: once this PING shows up, every command before it has too.
        await admin.ping("done");
        await expect.poll(() => sent.at(-1)).toBe("ping");
        expect(sent).toEqual(["evalsha", "evalsha", "ping"]);
        expect([second.status, second.headers.get("x-ratelimit-remaining")]).toEqual([200, "0"]);
        expect([
          refused.status,
          refused.headers.get("retry-after"),
          refused.headers.get("x-ratelimit-remaining"),
        ]).toEqual([429, "60", "0"]);
        const key = `p_c:${createHash("sha1").update("|192.0.2.5").digest("hex")}`;
        expect(await admin.get(key)).toBe("2");
      } finally {
        route.close();
        monitor.disconnect();
        admin.disconnect();
      }
    },
  );

  it("waits for a user resolver or a named limiter that answers with a promise", async () => {
    fixture.limiter.for("later", async () => Limit.perMinute(5).by("someone"));
    const user = await serve(
      throttleRequests(fixture.limiter, { maxAttempts: 3 }, { resolveUser: async () => 42 }),
    );
    const named = await serve(throttleRequests(fixture.limiter, "later"));
    try {
      const [a, b] = [await user.get(), await named.get()];
      expect([a.status, a.headers.get("x-ratelimit-remaining")]).toEqual([200, "2"]);
      expect([b.status, b.headers.get("x-ratelimit-remaining")]).toEqual([200, "4"]);
      const admin = server.client(1);
      const sha1 = createHash("sha1").update("42").digest("hex");
      const md5 = createHash("md5").update("latersomeone").digest("hex");
      expect([await admin.get(`p_c:${sha1}`), await admin.get(`p_c:${md5}`)]).toEqual(["1", "1"]);
      admin.disconnect();
    } finally {
      user.close();
      named.close();
    }
  });

  it("passes a resolver's rejection to Express's error handling", async () => {
    const route = await serve(
      throttleRequests(
        fixture.limiter,
        { maxAttempts: 3 },
        {
          resolveUser: async () => {
            throw new Error("session store down");
          },
        },
      ),
    );
    try {
      expect((await route.get()).status).toBe(500);
    } finally {
      route.close();
    }
  });

  it("sends the limit's own response when it has one, and plain text to browsers", async () => {
    fixture.limiter.for("custom", (req: express.Request) =>
      Limit.perMinute(1)
        .by(req.get("x-who") ?? "")
        .response((_req, res: express.Response, headers) => {
          res.status(429).set(headers).json({ error: "slow down" });
        }),
    );
    const route = await serve(throttleRequests(fixture.limiter, "custom"));
    const plain = await serve(
      throttleRequests(fixture.limiter, { maxAttempts: 1 }, { ip: () => "192.0.2.9" }),
    );
    try {
      await route.get({ "x-who": "c" });
      const refused = await route.get({ "x-who": "c" });
      expect([refused.status, await refused.json(), refused.headers.get("retry-after")]).toEqual([
        429,
        { error: "slow down" },
        "60",
      ]);
      await plain.get({ accept: "text/html" });
      const html = await plain.get({ accept: "text/html" });
      expect([html.status, await html.text()]).toEqual([429, "Too Many Attempts."]);
    } finally {
      route.close();
      plain.close();
    }
  });
});
