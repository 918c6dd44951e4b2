/**
 * Cache (issue #4 "Benchmarks", PERFORMANCE.md G1.1–G1.7, G0.1): the bridge's Repository
 * (Laravel 8.83's keys and bytes) on the bridge's own cache connection (ConnectionManager with
 * autoPipelining: typed errors, command timeout, REDIS_PREFIX) vs, in the same rounds:
 * - raw ioredis (autopipelining on, as ours) GET/SETEX of the same bytes, sequential and 100 in
 *   flight, for a small string and a 1.1 KB PHP array (a hit is compared with the raw GET of the
 *   same bytes, not decoded: G1.1, G1.2, G1.4, G1.6);
 * - a JSON cache hit: raw GET + JSON.parse of the same data stored as JSON (G1.5), and a JSON cache
 *   put: JSON.stringify + raw SETEX — what any encoding costs on top of the raw SETEX of ready bytes;
 * - Laravel's own `Cache::get` of the same key and bytes in ONE long-lived PHP process
 *   (bench/php/laravel-peer.ts; phpredis, Laravel 8.83 from Debian), sequential in PHP as a
 *   PHP-FPM worker runs it, 50 gets per stdin/stdout exchange (G1.7: ours sequential and ours 100
 *   in flight against it).
 * CPU per operation (this process, Redis, PHP) is printed at the end and written to
 * bench/results/cache-cpu.json: unlike ops/s it hardly moves when other work shares the machine.
 */
import { writeFileSync } from "node:fs";
import { Redis } from "ioredis";
import { RedisStore } from "../../adapters/cache/redis-store.js";
import { Repository } from "../../adapters/cache/repository.js";
import { encodeCachePlain } from "../../adapters/cache/value-codec.js";
import { ConnectionManager } from "../../src/redis/connection-manager.js";
import {
  type PrivateRedisServer,
  privateRedisConfig,
  startRedisServer,
} from "../../test/helpers/redis-server.js";
import { CpuMeter } from "../paired.js";
import { type LaravelPeer, startLaravelPeer } from "../php/laravel-peer.js";
import type { BenchCase, BenchSuite } from "../runner.js";

const REDIS_PREFIX = "laravel_database_";
/** Laravel 8's RedisStore keeps `<CACHE_PREFIX>:`. */
const CACHE_PREFIX = "laravel_cache";
const STORE_PREFIX = `${CACHE_PREFIX}:`;
const PHP_BATCH = 50;

let server: PrivateRedisServer;
let raw: Redis;
let connections: ConnectionManager;
let cache: Repository;
let php: LaravelPeer;
const meter = new CpuMeter(() => server?.pid);

const small = "hello from node";
// 9 rows of a typical API payload: 1.1 KB serialized, 0.7 KB as JSON.
const big = Object.fromEntries(
  Array.from({ length: 9 }, (_, i) => [
    `field_${i}`,
    { id: i, name: `name-${i}`, tags: ["a", "b"], ok: i % 2 === 0, price: 12.5 + i },
  ]),
);
const bigBytes = encodeCachePlain(big);
const smallBytes = encodeCachePlain(small);
const bigJson = JSON.stringify(big);
const RAW_SMALL = `${STORE_PREFIX}raw-small`;
const RAW_BIG = `${STORE_PREFIX}raw-big`;
const JSON_BIG = `${STORE_PREFIX}json-big`;

const metered = (c: BenchCase): BenchCase =>
  meter.wrap(c, "cache", c.name.startsWith("Laravel") ? { name: "php", pid: () => php?.pid } : undefined);

function group(name: string, concurrency: number, ours: () => unknown, peers: Record<string, () => unknown>) {
  return [
    metered({ group: name, name: "bridge", subject: true, concurrency, fn: ours }),
    ...Object.entries(peers).map(([peer, fn]) => metered({ group: name, name: peer, concurrency, fn })),
  ];
}

const rawGetBig = (): Promise<Buffer | null> => raw.getBuffer(RAW_BIG);
const jsonHit = (): Promise<unknown> =>
  raw.get(JSON_BIG).then((text) => (text === null ? null : JSON.parse(text)));
