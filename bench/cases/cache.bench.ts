/**
 * Cache: the bridge's Repository (Laravel's bytes and keys) vs raw ioredis GET/SET of the same bytes,
 * sequential and 100 in flight (both with autopipelining), for a small string and a ~1 KB PHP array.
 */
import { Redis } from "ioredis";
import { RedisStore } from "../../adapters/cache/redis-store.js";
import { Repository } from "../../adapters/cache/repository.js";
import { encodeCacheValue } from "../../adapters/cache/value-codec.js";
import { fromPlain } from "../../src/codecs/php/index.js";
import type { RedisClient } from "../../src/redis/client.js";
import { type PrivateRedisServer, startRedisServer } from "../../test/helpers/redis-server.js";
import type { BenchCase, BenchSuite } from "../runner.js";

let server: PrivateRedisServer;
let raw: Redis;
let bridged: Redis;
let cache: Repository;
const small = "hello from node";
const big = Object.fromEntries(
  Array.from({ length: 24 }, (_, i) => [
    `field_${i}`,
    { id: i, name: `name-${i}`, tags: ["a", "b"], ok: i % 2 === 0 },
  ]),
);
const bigBytes = encodeCacheValue(fromPlain(big));
const smallBytes = encodeCacheValue(small);

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
    bridged = new Redis({
      port: server.port,
      db: 1,
      enableAutoPipelining: true,
      keyPrefix: "laravel-database-",
    });
    cache = new Repository(new RedisStore(bridged as unknown as RedisClient, "laravel-cache-"));
    await cache.put("small", small, 3600);
    await cache.put("big", big, 3600);
    await raw.set("laravel-cache-raw-small", smallBytes);
    await raw.set("laravel-cache-raw-big", bigBytes);
  },
  async teardown() {
    raw.disconnect();
    bridged.disconnect();
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
