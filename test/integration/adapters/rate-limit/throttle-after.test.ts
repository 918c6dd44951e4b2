/**
 * `Limit.after()` (Laravel 12.32+) over HTTP: a named limiter whose limit counts only the
 * responses its callback accepts (here: 404s, as Laravel's docs use it against enumeration), hit
 * once the response is finished, with Laravel's headers; Laravel 8 has no `after()`, so there every
 * request counts up front; Laravel 13 checks every limit before hitting any.
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Limit } from "../../../../adapters/rate-limit/limit.js";
import { createRateLimiting } from "../../../../adapters/rate-limit/rate-limiting.js";
import { throttleRequests } from "../../../../adapters/rate-limit/throttle-requests.js";
import type { CacheConfig } from "../../../../src/config/bridge-config.js";
import { type LaravelVersion, rateLimitFormat } from "../../../../src/config/laravel-versions.js";
import { ConfigError } from "../../../../src/errors/config-error.js";
import type { RedisClient } from "../../../../src/redis/client.js";
import { ManualClock } from "../../../../src/support/clock.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { type LimiterFixture, limiterOn } from "./fixtures.js";

const IP = "192.0.2.44";
const md5 = (s: string): string => createHash("md5").update(s).digest("hex");
const stored = (name: string, by: string): Promise<string | null> =>
  server.client(1).get(`p_c:${md5(name + by)}`);

let server: PrivateRedisServer;
let fixture: LimiterFixture;
beforeAll(async () => {
  server = await startRedisServer();
  // A frozen clock: the timers (now + 60) and Retry-After (timer - now) cannot straddle a second.
  fixture = limiterOn(server, { redisPrefix: "p_", cachePrefix: "c:", clock: new ManualClock(Date.now()) });
});
afterAll(async () => {
  fixture.client.disconnect();
  await server.stop();
});
beforeEach(async () => {
  await server.flush();
});

/** `/found` answers 200, `/missing` 404, `/broken` throws (Express's error handler sends 500). */
async function serve(version: LaravelVersion, name: string) {
  const app = express();
  const throttle = throttleRequests(fixture.limiter, name, {
    format: rateLimitFormat(version),
    ip: () => IP,
  });
  app.get("/found", throttle, (_q, r) => {
    r.send("found");
  });
  app.get("/missing", throttle, (_q, r) => {
    r.status(404).send("missing");
  });
  app.get("/broken", throttle, () => {
    throw new Error("handler failed");
  });
  app.use((_e: unknown, _q: express.Request, r: express.Response, _n: express.NextFunction) => {
    r.status(500).send("broken");
  });
  const http = app.listen(0, "127.0.0.1");
  await once(http, "listening");
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const get = async (path: string) => {
    const response = await fetch(base + path, { headers: { accept: "application/json" } });
    await response.arrayBuffer();
    return [
      response.status,
      response.headers.get("x-ratelimit-limit"),
      response.headers.get("x-ratelimit-remaining"),
      response.headers.get("retry-after"),
    ];
  };
  return { get, close: () => http.close() };
}

