/**
 * Cache: the bridge's Repository (Laravel's bytes and keys) on the bridge's own cache connection
 * (ConnectionManager with autoPipelining: typed errors, command timeout, REDIS_PREFIX) vs raw
 * ioredis GET/SET of the same bytes with autopipelining, sequential and 100 in flight, for a small
 * string and a ~1 KB PHP array (a hit is compared with the raw GET of the same bytes, not decoded).
 */
import { Redis } from "ioredis";
import { RedisStore } from "../../adapters/cache/redis-store.js";
import { Repository } from "../../adapters/cache/repository.js";
import { encodeCacheValue } from "../../adapters/cache/value-codec.js";
import { fromPlain } from "../../src/codecs/php/index.js";
import type { RedisConfig } from "../../src/config/bridge-config.js";
import { ConnectionManager } from "../../src/redis/connection-manager.js";
import { type PrivateRedisServer, startRedisServer } from "../../test/helpers/redis-server.js";
import type { BenchCase, BenchSuite } from "../runner.js";

let server: PrivateRedisServer;
let raw: Redis;
let connections: ConnectionManager;
let cache: Repository;
const small = "hello from node";
// 9 rows of a typical API payload: 1.1 KB serialized.
const big = Object.fromEntries(
  Array.from({ length: 9 }, (_, i) => [
    `field_${i}`,
    { id: i, name: `name-${i}`, tags: ["a", "b"], ok: i % 2 === 0, price: 12.5 + i },
  ]),
);
const bigBytes = encodeCacheValue(fromPlain(big));
const smallBytes = encodeCacheValue(small);

function redisConfig(port: number): RedisConfig {
  const base = { host: "127.0.0.1", port, username: null, password: null, tls: false, options: {} };
  return {
    client: "phpredis",
    prefix: "laravel-database-",
    cluster: "redis",
    connections: {
      default: { ...base, name: "default", database: 0 },
      cache: { ...base, name: "cache", database: 1 },
    },
  };
}

function pair(
  group: string,
  concurrency: number,
  ours: () => unknown,
  peer: () => unknown,
  peerName: string,
): BenchCase[] {
  return [
    { group, name: "bridge", subject: true, concurrency, fn: ours },
    { group, name: peerName, concurrency, fn: peer },
  ];
}

export const suite: BenchSuite = {
  name: "cache",
  async setup() {
    server = await startRedisServer();
    raw = new Redis({ port: server.port, db: 1, enableAutoPipelining: true, keyPrefix: "laravel-database-" });
    connections = new ConnectionManager(redisConfig(server.port), { autoPipelining: true });
    cache = new Repository(new RedisStore(connections.connection("cache"), "laravel-cache-"));
    await cache.put("small", small, 3600);
    await cache.put("big", big, 3600);
    await raw.set("laravel-cache-raw-small", smallBytes);
    await raw.set("laravel-cache-raw-big", bigBytes);
  },
  async teardown() {
    raw.disconnect();
    await connections.close();
    await server.stop();
  },
  cases: [
    ...pair(
      "get small, sequential",
      1,
      () => cache.get("small"),
      () => raw.getBuffer("laravel-cache-raw-small"),
      "ioredis GET",
    ),
    ...pair(
      "get small, 100 in flight",
      100,
      () => cache.get("small"),
      () => raw.getBuffer("laravel-cache-raw-small"),
      "ioredis GET",
    ),
    ...pair(
      "put small, sequential",
      1,
      () => cache.put("small", small, 3600),
      () => raw.setex("laravel-cache-raw-small", 3600, smallBytes),
      "ioredis SETEX",
    ),
    ...pair(
      "put small, 100 in flight",
      100,
      () => cache.put("small", small, 3600),
      () => raw.setex("laravel-cache-raw-small", 3600, smallBytes),
      "ioredis SETEX",
    ),
    ...pair(
      "get 1 KB array hit, sequential",
      1,
      () => cache.get("big"),
      () => raw.getBuffer("laravel-cache-raw-big"),
      "ioredis GET (no decode)",
    ),
    ...pair(
      "get 1 KB array hit, 100 in flight",
      100,
      () => cache.get("big"),
      () => raw.getBuffer("laravel-cache-raw-big"),
      "ioredis GET (no decode)",
    ),
    ...pair(
      "put 1 KB array, sequential",
      1,
      () => cache.put("big", big, 3600),
      () => raw.setex("laravel-cache-raw-big", 3600, bigBytes),
      "ioredis SETEX",
    ),
  ],
};
