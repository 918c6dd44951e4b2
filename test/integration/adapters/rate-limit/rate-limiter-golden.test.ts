/**
 * The golden traces of Laravel 8.83 and 12.67 (rate-limiter.json), replayed through our RateLimiter
 * at the recorded times: every return value and the final keys, values and TTLs must match.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheFormat } from "../../../../src/config/laravel-versions.js";
import { ManualClock } from "../../../../src/support/clock.js";
import { GOLDEN_VERSIONS, loadGolden } from "../../../helpers/golden.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { dump, limiterOn } from "./fixtures.js";

interface Op {
  id: string;
  php: string;
  now: number;
  return: { t: string; v?: unknown };
}
interface Golden {
  config: Record<string, unknown>;
  operations: Op[];
  expiry: Op[];
  keyDump: Array<{ key: string; ttl: number; value: string }>;
}

let server: PrivateRedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});

/** PHP's return value as text, so "3" (a cache string) and 3 (an int) compare like PHP's ==. */
const phpText = (r: Op["return"]): string =>
  r.t === "null" ? "null" : r.t === "bool" ? String(r.v) : String(r.v);

describe.each(GOLDEN_VERSIONS)("RateLimiter replays the %s golden trace", (version) => {
  const golden = loadGolden<Golden>(version, "rate-limiter");
  const major = version === "laravel-8" ? 8 : 12;
  const cachePrefix = `${golden.config.CACHE_PREFIX as string}${cacheFormat(major).prefixSeparator}`;

  it("returns what Laravel returned and leaves the keys Laravel left", async () => {
    await server.flush();
    const clock = new ManualClock();
    const { limiter, client } = limiterOn(server, {
      redisPrefix: golden.config.REDIS_PREFIX as string,
      cachePrefix,
      clock,
      clamp: major >= 12,
    });
    const run = async (op: Op): Promise<unknown> => {
      clock.set(op.now * 1000);
      const key = /\('([^']*)'/.exec(op.php)?.[1] as string;
      const name = op.id.replace(/-\d+$|-(true|false|after-clear|after-expiry|short)$/, "");
      if (name === "cleanRateLimiterKey") return limiter.cleanRateLimiterKey(key);
      if (name === "hit") return limiter.hit(key, Number(/, (\d+)\)/.exec(op.php)?.[1]));
      if (name === "attempts") return limiter.attempts(key);
      if (name === "tooManyAttempts")
        return limiter.tooManyAttempts(key, Number(/, (\d+)\)/.exec(op.php)?.[1]));
      if (name === "remaining") return limiter.remaining(key, 5);
      if (name === "retriesLeft") return limiter.retriesLeft(key, 5);
      if (name === "availableIn") return limiter.availableIn(key);
      if (name === "decrement") return limiter.decrement(key);
      if (name === "clear") return limiter.clear(key).then(() => null);
      if (name === "resetAttempts") return limiter.resetAttempts(key);
      if (name === "attempt") {
        const r = await limiter.attempt(key, 2, () => "navypus", 120);
        return r.allowed ? r.value : false;
      }
      throw new Error(`no replay for ${op.id}`);
    };
    const results: Array<[string, string, string]> = [];
    for (const op of golden.operations) {
      const got = await run(op);
      results.push([op.id, got === null ? "null" : String(got), phpText(op.return)]);
    }
    expect(results.filter(([, got, want]) => got !== want)).toEqual([]);

    const raw = server.client(1);
    const keys = await dump(raw);
    expect(keys).toEqual(golden.keyDump.map((k) => ({ key: k.key, value: k.value, ttl: k.ttl })));
    client.disconnect();
  });

  it("forgets an expired window like Laravel (counter and timer gone, no stale lockout)", async () => {
    await server.flush();
    const [hit, check] = golden.expiry as [Op, Op];
    const { limiter, client } = limiterOn(server, {
      redisPrefix: golden.config.REDIS_PREFIX as string,
      cachePrefix,
    });
    expect(await limiter.hit("zedivai:dygoh", 1)).toBe(Number(hit.return.v));
    const raw = server.client(1);
    await expect.poll(() => raw.dbsize(), { timeout: 3000, interval: 50 }).toBe(0);
    expect(String(await limiter.tooManyAttempts("zedivai:dygoh", 1))).toBe(phpText(check.return));
    client.disconnect();
  });
});