/** The value encoded on every put, as a JSON cache would do it (the floor for any encoding). */
const jsonPut = (): Promise<unknown> => raw.setex(JSON_BIG, 3600, JSON.stringify(big));
/** Laravel PHP, one process: PHP_BATCH sequential `Cache::get('big')` per call (opsPerCall). */
const laravelGet: BenchCase = {
  name: "Laravel 8.83 PHP Cache::get, 1 process (sequential)",
  opsPerCall: PHP_BATCH,
  fn: () => php.batch(PHP_BATCH),
};

export const suite: BenchSuite = {
  name: "cache",
  async setup() {
    server = await startRedisServer();
    raw = new Redis({ port: server.port, db: 1, enableAutoPipelining: true, keyPrefix: REDIS_PREFIX });
    connections = new ConnectionManager(privateRedisConfig(server, REDIS_PREFIX), { autoPipelining: true });
    cache = new Repository(
      new RedisStore(connections.connection("cache"), STORE_PREFIX, {
        laravelVersion: 8,
        connectionPrefix: REDIS_PREFIX,
      }),
    );
    await cache.put("small", small, 3600);
    await cache.put("big", big, 3600);
    await raw.set(RAW_SMALL, smallBytes);
    await raw.set(RAW_BIG, bigBytes);
    await raw.set(JSON_BIG, bigJson);
    php = await startLaravelPeer({
      op: "cache-get",
      key: "big",
      redisPort: server.port,
      redisPrefix: REDIS_PREFIX,
      cachePrefix: CACHE_PREFIX,
    });
    // Every side reads the same value: PHP the bridge's bytes, the JSON peer the same data.
    const phpValue = await php.batch(1);
    const checks = [phpValue, await cache.get("big"), await jsonHit()];
    // (As JSON: the bridge's plain objects have no prototype, so deep-equality would differ.)
    if (!checks.every((value) => JSON.stringify(value) === bigJson))
      throw new Error("cache bench: the peers do not read the same 1 KB value");
  },
  async teardown() {
    const table = meter.table();
    process.stdout.write(
      `  CPU per operation (rounds only; Redis and PHP from /proc schedstat):\n${table}\n`,
    );
    writeFileSync(
      new URL("../results/cache-cpu.json", import.meta.url),
      `${JSON.stringify(meter.figures(), null, 2)}\n`,
    );
    php?.close();
    raw.disconnect();
    await connections.close();
    await server.stop();
  },
  cases: [
    ...group("get small, sequential", 1, () => cache.get("small"), {
      "ioredis GET": () => raw.getBuffer(RAW_SMALL),
    }),
    ...group("get small, 100 in flight", 100, () => cache.get("small"), {
      "ioredis GET (autopipelining)": () => raw.getBuffer(RAW_SMALL),
    }),
    ...group("put small, sequential", 1, () => cache.put("small", small, 3600), {
      "ioredis SETEX": () => raw.setex(RAW_SMALL, 3600, smallBytes),
    }),
    ...group("put small, 100 in flight", 100, () => cache.put("small", small, 3600), {
      "ioredis SETEX (autopipelining)": () => raw.setex(RAW_SMALL, 3600, smallBytes),
    }),
    ...group("get 1 KB array hit, sequential", 1, () => cache.get("big"), {
      "ioredis GET (no decode)": rawGetBig,
      "JSON cache hit (ioredis GET + JSON.parse)": jsonHit,
    }),
    metered({ ...laravelGet, group: "get 1 KB array hit, sequential" }),
    ...group("get 1 KB array hit, 100 in flight", 100, () => cache.get("big"), {
      "ioredis GET (no decode, autopipelining)": rawGetBig,
      "JSON cache hit (ioredis GET + JSON.parse)": jsonHit,
    }),
    metered({ ...laravelGet, group: "get 1 KB array hit, 100 in flight" }),
    ...group("put 1 KB array, sequential", 1, () => cache.put("big", big, 3600), {
      "ioredis SETEX": () => raw.setex(RAW_BIG, 3600, bigBytes),
      "JSON cache put (JSON.stringify + ioredis SETEX)": jsonPut,
    }),
    ...group("put 1 KB array, 100 in flight", 100, () => cache.put("big", big, 3600), {
      "ioredis SETEX (autopipelining)": () => raw.setex(RAW_BIG, 3600, bigBytes),
      "JSON cache put (JSON.stringify + ioredis SETEX)": jsonPut,
    }),
  ],
};
