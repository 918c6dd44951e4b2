/**
 * Login throttling on a private Redis: the lockout response, Fortify's named-limiter layout, and
 * the rate-limiter-flexible second layer (reliability catalogue R1–R3).
 */
import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import express, { type Request } from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BruteForceProtection } from "../../../../adapters/rate-limit/brute-force.js";
import { LoginThrottle } from "../../../../adapters/rate-limit/login-throttle.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { type LimiterFixture, limiterOn } from "./fixtures.js";

let server: PrivateRedisServer;
let fixture: LimiterFixture;
const request = (email: string, ip = "192.0.2.1"): Request => ({ body: { email }, ip }) as unknown as Request;

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

describe("LoginThrottle", () => {
  it("answers a locked-out login with 429, Retry-After and Laravel's message under the field", async () => {
    const login = new LoginThrottle(fixture.store);
    for (let i = 0; i < 5; i++) await login.failed(request("x@example.com", "127.0.0.1"));
    const app = express();
    app.use(express.json());
    app.post("/login", login.middleware(), (_req, res) => {
      res.send("checked");
    });
    const http = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => http.once("listening", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "X@Example.com" }),
      });
      expect(response.status).toBe(429);
      const seconds = Number(response.headers.get("retry-after"));
      expect(seconds).toBeGreaterThan(55);
      const message = `Too many login attempts. Please try again in ${seconds} seconds.`;
      expect(await response.json()).toEqual({ message, errors: { email: [message] } });
    } finally {
      http.close();
    }
  });

  it("counts every attempt under md5('login' . key) in Fortify's named layout, failures also under the key", async () => {
    const login = new LoginThrottle(fixture.store, { layout: "fortify-named" });
    const req = request("Named@Example.com");
    await login.attempt(req, () => false);
    await login.attempt(req, () => true);
    const raw = server.client(1);
    const named = `p_c:${createHash("md5").update("loginnamed@example.com|192.0.2.1").digest("hex")}`;
    // Two attempts counted under the named key; the plain key was hit once and cleared by the success.
    expect((await raw.keys("p_c:*")).sort()).toEqual([named, `${named}:timer`]);
    expect(await raw.get(named)).toBe("2");
  });
});

describe("BruteForceProtection (rate-limiter-flexible recipe)", () => {
  it("blocks a username+IP after K consecutive failures, lets the victim in from another IP, resets on success", async () => {
    const storeClient = server.client(2);
    await storeClient.ping(); // connected: rejectIfRedisNotReady would send the first calls to the insurance limiter
    const brute = new BruteForceProtection({ storeClient, consecutiveFails: { points: 3 }, keyPrefix: "t1" });
    const login = new LoginThrottle(fixture.store, { bruteForce: brute, maxAttempts: 100 });
    let checks = 0;
    const wrong = () => {
      checks++;
      return false;
    };
    for (let i = 0; i < 8; i++) await login.attempt(request("victim@example.com", "198.51.100.66"), wrong);
    expect(checks).toBe(3);
    const blocked = await login.check(request("victim@example.com", "198.51.100.66"));
    expect(blocked).toMatchObject({ allowed: false });
    expect(blocked.retryAfterSeconds).toBeGreaterThan(3500);
    // R3: the attacker's failures do not lock the victim out from their own IP.
    expect(await login.attempt(request("victim@example.com", "203.0.113.5"), () => true)).toMatchObject({
      ok: true,
    });
    await login.succeeded(request("victim@example.com", "198.51.100.66"));
    expect((await login.check(request("victim@example.com", "198.51.100.66"))).allowed).toBe(true);
  });

  it("blocks an IP spraying many usernames at the per-IP daily limit", async () => {
    const storeClient = server.client(2);
    await storeClient.ping();
    const brute = new BruteForceProtection({
      storeClient,
      failsPerIpPerDay: { points: 20 },
      keyPrefix: "t2",
    });
    const login = new LoginThrottle(fixture.store, { bruteForce: brute });
    let checks = 0;
    for (let i = 0; i < 60; i++) {
      await login.attempt(request(`user${i}@example.com`, "198.51.100.7"), () => {
        checks++;
        return false;
      });
    }
    expect(checks).toBe(20);
  });
});
