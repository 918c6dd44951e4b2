/**
 * Rate limiting, side by side on one private redis-server (PERFORMANCE.md G3.1–G3.3). Ours is the
 * bridge as an app gets it (rate-limit-setup.ts: createBridge → bridge.limiter / bridge.throttle(),
 * i.e. the ConnectionManager's guarded connection with its command timeout and the fail-policy
 * store); rate-limiter-flexible is RateLimiterRedis on a plain ioredis client, same DB and prefix.
 *
 * - `hit` (1 EVALSHA) and check + hit (`consume`, 1 EVALSHA) vs rate-limiter-flexible `consume()`
 *   (1 EVALSHA), sequential and 100 in flight, each on one key.
 * - check + hit vs Laravel 8.83's own `RateLimiter::tooManyAttempts()` then `hit()`: ONE PHP CLI
 *   process (test/interop/php/rate-limit-bench.php, phpredis, the `redis` cache store, same
 *   redis-server, DB, REDIS_PREFIX and cache prefix) runs the pairs back to back, sequentially, 100
 *   per stdin/stdout exchange (the pipe round trip is paid once per 100 pairs). Each pair costs PHP
 *   4 round trips (GET; EVAL add timer; EVAL add counter; INCRBY). As in an app, the cache
 *   Repository fires its events (the Application registers the event dispatcher; no listeners);
 *   opcache is off, as in any CLI (the loop is compiled once either way).
 * - the throttle middleware vs a rate-limiter-flexible consume middleware, and no limiter, on the
 *   same Express route over HTTP; each app runs in its own process (rate-limit-server.ts), this
 *   process drives keep-alive node:http requests, 1 and 50 in flight.
 *
 * CPU per operation (this process, the PHP or HTTP server process, and Redis, from /proc) is printed
 * at the end: unlike ops/s it hardly moves when other work shares the machine.
 */
import { type ChildProcess, type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Redis } from "ioredis";
import type { RateLimiterRedis } from "rate-limiter-flexible";
import type { RateLimiter } from "../../adapters/rate-limit/rate-limiter.js";
import type { Bridge } from "../../src/index.js";
import { PHP_SCRIPTS } from "../../test/helpers/php.js";
import { type PrivateRedisServer, startRedisServer } from "../../test/helpers/redis-server.js";
import { processCpuMicros } from "../paired.js";
import type { BenchCase, BenchSuite } from "../runner.js";
import { BIG, benchBridge, benchRlf, CACHE_PREFIX, REDIS_PREFIX } from "./rate-limit-setup.js";

const here = dirname(fileURLToPath(import.meta.url));
const PHP_BATCH = 100;
/** One key per peer, all of one shape (same length, same cleaning work: none), all on DB 1. */
const CHECK_HIT_KEY = {
  node: "bench:check-hit:node",
  php: "bench:check-hit:php",
  rlf: "bench:check-hit:rlf",
};
const HTTP_KINDS = ["bridge", "rlf", "none"] as const;
type HttpKind = (typeof HTTP_KINDS)[number];

let server: PrivateRedisServer;
let bridge: Bridge;
let limiter: RateLimiter;
let rlf: RateLimiterRedis;
let rlfClient: Redis;
let php: ChildProcessWithoutNullStreams;
const http = new Map<HttpKind, { child: ChildProcess; port: number }>();
const agent = new Agent({ keepAlive: true, maxSockets: 50 });

function phpBatch(): Promise<void> {
  return new Promise((resolve) => {
    php.stdout.once("data", () => resolve());
    php.stdin.write(`${PHP_BATCH}\n`);
  });
}

