/**
 * Queues (PERFORMANCE.md G5): the bridge's Laravel-format queue against BullMQ 6 on one private
 * Redis, in the same rounds: push (sequential), bulk of 100, and end-to-end no-op jobs at
 * concurrency 1 and 50 (a prefilled backlog; each call awaits 20 completions; the other workers
 * are paused). Extra figures in bench/results/queue-extra.json: Redis CPU per job at c1, push →
 * handler-start latency p50/p99, and Laravel 8.83's own PHP worker draining the same Redis,
 * timed inside PHP (hrtime around Worker::daemon) against the bridge's c1 worker draining the same
 * number of jobs, interleaved over 5 rounds.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Queue as BullQueue, Worker as BullWorker } from "bullmq";
import { Redis } from "ioredis";
import { RedisQueue } from "../../adapters/queue/redis-queue.js";
import { Worker } from "../../adapters/queue/worker/worker.js";
import { QUEUE_FORMATS } from "../../src/config/laravel-versions.js";
import type { RedisClient } from "../../src/redis/client.js";
import { runPhp } from "../../test/helpers/php.js";
import { type PrivateRedisServer, startRedisServer } from "../../test/helpers/redis-server.js";
import { type BenchSuite, median } from "../runner.js";

const here = dirname(fileURLToPath(import.meta.url));
let server: PrivateRedisServer;
let client: Redis;
const bridge: Record<string, RedisQueue> = {};
const bull: Record<string, BullQueue> = {};
const counters = new Map<string, Completions>();
const bridgeWorkers: Record<string, Worker> = {};
const bullWorkers: Record<string, BullWorker> = {};
const runs: Array<Promise<unknown>> = [];
// The runner calls a sequential case 64 times between clock checks: keep a call small.
const BATCH = 20;
const PREFILL: Record<string, number> = { c1: 40_000, c50: 100_000 };
const prefilled = new Map<string, number>();
/** Jobs a lane must have left before a stint: more than one stint can take at the fastest rate seen. */
const PREFILL_MARGIN = 30_000;

/**
 * Completions per system. Each call of an end-to-end case claims the next BATCH completions after
 * the previous call's (`claimed`), not BATCH after "now": a worker that finishes jobs in bursts
 * (a batched pop of 50 runs 50 handlers in a row) has every job counted, none lost between calls.
 */
interface Completions {
  done: number;
  claimed: number;
  waiters: Array<[target: number, resolve: () => void]>;
}

function counter(name: string): Completions {
  let c = counters.get(name);
  if (!c) {
    c = { done: 0, claimed: 0, waiters: [] };
    counters.set(name, c);
  }
  return c;
}

function count(name: string): void {
  const c = counter(name);
  c.done++;
  while (c.waiters.length > 0 && (c.waiters[0]?.[0] ?? Number.POSITIVE_INFINITY) <= c.done)
    c.waiters.shift()?.[1]();
}

/** A stint counts from here: what ran while the case was not measured is not claimed. */
function startCounting(name: string): void {
  const c = counter(name);
  c.claimed = c.done;
}

function completions(name: string, n: number): Promise<void> {
  const c = counter(name);
  c.claimed += n;
  const target = c.claimed;
  if (c.done >= target) return Promise.resolve();
  return new Promise((resolve) => c.waiters.push([target, resolve]));
}

function makeQueue(name: string, blockFor: number | null = null): RedisQueue {
  return new RedisQueue(
    { connection: "default", queue: name, retryAfter: 90, blockFor },
    { client: client as unknown as RedisClient, format: QUEUE_FORMATS[8] },
  );
}

async function prefill(name: string): Promise<void> {
  const total = PREFILL[name] ?? 40_000;
  prefilled.set(name, (prefilled.get(name) ?? 0) + total);
  const jobs = Array.from({ length: 1000 }, (_, i) => ({ job: "App\\Jobs\\Noop@handle", data: { i } }));
  for (let i = 0; i < total; i += 1000) await bridge[name]?.bulk(jobs);
  const bullJobs = Array.from({ length: 1000 }, (_, i) => ({
    name: "noop",
    data: { i },
    opts: { removeOnComplete: true },
  }));
  for (let i = 0; i < total; i += 1000) await bull[name]?.addBulk(bullJobs);
}

/** Only the measured system runs: every other worker is paused. */
async function only(active: string): Promise<void> {
  for (const [key, w] of Object.entries(bridgeWorkers)) key === active ? w.resume() : w.pause();
  for (const [key, w] of Object.entries(bullWorkers)) {
    if (key === active) w.resume();
    else if (!w.isPaused()) await w.pause(true);
  }
}

/** Push cases run with every worker paused (untimed: pausing BullMQ waits out its blocking fetch). */
const quiet = (): Promise<void> => only("none");

