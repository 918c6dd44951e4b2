import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertPhpLaravelInstalled, runPhp } from "../helpers/php.js";
import { type PrivateRedisServer, startRedisServer } from "../helpers/redis-server.js";

describe("the PHP peer (Debian's Laravel 8.83)", () => {
  let redis: PrivateRedisServer;
  beforeAll(async () => {
    assertPhpLaravelInstalled();
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it("writes with Laravel's Cache::put what a raw connection reads under REDIS_PREFIX + cache prefix", async () => {
    const env = {
      REDIS_PORT: String(redis.port),
      REDIS_PREFIX: "peer_database_",
      CACHE_PREFIX: "peer_cache",
    };
    const answer = await runPhp<{ ok: boolean; prefix: string }>(
      "cache-put",
      {
        key: "greeting",
        value: "hello from PHP",
        seconds: 60,
      },
      env,
    );
    expect(answer).toEqual({ ok: true, prefix: "peer_cache:" });
    const cacheDb = redis.client(1);
    expect(await cacheDb.get("peer_database_peer_cache:greeting")).toBe('s:14:"hello from PHP";');
    expect(await cacheDb.ttl("peer_database_peer_cache:greeting")).toBeGreaterThan(55);
  });
});
