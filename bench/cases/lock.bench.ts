/**
 * Locks (issue #4 "Benchmarks", PERFORMANCE.md G4.1–G4.3, G0.1), on one private redis-server:
 * - acquire+release, sequential: the bridge's RedisLock (Laravel's SET NX EX + compare-and-delete
 *   by EVALSHA) on the bridge's own lock connection (ConnectionManager: typed errors, command
 *   timeout, REDIS_PREFIX), a new lock and owner per cycle as `Cache::lock($name, 10)->get()`
 *   does, vs the same two commands written by hand on raw ioredis (G4.1), vs
 *   @sesamecare-oss/redlock on one instance, and vs Laravel 8.83's own
 *   `Cache::lock($name, 10)->get()` + `release()` in ONE long-lived PHP process, sequential, 25
 *   cycles per stdin/stdout exchange (G4.3; PHP sends the release script as EVAL text).
 * - 10 contending workers on one lock name, each cycle = wait until acquired (retry every
 *   10 ± 5 ms, the same policy on both sides) + release: cycles/s, and the p99 of the wait per
 *   round (G4.2), bridge `block()` with that sleep vs the hand-written loop.
 * CPU per operation and the contention waits are printed at the end and written to
 * bench/results/lock-extra.json.
 */
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { Redlock } from "@sesamecare-oss/redlock";
import { Redis } from "ioredis";
import { releaseLock } from "../../adapters/lock/lua-scripts.js";
import { RedisLockProvider } from "../../adapters/lock/redis-lock-provider.js";
import { ConnectionManager } from "../../src/redis/connection-manager.js";
import {
  type PrivateRedisServer,
  privateRedisConfig,
  startRedisServer,
} from "../../test/helpers/redis-server.js";
import { CpuMeter } from "../paired.js";
import { type LaravelPeer, startLaravelPeer } from "../php/laravel-peer.js";
import { type BenchCase, type BenchSuite, median } from "../runner.js";

const REDIS_PREFIX = "laravel_database_";
const CACHE_PREFIX = "laravel_cache";
const STORE_PREFIX = `${CACHE_PREFIX}:`;
const PHP_BATCH = 25;
const WORKERS = 10;
const SEQUENTIAL = "lock acquire+release, sequential";
const CONTENDED = `lock acquire+release, ${WORKERS} contending workers (retry 10 ± 5 ms)`;

let server: PrivateRedisServer;
let connections: ConnectionManager;
let raw: Redis;
let sesame: Redis;
let locks: RedisLockProvider;
let contendedLocks: RedisLockProvider;
let redlock: Redlock;
let php: LaravelPeer;
const meter = new CpuMeter(() => server?.pid);

/** The retry policy of both contention cases: 10 ms ± 5 ms, uniformly. */
const retrySleep = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 10));

/**
 * Waits (ms from the first attempt to the acquire) of the contention cases, one list per stint of
 * the case (the runner runs one case at a time; stint 0 is the warm-up), for a p99 per round.
 */
const waits = new Map<string, number[][]>();
let waitingCase: string | undefined;
function recordWait(name: string, ms: number): void {
  const stints = waits.get(name) ?? [];
  waits.set(name, stints);
  if (waitingCase !== name) {
    stints.push([]);
    waitingCase = name;
  }
  stints.at(-1)?.push(ms);
}

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? Number.NaN;
}

function contentionFigures() {
  const [ours, hand] = [BRIDGE_CONTENDED, HAND_CONTENDED].map((name) => (waits.get(name) ?? []).slice(1));
  const perRound = (ours ?? []).map((stint, i) => p99(stint) / p99(hand?.[i] ?? []));
  const summary = (stints: number[][] | undefined) => ({
    p99MsPerRound: (stints ?? []).map((s) => Number(p99(s).toFixed(2))),
    p99MsMedian: median((stints ?? []).map(p99)),
    cycles: (stints ?? []).reduce((sum, s) => sum + s.length, 0),
  });
  return {
    bridge: summary(ours),
    hand: summary(hand),
    p99Ratio: { median: median(perRound), min: Math.min(...perRound), max: Math.max(...perRound) },
  };
}

