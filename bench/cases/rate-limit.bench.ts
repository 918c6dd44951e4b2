/**
 * Rate limiting, side by side on one private redis-server (PERFORMANCE.md G3.1–G3.3):
 * - limiter `hit` (and check + hit) vs rate-limiter-flexible `RateLimiterRedis.consume`, sequential
 *   and 100 in flight, same ioredis settings;
 * - the throttle middleware vs an rate-limiter-flexible consume middleware on the same Express
 *   route, over HTTP (keep-alive fetch, 1 and 50 in flight);
 * - check + hit vs Laravel 8.83's own `tooManyAttempts()` + `hit()` in PHP: a PHP worker process on
 *   the same Redis runs batches of 100 pairs per call (the stdin/stdout round trip is paid once per
 *   100 pairs, ~0.5 µs per pair), so its figure is PHP + phpredis throughput, sequential.
 * Ours is measured as bridge.ts wires it: RateLimiter over the fail-policy store over Redis.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import express from "express";
import { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { RateLimiter } from "../../adapters/rate-limit/rate-limiter.js";
import { RedisLimiterStore } from "../../adapters/rate-limit/redis-limiter-store.js";
import { ResilientLimiterStore } from "../../adapters/rate-limit/resilient-limiter-store.js";
import { throttleRequests } from "../../adapters/rate-limit/throttle-requests.js";
import type { RedisClient } from "../../src/redis/client.js";
import { PHP_SCRIPTS } from "../../test/helpers/php.js";
import { type PrivateRedisServer, startRedisServer } from "../../test/helpers/redis-server.js";
import type { BenchCase, BenchSuite } from "../runner.js";

let server: PrivateRedisServer;
let ours: Redis;
let theirs: Redis;
let limiter: RateLimiter;
let rlf: RateLimiterRedis;
let php: ChildProcessWithoutNullStreams;
let http: Server;
let base = "";
const BIG = 2 ** 31;
const PHP_BATCH = 100;

function phpBatch(): Promise<void> {
  return new Promise((resolve) => {
    php.stdout.once("data", () => resolve());
    php.stdin.write(`${PHP_BATCH}\n`);
  });
}

const get = (path: string) => async (): Promise<void> => {
  const response = await fetch(base + path);
  await response.arrayBuffer();
};

const pair = (
  group: string,
  concurrency: number,
  subject: BenchCase["fn"],
  peer: BenchCase["fn"],
): BenchCase[] => [
  { group, name: "bridge RateLimiter", subject: true, concurrency, fn: subject },
  { group, name: "rate-limiter-flexible consume", concurrency, fn: peer },
];

export const suite: BenchSuite = {
  name: "rate-limit",
  async setup() {
    server = await startRedisServer();
    const options = { port: server.port, host: server.host, db: 1 };
    ours = new Redis({ ...options, keyPrefix: "bench_database_" });
    theirs = new Redis({ ...options, keyPrefix: "bench_database_" });
    const store = new RedisLimiterStore(ours as unknown as RedisClient, "bench_cache:");
    limiter = new RateLimiter(new ResilientLimiterStore(store));
    rlf = new RateLimiterRedis({ storeClient: theirs, keyPrefix: "rlflx", points: BIG, duration: 3600 });
    php = spawn("php", [join(PHP_SCRIPTS, "rate-limit-bench.php")], {
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        REDIS_PORT: String(server.port),
        REDIS_PREFIX: "bench_database_",
        CACHE_PREFIX: "bench_cache",
        BENCH_KEY: "bench:php",
      },
    });
    await phpBatch();
    const app = express();
    app.get("/bridge", throttleRequests(limiter, { maxAttempts: BIG, decayMinutes: 60 }), (_q, r) => {
      r.send("ok");
    });
    app.get(
      "/rlf",
      (req, res, next) => {
        rlf.consume(req.ip ?? "").then(
          () => next(),
          () => res.status(429).send("Too Many Requests"),
        );
      },
      (_q, r) => {
        r.send("ok");
      },
    );
    http = app.listen(0, "127.0.0.1");
    // Keep the client's connections across rounds: otherwise whichever case runs first after an
    // idle gap pays for 50 new connections and the comparison measures TCP set-up.
    http.keepAliveTimeout = 120_000;
    await once(http, "listening");
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  },
  async teardown() {
    http.close();
    php.stdin.end();
    ours.disconnect();
    theirs.disconnect();
    await server.stop();
  },
  cases: [
    ...pair(
      "hit sequential",
      1,
      () => limiter.hit("bench:hit", 3600),
      () => rlf.consume("bench:hit"),
    ),
    ...pair(
      "hit ×100 in flight",
      100,
      () => limiter.hit("bench:hit", 3600),
      () => rlf.consume("bench:hit"),
    ),
    ...pair(
      "check+hit sequential",
      1,
      () => limiter.consume("bench:c", BIG, 3600),
      () => rlf.consume("bench:c"),
    ),
    {
      group: "check+hit sequential",
      name: "Laravel 8.83 PHP tooManyAttempts()+hit()",
      opsPerCall: PHP_BATCH,
      fn: phpBatch,
    },
    ...pair(
      "check+hit ×100 in flight",
      100,
      () => limiter.consume("bench:c", BIG, 3600),
      () => rlf.consume("bench:c"),
    ),
    {
      group: "throttle route, HTTP sequential",
      name: "bridge throttle()",
      subject: true,
      fn: get("/bridge"),
    },
    { group: "throttle route, HTTP sequential", name: "rate-limiter-flexible middleware", fn: get("/rlf") },
    {
      group: "throttle route, HTTP ×50",
      name: "bridge throttle()",
      subject: true,
      concurrency: 50,
      fn: get("/bridge"),
    },
    {
      group: "throttle route, HTTP ×50",
      name: "rate-limiter-flexible middleware",
      concurrency: 50,
      fn: get("/rlf"),
    },
  ],
};
