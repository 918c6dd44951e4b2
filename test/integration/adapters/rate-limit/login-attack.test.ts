/**
 * Attack tests for login throttling (reliability catalogue R1, R4, R5, R6): 1000 wrong passwords
 * for one account, spread over unicode variants of its e-mail and 50 spoofed X-Forwarded-For values
 * (trust proxy off), 25 in flight — exactly `maxAttempts` passwords may be checked. Then the same
 * with the private redis-server killed mid-run: the chosen policy holds (insurance: at most one
 * more in-memory budget; fail-closed: nothing more, 503s), never an unlimited window.
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LoginThrottle } from "../../../../adapters/rate-limit/login-throttle.js";
import type { RateLimitFailPolicy } from "../../../../src/errors/rate-limit-errors.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { type LimiterFixture, limiterOn } from "./fixtures.js";

// Every one of these folds to "user@example.com" in Laravel's throttle key.
const VARIANTS = [
  "user@example.com",
  "USER@EXAMPLE.COM",
  "User@Example.Com",
  "ＵＳＥＲ@example.com",
  "ⓤⓢⓔⓡ@example.com",
  "üser@exämple.com",
  "ÚSÉR@ÉXAMPLE.COM",
  "user@example.com\u0000",
  "user@example.com\u0007",
  "uſer@example.com",
];

let server: PrivateRedisServer;
let fixture: LimiterFixture;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  fixture?.client.disconnect();
  await server.stop();
});
beforeEach(async () => {
  fixture?.client.disconnect();
  await server.flush();
  fixture = limiterOn(server, { redisPrefix: "app_database_", cachePrefix: "app_cache:", failFast: true });
  // Without an offline queue, commands sent before the socket is up fail (and would go to the policy).
  if (fixture.client.status !== "ready") await once(fixture.client, "ready");
});

async function attack(policy: RateLimitFailPolicy, killAfter?: number) {
  const login = new LoginThrottle(fixture.store, { failPolicy: policy });
  let passwordChecks = 0;
  const statuses = new Map<number, number>();
  const app = express(); // trust proxy is off: X-Forwarded-For must not change the IP
  app.use(express.json());
  app.post("/login", async (req, res) => {
    try {
      const result = await login.attempt(req, async () => {
        passwordChecks++;
        return false;
      });
      if (!result.allowed) return void res.status(429).json({ message: result.message });
      res.status(422).json({ message: "These credentials do not match our records." });
    } catch {
      res.status(503).end();
    }
  });
  const http = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => http.once("listening", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/login`;
  let sent = 0;
  let checksBeforeKill = 0;
  const lane = async (): Promise<void> => {
    while (sent < 1000) {
      const n = sent++;
      if (n === killAfter) {
        checksBeforeKill = passwordChecks;
        await server.kill();
      }
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${n % 50}` },
        body: JSON.stringify({ email: VARIANTS[n % VARIANTS.length], password: `guess-${n}` }),
      });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 25 }, lane));
  http.close();
  if (killAfter !== undefined) await server.restart();
  return { passwordChecks, checksBeforeKill, statuses, stats: login.stats };
}

describe("login throttling under attack", () => {
  it("checks exactly 5 passwords for 1000 attempts over e-mail variants and spoofed IPs", async () => {
    const startedAt = Math.floor(Date.now() / 1000);
    const { passwordChecks, statuses, stats } = await attack("insurance");
    const endedAt = Math.ceil(Date.now() / 1000);
    expect(stats.storeFailures).toBe(0);
    expect(passwordChecks).toBe(5);
    expect(statuses.get(429)).toBe(995);
    const raw = server.client(1);
    expect(await raw.get("app_database_app_cache:user@example.com|127.0.0.1")).toBe("5");
    // One 60 s window opened by the first failure (Laravel's timer holds its end), however long the attack took.
    const timer = "app_database_app_cache:user@example.com|127.0.0.1:timer";
    const availableAt = Number(await raw.get(timer));
    expect(availableAt).toBeGreaterThanOrEqual(startedAt + 60);
    expect(availableAt).toBeLessThanOrEqual(endedAt + 60);
    const ttl = await raw.ttl(timer);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it("keeps the insurance policy's bound when Redis is killed mid-run", async () => {
    const { passwordChecks, checksBeforeKill, stats } = await attack("insurance", 300);
    expect(checksBeforeKill).toBe(5);
    // Memory insurance is a fresh budget per process: at most 5 more, never unlimited.
    expect(passwordChecks).toBeLessThanOrEqual(10);
    expect(stats.insurance).toBeGreaterThan(600);
  });

  it("refuses every attempt with fail-closed once Redis is killed", async () => {
    const { passwordChecks, checksBeforeKill, statuses, stats } = await attack("fail-closed", 3);
    expect(passwordChecks).toBe(checksBeforeKill);
    expect(statuses.get(503)).toBeGreaterThan(900);
    expect(stats.failClosed).toBeGreaterThan(900);
  });
});