const BRIDGE_CONTENDED = "bridge RedisLock block()";
const HAND_CONTENDED = "raw SET NX EX retry loop + EVALSHA release";

const cases: BenchCase[] = [
  {
    group: SEQUENTIAL,
    name: "bridge RedisLock",
    subject: true,
    fn: async () => {
      const lock = locks.lock("bench", 10);
      await lock.acquire();
      await lock.release();
    },
  },
  {
    group: SEQUENTIAL,
    name: "raw SET NX EX + EVALSHA release",
    fn: async () => {
      // A hand-written lock still needs a unique owner per hold.
      const owner = randomUUID();
      await raw.set(`${STORE_PREFIX}bench-raw`, owner, "EX", 10, "NX");
      await raw.evalsha(releaseLock.sha1, 1, `${STORE_PREFIX}bench-raw`, owner);
    },
  },
  {
    group: SEQUENTIAL,
    name: "@sesamecare-oss/redlock (1 instance)",
    fn: async () => {
      const lock = await redlock.acquire(["bench-sesame"], 10_000);
      await lock.release();
    },
  },
  {
    group: SEQUENTIAL,
    name: "Laravel 8.83 PHP Cache::lock()->get()+release(), 1 process",
    opsPerCall: PHP_BATCH,
    fn: () => php.batch(PHP_BATCH),
  },
  {
    group: CONTENDED,
    name: BRIDGE_CONTENDED,
    subject: true,
    concurrency: WORKERS,
    fn: async () => {
      const lock = contendedLocks.lock("contended", 10);
      const started = performance.now();
      await lock.block(30);
      recordWait(BRIDGE_CONTENDED, performance.now() - started);
      await lock.release();
    },
  },
  {
    group: CONTENDED,
    name: HAND_CONTENDED,
    concurrency: WORKERS,
    fn: async () => {
      const key = `${STORE_PREFIX}contended-raw`;
      const owner = randomUUID();
      const started = performance.now();
      while ((await raw.set(key, owner, "EX", 10, "NX")) !== "OK") await retrySleep();
      recordWait(HAND_CONTENDED, performance.now() - started);
      await raw.evalsha(releaseLock.sha1, 1, key, owner);
    },
  },
];

export const suite: BenchSuite = {
  name: "lock",
  async setup() {
    server = await startRedisServer();
    connections = new ConnectionManager(privateRedisConfig(server, REDIS_PREFIX));
    raw = new Redis({ port: server.port, keyPrefix: REDIS_PREFIX });
    sesame = new Redis({ port: server.port });
    locks = new RedisLockProvider(connections.connection("default"), STORE_PREFIX);
    // block()'s pause between attempts is the same 10 ± 5 ms as the hand-written loop's.
    contendedLocks = new RedisLockProvider(connections.connection("default"), STORE_PREFIX, {
      sleepMilliseconds: 10,
      sleep: retrySleep,
    });
    redlock = new Redlock([sesame], { retryCount: 0 });
    await raw.script("LOAD", releaseLock.lua);
    php = await startLaravelPeer({
      op: "lock",
      key: "bench-php",
      redisPort: server.port,
      redisPrefix: REDIS_PREFIX,
      cachePrefix: CACHE_PREFIX,
    });
    if ((await php.batch(1)) !== true) throw new Error("lock bench: Laravel did not acquire its lock");
  },
  async teardown() {
    const cpu = meter.table();
    const contention = contentionFigures();
    process.stdout.write(`  CPU per operation (rounds only; Redis and PHP from /proc schedstat):\n${cpu}\n`);
    process.stdout.write(`  ${CONTENDED}, wait until acquired: ${JSON.stringify(contention)}\n`);
    writeFileSync(
      new URL("../results/lock-extra.json", import.meta.url),
      `${JSON.stringify({ cpu: meter.figures(), contention }, null, 2)}\n`,
    );
    php?.close();
    await connections.close();
    raw.disconnect();
    sesame.disconnect();
    await server.stop();
  },
  cases: cases.map((c) =>
    meter.wrap(c, "lock", c.name.startsWith("Laravel") ? { name: "php", pid: () => php?.pid } : undefined),
  ),
};
