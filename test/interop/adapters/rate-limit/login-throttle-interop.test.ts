/**
 * Login throttling shared with a real Laravel 8.83 login loop (Breeze's LoginRequest logic): PHP
 * and Node attempts for one account — through different spellings of its e-mail — together check
 * exactly 5 passwords, and a success on either side clears the lockout for both.
 */
import type { Request } from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LoginThrottle } from "../../../../adapters/rate-limit/login-throttle.js";
import { assertPhpLaravelInstalled, runPhp } from "../../../helpers/php.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { type LimiterFixture, limiterOn } from "../../../integration/adapters/rate-limit/fixtures.js";

let server: PrivateRedisServer;
let node: LimiterFixture;
let env: Record<string, string>;
const IP = "203.0.113.9";
const request = (email: string): Request => ({ body: { email }, ip: IP }) as unknown as Request;

beforeAll(async () => {
  assertPhpLaravelInstalled();
  server = await startRedisServer();
  env = { REDIS_PORT: String(server.port), REDIS_PREFIX: "shop_database_", CACHE_PREFIX: "shop_cache" };
  node = limiterOn(server, { redisPrefix: "shop_database_", cachePrefix: "shop_cache:" });
});
afterAll(async () => {
  node.client.disconnect();
  await server.stop();
});
beforeEach(async () => {
  await server.flush();
});

const phpLogins = (emails: string[]) =>
  runPhp<{ checked: number; refused: number; keys: string[] }>(
    "rate-limit-login",
    { attempts: emails.map((email) => ({ email, ip: IP })), max: 5 },
    env,
  );

describe("login throttling shared with Laravel 8.83", () => {
  it("stops PHP and Node attempts for one account together at exactly 5 password checks", async () => {
    const login = new LoginThrottle(node.store);
    let nodeChecks = 0;
    const wrong = async () => {
      nodeChecks++;
      return false;
    };
    await login.attempt(request("Wallet.Owner@Example.com"), wrong);
    await login.attempt(request("ＷＡＬＬＥＴ.owner@example.com"), wrong);
    const php = await phpLogins(["wallet.owner@EXAMPLE.com", "Wället.Owner@example.com"]);
    for (const email of [
      "WALLET.OWNER@EXAMPLE.COM",
      "ⓦallet.owner@example.com",
      "wallet.owner@example.com",
    ]) {
      await login.attempt(request(email), wrong);
    }
    const phpAgain = await phpLogins(["wallet.owner@example.com", "WALLET.owner@example.com"]);
    expect(new Set(php.keys)).toEqual(new Set([login.throttleKey(request("wallet.owner@example.com"))]));
    expect(nodeChecks + php.checked + phpAgain.checked).toBe(5);
    expect(phpAgain.refused).toBe(2);
    expect((await login.check(request("wallet.owner@example.com"))).allowed).toBe(false);
  });

  it("lets a Node success clear the lockout PHP counted", async () => {
    const login = new LoginThrottle(node.store);
    await phpLogins(["a.b@example.com", "a.b@example.com", "a.b@example.com", "a.b@example.com"]);
    const ok = await login.attempt(request("A.B@example.com"), () => true);
    expect(ok).toMatchObject({ allowed: true, ok: true });
    const php = await phpLogins(Array.from({ length: 5 }, () => "a.b@example.com"));
    expect(php.checked).toBe(5);
  });

  it("reports the lockout with Laravel's auth.throttle message and the seconds left", async () => {
    const login = new LoginThrottle(node.store);
    await phpLogins(Array.from({ length: 5 }, () => "c@example.com"));
    const verdict = await login.check(request("C@example.com"));
    expect(verdict.allowed).toBe(false);
    expect(verdict.retryAfterSeconds).toBeGreaterThan(55);
    expect(verdict.message).toBe(
      `Too many login attempts. Please try again in ${verdict.retryAfterSeconds} seconds.`,
    );
  });
});
