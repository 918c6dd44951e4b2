import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RedisStore } from "../../../../adapters/cache/redis-store.js";
import { Repository } from "../../../../adapters/cache/repository.js";
import { TaggedCache } from "../../../../adapters/cache/tags/tagged-cache.js";
import type { RedisConfig } from "../../../../src/config/bridge-config.js";
import type { LaravelVersion } from "../../../../src/config/laravel-versions.js";
import { ConnectionManager } from "../../../../src/redis/connection-manager.js";
import { ManualClock } from "../../../../src/support/clock.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";

// Glob characters in REDIS_PREFIX: the SCAN pattern must match them literally.
const REDIS_PREFIX = "app*[1]-";

let server: PrivateRedisServer;
let connections: ConnectionManager;
const clock = new ManualClock(Date.UTC(2026, 0, 1));

function config(port: number): RedisConfig {
  const base = { host: "127.0.0.1", port, username: null, password: null, tls: false, options: {} };
  return {
    client: "phpredis",
    prefix: REDIS_PREFIX,
    cluster: "redis",
    connections: {
      default: { ...base, name: "default", database: 0 },
      cache: { ...base, name: "cache", database: 1 },
    },
  };
}

function storeFor(
  prefix: string,
  laravelVersion: LaravelVersion = 12,
): { store: RedisStore; cache: Repository } {
  const store = new RedisStore(connections.connection("cache"), prefix, {
    laravelVersion,
    connectionPrefix: REDIS_PREFIX,
    clock,
  });
  const cache = new Repository(store, {
    clock,
    taggedCache: (s, tags, options) => new TaggedCache(s, tags, options),
  });
  return { store, cache };
}

const members = async (key: string): Promise<string[]> =>
  (await server.client(1).zrange(`${REDIS_PREFIX}${key}`, "0", "-1", "WITHSCORES")).filter(
    (_, i) => i % 2 === 1,
  );

beforeAll(async () => {
  server = await startRedisServer();
  connections = new ConnectionManager(config(server.port));
});
afterAll(async () => {
  await connections.close();
  await server.stop();
});
beforeEach(async () => {
  await server.flush();
});

describe("flushStaleTags (cache:prune-stale-tags)", () => {
  it("drops the expired entries of every tag set of the store, keeping live and forever ones", async () => {
    const { store, cache } = storeFor("shop_");
    await cache.tags(["a"]).put("short", "x", 10);
    await cache.tags(["a", "b"]).put("long", "y", 100);
    await cache.tags(["c"]).forever("kept", "z");
    clock.advance(50_000);
    const pruned = await store.flushStaleTags();
    expect(pruned).toEqual({ tags: 3, entries: 1, applicable: true });
    expect(await members("shop_tag:a:entries")).toHaveLength(1);
    expect(await members("shop_tag:b:entries")).toHaveLength(1);
    expect(await members("shop_tag:c:entries")).toEqual(["-1"]);
    expect(await cache.tags(["a", "b"]).get("long")).toBe("y");
  });

  it("leaves other stores' and other prefixes' tag sets alone, even ones the unescaped pattern would match", async () => {
    const { store, cache } = storeFor("shop_");
    const other = storeFor("shop_x");
    await cache.tags(["a"]).put("old", "x", 10);
    await other.cache.tags(["a"]).put("old", "x", 10);
    const raw = server.client(1);
    // `app*[1]-shop_tag:*:entries` as a glob would match this key; escaped, it does not.
    await raw.zadd("appZZ1-shop_tag:evil:entries", "1", "stale");
    clock.advance(60_000);
    expect(await store.flushStaleTags()).toEqual({ tags: 1, entries: 1, applicable: true });
    expect(await members("shop_xtag:a:entries")).toHaveLength(1);
    expect(await raw.zcard("appZZ1-shop_tag:evil:entries")).toBe(1);
  });

  it("visits every tag set when there are more than one SCAN page of them", async () => {
    const { store, cache } = storeFor("many_");
    for (let i = 0; i < 1200; i++) await cache.tags([`t${i}`]).put("k", "v", 10);
    clock.advance(11_000);
    expect(await store.flushStaleTags()).toEqual({ tags: 1200, entries: 1200, applicable: true });
    expect(await server.client(1).dbsize()).toBe(1200);
  });

  it("does nothing on Laravel 8's tag scheme, which has no stale entries", async () => {
    const { store, cache } = storeFor("old:", 8);
    await cache.tags(["a"]).put("k", "v", 10);
    const before = await server.client(1).dbsize();
    clock.advance(60_000);
    expect(await store.flushStaleTags()).toEqual({ tags: 0, entries: 0, applicable: false });
    expect(await server.client(1).dbsize()).toBe(before);
  });
});