/** End-to-end cases: only this system's worker runs, on a backlog that cannot run dry in a stint. */
function endToEnd(system: "bridge" | "bullmq", lane: "c1" | "c50") {
  const key = `${system}:${lane}`;
  return {
    opsPerCall: BATCH,
    // Untimed: a long run (more rounds or longer cases) refills the backlog before it runs dry, and
    // pausing the previous case's BullMQ worker can take seconds (it finishes its blocking fetch).
    prepare: async () => {
      if ((prefilled.get(lane) ?? 0) - (counters.get(key)?.done ?? 0) < PREFILL_MARGIN) await prefill(lane);
      await only(key);
      startCounting(key);
    },
    fn: () => completions(key, BATCH),
  };
}

export const suite: BenchSuite = {
  name: "queue",
  async setup() {
    server = await startRedisServer();
    client = new Redis({ port: server.port, host: server.host, keyPrefix: "bench_database_" });
    const connection = { host: server.host, port: server.port, maxRetriesPerRequest: null };
    for (const name of ["push", "c1", "c50"]) {
      bridge[name] = makeQueue(name);
      bull[name] = new BullQueue(`bull-${name}`, { connection });
    }
    await prefill("c1");
    await prefill("c50");
    for (const [lane, concurrency] of [
      ["c1", 1],
      ["c50", 50],
    ] as const) {
      const key = `bridge:${lane}`;
      const w = new Worker(
        { queue: bridge[lane] as RedisQueue },
        { concurrency, sleep: 0.01, maxClockSkewSeconds: null },
      );
      w.handle("App\\Jobs\\Noop@handle", () => count(key));
      w.pause();
      bridgeWorkers[key] = w;
      runs.push(w.run());
      const bw = new BullWorker(`bull-${lane}`, async () => count(`bullmq:${lane}`), {
        connection,
        concurrency,
        autorun: false,
        removeOnComplete: { count: 0 },
      });
      bullWorkers[`bullmq:${lane}`] = bw;
      runs.push(bw.run());
      await bw.pause(true);
    }
  },
  async teardown() {
    for (const w of Object.values(bridgeWorkers)) w.stop();
    await Promise.all(Object.values(bullWorkers).map((w) => w.close(true)));
    await Promise.allSettled(runs);
    await extraFigures();
    await Promise.all(Object.values(bull).map((q) => q.close()));
    client.disconnect();
    await server.stop();
  },
  cases: [
    {
      group: "push sequential",
      name: "bridge push",
      subject: true,
      prepare: quiet,
      fn: () => bridge.push?.push("App\\Jobs\\Noop@handle", { n: 1 }),
    },
    {
      group: "push sequential",
      name: "BullMQ add",
      prepare: quiet,
      fn: () => bull.push?.add("noop", { n: 1 }, { removeOnComplete: true }),
    },
    {
      group: "bulk of 100",
      name: "bridge bulk",
      subject: true,
      opsPerCall: 100,
      prepare: quiet,
      fn: () =>
        bridge.push?.bulk(
          Array.from({ length: 100 }, (_, i) => ({ job: "App\\Jobs\\Noop@handle", data: { i } })),
        ),
    },
    {
      group: "bulk of 100",
      name: "BullMQ addBulk",
      opsPerCall: 100,
      prepare: quiet,
      fn: () =>
        bull.push?.addBulk(
          Array.from({ length: 100 }, (_, i) => ({
            name: "noop",
            data: { i },
            opts: { removeOnComplete: true },
          })),
        ),
    },
    {
      group: "end-to-end c1",
      name: "bridge worker c1",
      subject: true,
      ...endToEnd("bridge", "c1"),
    },
    { group: "end-to-end c1", name: "BullMQ worker c1", ...endToEnd("bullmq", "c1") },
    {
      group: "end-to-end c50",
      name: "bridge worker c50",
      subject: true,
      ...endToEnd("bridge", "c50"),
    },
    { group: "end-to-end c50", name: "BullMQ worker c50", ...endToEnd("bullmq", "c50") },
  ],
};

