/**
 * createRateLimiting() as bridge.ts wires it, and the throttle middleware's Redis-down policies
 * (reliability catalogue R6), proved by killing the private redis-server between requests.
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRateLimiting } from "../../../../adapters/rate-limit/rate-limiting.js";
import type { ResilientLimiterStore } from "../../../../adapters/rate-limit/resilient-limiter-store.js";
import type { CacheConfig } from "../../../../src/config/bridge-config.js";
import type { RateLimitFailPolicy } from "../../../../src/errors/rate-limit-errors.js";
import type { RedisClient } from "../../../../src/redis/client.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { limiterOn } from "./fixtures.js";

const cache: CacheConfig = {
  default: "redis",
  prefix: "shop_cache",
  limiter: null,
  stores: {
    redis: {
      name: "redis",
      driver: "redis",
      connection: "cache",
      lockConnection: "default",
      prefix: "shop_cache:",
    },
  },
};

let server: PrivateRedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(async () => {
  await server.flush();
});

async function route(policy: RateLimitFailPolicy) {
  const { client } = limiterOn(server, { redisPrefix: "shop_database_", cachePrefix: "", failFast: true });
  if (client.status !== "ready") await once(client, "ready");
  const rl = createRateLimiting(
    { cache, laravelVersion: 8 },
    { connections: { connection: () => client as unknown as RedisClient } },
    { failPolicy: policy, identity: { ip: () => "198.51.100.1" } },
  );
  const app = express();
  app.get("/pay", rl.throttle({ maxAttempts: 3, decayMinutes: 1 }), (_q, r) => {
    r.send("ok");
  });
  const http = app.listen(0, "127.0.0.1");
  await once(http, "listening");
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/pay`;
  const statuses = async (n: number): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await fetch(url)).status);
    return out;
  };
  return {
    rl,
    statuses,
    close: () => {
      http.close();
      client.disconnect();
    },
  };
}

describe("throttle() with Redis killed mid-run", () => {
  it.each([
    ["insurance", [200, 200, 200, 429, 429], [200, 200, 200, 429, 429, 429]],
    ["fail-closed", [200, 200, 200, 429, 429], [503, 503, 503, 503, 503, 503]],
    ["fail-open", [200, 200, 200, 429, 429], [200, 200, 200, 200, 200, 200]],
  ] as const)("follows the %s policy", async (policy, before, after) => {
    const { rl, statuses, close } = await route(policy);
    try {
      expect(await statuses(5)).toEqual(before);
      await server.kill();
      expect(await statuses(6)).toEqual(after);
      const stats = (rl.limiter.store as ResilientLimiterStore).stats;
      expect(stats.storeFailures).toBe(6);
    } finally {
      close();
      await server.restart();
    }
  });

  it("keeps Laravel's counter where PHP reads it (cache connection, store prefix)", async () => {
    const { statuses, close } = await route("insurance");
    try {
      await statuses(2);
      const key = `shop_database_shop_cache:${createHash("sha1").update("|198.51.100.1").digest("hex")}`;
      expect((await server.client(1).keys("*")).sort()).toEqual([key, `${key}:timer`]);
      expect(await server.client(1).get(key)).toBe("2");
    } finally {
      close();
    }
  });
});
