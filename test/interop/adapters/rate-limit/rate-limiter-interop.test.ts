/**
 * Laravel 8.83's RateLimiter (real PHP, phpredis) and ours on one private Redis, one key
 * (reliability catalogue R9): interleaved hits sum exactly, each side sees the other's lockout,
 * availableIn agrees within 1 s, and PHP's clear resets Node's view.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertPhpLaravelInstalled, runPhp } from "../../../helpers/php.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { type LimiterFixture, limiterOn } from "../../../integration/adapters/rate-limit/fixtures.js";

type PhpOp = { op: string; key: string; max?: number; decay?: number };

let server: PrivateRedisServer;
let node: LimiterFixture;
let env: Record<string, string>;

const php = async (...ops: PhpOp[]): Promise<unknown[]> =>
  (await runPhp<{ results: unknown[] }>("rate-limit-limiter", { ops }, env)).results;

beforeAll(async () => {
  assertPhpLaravelInstalled();
  server = await startRedisServer();
  env = {
    REDIS_PORT: String(server.port),
    REDIS_PREFIX: "interop_database_",
    CACHE_PREFIX: "interop_cache",
  };
  // Laravel 8: the store prefix is CACHE_PREFIX + ':' on the `cache` connection (DB 1).
  node = limiterOn(server, { redisPrefix: "interop_database_", cachePrefix: "interop_cache:", clamp: false });
});
afterAll(async () => {
  node.client.disconnect();
  await server.stop();
});

describe("RateLimiter shared with Laravel 8.83", () => {
  const key = "jöhn@example.com|203.0.113.7";

  it("sums interleaved PHP and Node hits on one key exactly", async () => {
    await server.flush();
    const counts: number[] = [];
    for (let round = 0; round < 4; round++) {
      counts.push(await node.limiter.hit(key, 60));
      counts.push(Number((await php({ op: "hit", key, decay: 60 }))[0]));
    }
    expect(counts).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await node.limiter.attempts(key)).toBe(8);
    expect(await php({ op: "attempts", key })).toEqual([8]);
  });

  it("lets PHP see Node's lockout and Node see PHP's", async () => {
    await server.flush();
    for (let i = 0; i < 5; i++) await node.limiter.hit(key, 60);
    expect(await php({ op: "tooManyAttempts", key, max: 5 }, { op: "remaining", key, max: 5 })).toEqual([
      true,
      0,
    ]);

    await server.flush();
    await php(...Array.from({ length: 5 }, () => ({ op: "hit", key, decay: 60 })));
    expect(await node.limiter.tooManyAttempts(key, 5)).toBe(true);
    expect(await node.limiter.tooManyAttempts(key, 6)).toBe(false);
  });

  it("agrees with PHP on availableIn within a second", async () => {
    await server.flush();
    await node.limiter.hit(key, 90);
    const [phpSeconds] = (await php({ op: "availableIn", key })) as [number];
    const nodeSeconds = await node.limiter.availableIn(key);
    expect(Math.abs(phpSeconds - nodeSeconds)).toBeLessThanOrEqual(1);
    expect(nodeSeconds).toBeGreaterThan(85);
  });

  it("resets Node's view when PHP clears the key", async () => {
    await server.flush();
    for (let i = 0; i < 5; i++) await node.limiter.hit(key, 60);
    expect(await node.limiter.tooManyAttempts(key, 5)).toBe(true);
    await php({ op: "clear", key });
    expect(await node.limiter.tooManyAttempts(key, 5)).toBe(false);
    expect(await node.limiter.attempts(key)).toBe(0);
    expect(await node.limiter.availableIn(key)).toBe(0);
  });

  it("resets PHP's view when Node clears the key", async () => {
    await server.flush();
    await php(...Array.from({ length: 5 }, () => ({ op: "hit", key, decay: 60 })));
    await node.limiter.clear(key);
    expect(await php({ op: "tooManyAttempts", key, max: 5 }, { op: "attempts", key })).toEqual([false, 0]);
  });

  it("sees the lockout of a key with an apostrophe that Laravel 8 itself misses (documented deviation)", async () => {
    await server.flush();
    const apostrophe = "o'brien@example.com|203.0.113.7";
    await php(...Array.from({ length: 5 }, () => ({ op: "hit", key: apostrophe, decay: 60 })));
    // Laravel 8's tooManyAttempts() cleans the key twice and reads a counter nobody writes.
    expect(await php({ op: "tooManyAttempts", key: apostrophe, max: 5 })).toEqual([false]);
    expect(await node.limiter.tooManyAttempts(apostrophe, 5)).toBe(true);
  });
});