describe("Limit.after() in the throttle middleware", () => {
  it.each([12, 13] as const)(
    "with Laravel %i, counts only the responses the callback accepts, after they finish",
    async (version) => {
      fixture.limiter.for("probe", (req: express.Request) =>
        Limit.perMinute(2)
          .by(req.get("x-client") ?? IP)
          .after((res: express.Response) => res.statusCode === 404),
      );
      const route = await serve(version, "probe");
      try {
        expect(await route.get("/found")).toEqual([200, "2", "2", null]);
        expect(await route.get("/found")).toEqual([200, "2", "2", null]);
        expect(await stored("probe", IP)).toBeNull();
        expect(await route.get("/missing")).toEqual([404, "2", "1", null]);
        await expect.poll(() => stored("probe", IP)).toBe("1");
        expect(await route.get("/found")).toEqual([200, "2", "1", null]);
        expect(await route.get("/missing")).toEqual([404, "2", "0", null]);
        await expect.poll(() => stored("probe", IP)).toBe("2");
        expect(await route.get("/found")).toEqual([429, "2", "0", "60"]);
        expect(await stored("probe", IP)).toBe("2");
      } finally {
        route.close();
      }
    },
  );

  it("with Laravel 8, which has no after(), counts every request up front", async () => {
    fixture.limiter.for("probe8", (req: express.Request) =>
      Limit.perMinute(2)
        .by(req.get("x-client") ?? IP)
        .after((res: express.Response) => res.statusCode === 404),
    );
    const route = await serve(8, "probe8");
    try {
      expect(await route.get("/found")).toEqual([200, "2", "1", null]);
      expect(await route.get("/found")).toEqual([200, "2", "0", null]);
      expect(await route.get("/missing")).toEqual([429, "2", "0", "60"]);
      expect(await stored("probe8", IP)).toBe("2");
    } finally {
      route.close();
    }
  });

  it.each([
    [12, "1"],
    [13, null],
  ] as const)(
    "with Laravel %i, an error response counted by an after-limit refuses the next request (every-request limit then: %s)",
    async (version, everyAfterRefusal) => {
      fixture.limiter.for("errors", (req: express.Request) => [
        Limit.perMinute(10).by(`all:${req.get("x-client") ?? IP}`),
        Limit.perMinute(1)
          .by(`errors:${req.get("x-client") ?? IP}`)
          .after((res: express.Response) => res.statusCode >= 500),
      ]);
      const route = await serve(version, "errors");
      try {
        // The after-limit leaves 0 once this 500 counts: it is the most restrictive in the headers.
        expect(await route.get("/broken")).toEqual([500, "1", "0", null]);
        await expect.poll(() => stored("errors", `errors:${IP}`)).toBe("1");
        await server.client(1).del(`p_c:${md5(`errorsall:${IP}`)}`);
        expect(await route.get("/found")).toEqual([429, "1", "0", "60"]);
        // 8–12 hit the first limit before checking the second; 13 checks both first.
        expect(await stored("errors", `all:${IP}`)).toBe(everyAfterRefusal);
      } finally {
        route.close();
      }
    },
  );

  it("counts an accepted response whose client hung up before it was read", async () => {
    fixture.limiter.for("slow", () =>
      Limit.perMinute(5)
        .by("slow")
        .after(() => true),
    );
    const app = express();
    app.get("/", throttleRequests(fixture.limiter, "slow", { format: rateLimitFormat(12) }), (_q, r) => {
      r.write("partial");
    });
    const http = app.listen(0, "127.0.0.1");
    await once(http, "listening");
    try {
      const controller = new AbortController();
      const response = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`, {
        signal: controller.signal,
      });
      expect(response.headers.get("x-ratelimit-remaining")).toBe("4");
      controller.abort();
      await expect.poll(() => stored("slow", "slow")).toBe("1");
    } finally {
      http.closeAllConnections();
      http.close();
    }
  });
});

describe("hashKeys: false", () => {
  const cache: CacheConfig = {
    default: "redis",
    prefix: "c",
    limiter: null,
    stores: {
      redis: { name: "redis", driver: "redis", connection: "cache", lockConnection: "default", prefix: "c:" },
    },
  };
  const rateLimiting = (laravelVersion: LaravelVersion) =>
    createRateLimiting(
      { cache, laravelVersion },
      { connections: { connection: () => fixture.client as unknown as RedisClient } },
    );

  it("is refused at set-up where Laravel has no shouldHashKeys() (before 10.13.3)", () => {
    expect(() => rateLimiting(8).throttle({ maxAttempts: 5 }, { hashKeys: false })).toThrow(ConfigError);
    expect(() => rateLimiting(9).throttleWithRedis("api", { hashKeys: false })).toThrow(ConfigError);
  });

  it("keys the counter by the raw identifier from Laravel 10 on", async () => {
    const app = express();
    app.get(
      "/",
      rateLimiting(10).throttle({ maxAttempts: 5 }, { hashKeys: false, ip: () => IP }),
      (_q, r) => {
        r.send("ok");
      },
    );
    const http = app.listen(0, "127.0.0.1");
    await once(http, "listening");
    try {
      await (await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`)).arrayBuffer();
      expect(await server.client(1).get(`p_c:|${IP}`)).toBe("1");
    } finally {
      http.close();
    }
  });
});