function get(kind: HttpKind): Promise<void> {
  return new Promise((resolve, reject) => {
    const port = http.get(kind)?.port;
    const req = request({ host: "127.0.0.1", port, path: "/", agent }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end();
  });
}

async function startHttp(kind: HttpKind): Promise<void> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(here, "rate-limit-server.ts"), kind, String(server.port)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`rate-limit-server ${kind} exited ${code}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
  });
  http.set(kind, { child, port });
}

// --- CPU per operation, per case (the runner runs one case at a time) ---------------------------

const cpuMicros = processCpuMicros;
const selfMicros = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
interface Meter {
  self: number;
  other: number;
  redis: number;
  ops: number;
}
const meters = new Map<string, Meter & { otherName: string }>();
let open: { name: string; otherPid: () => number | undefined; start: Meter } | undefined;

function closeMeter(): void {
  if (!open) return;
  const total = meters.get(open.name) as Meter;
  total.self += selfMicros() - open.start.self;
  total.other += cpuMicros(open.otherPid()) - open.start.other;
  total.redis += cpuMicros(server.pid) - open.start.redis;
  total.ops += open.start.ops;
  open = undefined;
}

/** Wraps a case's fn so its CPU is metered; `other`: the PHP or HTTP server process, if any. */
function metered(c: BenchCase, other?: { name: string; pid: () => number | undefined }): BenchCase {
  const name = `${c.group} · ${c.name}`;
  const otherPid = other?.pid ?? (() => undefined);
  meters.set(name, { self: 0, other: 0, redis: 0, ops: 0, otherName: other?.name ?? "" });
  const perCall = c.opsPerCall ?? 1;
  const fn = c.fn;
  return {
    ...c,
    fn: () => {
      if (open?.name !== name) {
        closeMeter();
        open = {
          name,
          otherPid,
          start: { self: selfMicros(), other: cpuMicros(otherPid()), redis: cpuMicros(server.pid), ops: 0 },
        };
      }
      open.start.ops += perCall;
      return fn();
    },
  };
}

function printMeters(): void {
  process.stdout.write(
    "  CPU per operation, µs (all rounds and warm-up; other processes from /proc schedstat):\n",
  );
  for (const [name, m] of meters) {
    const per = (us: number): string => (us / Math.max(1, m.ops)).toFixed(1).padStart(6);
    const other = m.otherName ? `   ${m.otherName} ${per(m.other)}` : "";
    process.stdout.write(`    ${name.padEnd(78)} node ${per(m.self)}   redis ${per(m.redis)}${other}\n`);
  }
}

// --- cases ---------------------------------------------------------------------------------------

const pair = (group: string, concurrency: number, subject: BenchCase["fn"], peer: BenchCase["fn"]) => [
  metered({ group, name: "bridge RateLimiter", subject: true, concurrency, fn: subject }),
  metered({ group, name: "rate-limiter-flexible consume", concurrency, fn: peer }),
];

const HTTP_NAMES: Record<HttpKind, string> = {
  bridge: "bridge throttle()",
  rlf: "rate-limiter-flexible middleware",
  none: "no limiter",
};
const httpCase = (group: string, kind: HttpKind, concurrency: number): BenchCase =>
  metered(
    { group, name: HTTP_NAMES[kind], subject: kind === "bridge", concurrency, fn: () => get(kind) },
    { name: "server", pid: () => http.get(kind)?.child.pid },
  );

export const suite: BenchSuite = {
  name: "rate-limit",
  async setup() {
    server = await startRedisServer();
    bridge = benchBridge(server.port);
    limiter = bridge.limiter;
    ({ rlf, client: rlfClient } = benchRlf(server.port));
    php = spawn("php", [join(PHP_SCRIPTS, "rate-limit-bench.php")], {
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        REDIS_PORT: String(server.port),
        REDIS_PREFIX,
        CACHE_PREFIX,
        BENCH_KEY: CHECK_HIT_KEY.php,
      },
    });
    await phpBatch();
    for (const kind of HTTP_KINDS) await startHttp(kind);
  },
  async teardown() {
    closeMeter();
    printMeters();
    agent.destroy();
    for (const { child } of http.values()) child.kill("SIGTERM");
    http.clear();
    php.stdin.end();
    rlfClient.disconnect();
    await bridge.close();
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
      () => limiter.consume(CHECK_HIT_KEY.node, BIG, 3600),
      () => rlf.consume(CHECK_HIT_KEY.rlf),
    ),
    metered(
      {
        group: "check+hit sequential",
        name: "Laravel 8.83 PHP tooManyAttempts()+hit(), 1 process",
        opsPerCall: PHP_BATCH,
        fn: phpBatch,
      },
      { name: "php", pid: () => php.pid },
    ),
    ...pair(
      "check+hit ×100 in flight",
      100,
      () => limiter.consume("bench:c", BIG, 3600),
      () => rlf.consume("bench:c"),
    ),
    httpCase("throttle route, HTTP sequential", "bridge", 1),
    httpCase("throttle route, HTTP sequential", "rlf", 1),
    httpCase("throttle route, HTTP ×50", "bridge", 50),
    httpCase("throttle route, HTTP ×50", "rlf", 50),
    httpCase("throttle route, HTTP ×50", "none", 50),
  ],
};