async function redisCpuSeconds(): Promise<number> {
  const info = await client.info("cpu");
  const get = (k: string) => Number(new RegExp(`${k}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return get("used_cpu_sys") + get("used_cpu_user");
}

/** Redis CPU per job and latency, at c1, for each system, on fresh queues. */
async function extraFigures(): Promise<void> {
  const out: Record<string, unknown> = {};
  const connection = { host: server.host, port: server.port, maxRetriesPerRequest: null };
  const n = 3000;
  // Redis CPU per job at concurrency 1: push + process, and the worker's share alone.
  {
    const q = makeQueue("cpu");
    const cpu0 = await redisCpuSeconds();
    await q.bulk(Array.from({ length: n }, (_, i) => ({ job: "App\\Jobs\\Noop@handle", data: { i } })));
    const cpuPushed = await redisCpuSeconds();
    const w = new Worker(
      { queue: q },
      { stopWhenEmpty: true, sleep: 0.01, maxClockSkewSeconds: null },
    ).handle("App\\Jobs\\Noop@handle", () => {});
    await w.run();
    const cpuDone = await redisCpuSeconds();
    out.bridgeRedisCpuUsPerJob = ((cpuDone - cpu0) * 1e6) / n;
    out.bridgeRedisCpuUsPerJobWorkerOnly = ((cpuDone - cpuPushed) * 1e6) / n;
    const bq = new BullQueue("bull-cpu", { connection });
    const bcpu0 = await redisCpuSeconds();
    await bq.addBulk(
      Array.from({ length: n }, (_, i) => ({ name: "noop", data: { i }, opts: { removeOnComplete: true } })),
    );
    const bcpuPushed = await redisCpuSeconds();
    let done = 0;
    await new Promise<void>((resolve) => {
      const bw = new BullWorker(
        "bull-cpu",
        async () => {
          if (++done === n) setImmediate(() => void bw.close().then(resolve));
        },
        { connection, concurrency: 1 },
      );
    });
    const bcpuDone = await redisCpuSeconds();
    out.bullmqRedisCpuUsPerJob = ((bcpuDone - bcpu0) * 1e6) / n;
    out.bullmqRedisCpuUsPerJobWorkerOnly = ((bcpuDone - bcpuPushed) * 1e6) / n;
    await bq.close();
  }
  out.latency = await latencies(connection);
  out.php = await phpComparison();
  writeFileSync(join(here, "..", "results", "queue-extra.json"), `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`  queue extra: ${JSON.stringify(out)}\n`);
}

/** Push → handler start, one job at a time, idle workers blocking on their queue (block_for / BullMQ's BZPOPMIN). */
async function latencies(connection: object): Promise<Record<string, unknown>> {
  const samples = 400;
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? Number.NaN;
  const q = makeQueue("latency", 5);
  const blocking = () => {
    const c = new Redis({ port: server.port, host: server.host, keyPrefix: "bench_database_" });
    return Object.assign(c as unknown as RedisClient, { close: async () => void c.disconnect() });
  };
  let resolveStart: (() => void) | undefined;
  const w = new Worker(
    { queue: q, blockingConnection: blocking },
    { sleep: 0, maxClockSkewSeconds: null },
  ).handle("L@h", () => resolveStart?.());
  const running = w.run();
  const ours: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = new Promise<void>((r) => {
      resolveStart = r;
    });
    const t0 = performance.now();
    await q.push("L@h", { i });
    await started;
    ours.push(performance.now() - t0);
  }
  w.stop();
  await running;
  const bq = new BullQueue("bull-latency", { connection });
  let bullStart: (() => void) | undefined;
  const bw = new BullWorker("bull-latency", async () => bullStart?.(), { connection, concurrency: 1 });
  const theirs: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = new Promise<void>((r) => {
      bullStart = r;
    });
    const t0 = performance.now();
    await bq.add("l", { i }, { removeOnComplete: true });
    await started;
    theirs.push(performance.now() - t0);
  }
  await bw.close();
  await bq.close();
  const ms = (x: number) => Number(x.toFixed(3));
  return {
    bridge: { p50Ms: ms(pct(ours, 0.5)), p99Ms: ms(pct(ours, 0.99)) },
    bullmq: { p50Ms: ms(pct(theirs, 0.5)), p99Ms: ms(pct(theirs, 0.99)) },
  };
}

/** Laravel's PHP worker vs the bridge's c1 worker, each draining the same prefilled queue, 3 interleaved rounds. */
async function phpComparison(): Promise<Record<string, unknown>> {
  const n = 5000;
  const env = {
    REDIS_PORT: String(server.port),
    REDIS_PREFIX: "bench_database_",
    CACHE_PREFIX: "bench_cache",
    APP_KEY: `base64:${Buffer.alloc(32, 1).toString("base64")}`,
    REDIS_QUEUE: "php",
  };
  const php: number[] = [];
  const ours: number[] = [];
  const q = makeQueue("php");
  const jobs = Array.from({ length: n }, (_, i) => ({ job: "App\\Jobs\\Noop@handle", data: { i } }));
  for (let round = 0; round < 5; round++) {
    await q.bulk(jobs);
    const result = await runPhp<{ seconds: number }>(
      "queue-work",
      { queue: "php", options: { stopWhenEmpty: true, sleep: 0.01 } },
      env,
    );
    php.push(n / result.seconds);
    await q.bulk(jobs);
    const w = new Worker(
      { queue: q },
      { stopWhenEmpty: true, sleep: 0.01, maxClockSkewSeconds: null },
    ).handle("App\\Jobs\\Noop@handle", () => {});
    const t0 = performance.now();
    await w.run();
    ours.push(n / ((performance.now() - t0) / 1000));
  }
  return {
    how: "both drain 5000 prefilled no-op string jobs at concurrency 1 on the same Redis; PHP times Worker::daemon(stopWhenEmpty) with hrtime inside the PHP process (no boot time), the bridge times Worker.run(stopWhenEmpty); 5 rounds interleaved",
    phpJobsPerSecond: php.map(Math.round),
    bridgeJobsPerSecond: ours.map(Math.round),
    ratioMedian: Number(median(ours.map((x, i) => x / (php[i] ?? Number.NaN))).toFixed(2)),
    ratioMin: Number(Math.min(...ours.map((x, i) => x / (php[i] ?? Number.NaN))).toFixed(2)),
    ratioMax: Number(Math.max(...ours.map((x, i) => x / (php[i] ?? Number.NaN))).toFixed(2)),
  };
}
