/**
 * A queue worker in a process whose shared connections autopipeline (`createBridge({ connections:
 * { autoPipelining: true } })`): the pop script goes out as `callBuffer("evalsha", …)`, which ioredis 6
 * used to send without its command name under autopipelining (src/redis/auto-pipelined-call-buffer.ts),
 * so the worker popped nothing. Everything here goes through the public API.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RedisJob } from "../../../../adapters/queue/redis-job.js";
import { type Bridge, createBridge } from "../../../../src/index.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { createSqliteFailedJobs } from "../../../helpers/sqlite-failed-jobs.js";
import { waitFor } from "./queue-fixtures.js";

const REDIS_PREFIX = "ap_database_";
const JOB = "App\\Jobs\\Ship@handle";
let server: PrivateRedisServer;
let raw: Redis;
let dir: string;

beforeAll(async () => {
  server = await startRedisServer();
  raw = server.client(0);
  dir = mkdtempSync(join(tmpdir(), "lrb-queue-autopipe-"));
  await (await createSqliteFailedJobs(join(dir, "failed.sqlite"))).close();
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await server.flush();
});

function autopipelinedBridge(blockFor: number | null = null): Bridge {
  return createBridge({
    env: {
      LARAVEL_VERSION: "12",
      APP_KEY: `base64:${Buffer.alloc(32, 1).toString("base64")}`,
      REDIS_PORT: String(server.port),
      REDIS_PREFIX,
      CACHE_STORE: "redis",
      DB_CONNECTION: "sqlite",
      DB_DATABASE: join(dir, "failed.sqlite"),
    },
    envFile: "/dev/null",
    connections: { autoPipelining: true },
    overrides: { queue: { redis: { blockFor } } },
  });
}

/** Every `queues:*` key left, with its length: none once all jobs ran and were acknowledged. */
async function leftoverQueueKeys(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const key of await raw.keys(`${REDIS_PREFIX}queues:*`)) {
    out[key] = (await raw.type(key)) === "list" ? await raw.llen(key) : await raw.zcard(key);
  }
  return out;
}

/** Counts each job's runs by its `i`, and collects the worker's infrastructure errors. */
function recorder() {
  const runs = new Map<number, number>();
  const errors: Error[] = [];
  const handler = (data: unknown): void => {
    const i = (data as { i: number }).i;
    runs.set(i, (runs.get(i) ?? 0) + 1);
  };
  return { runs, errors, handler };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe("Queue worker with autoPipelining on the shared connections", () => {
  it("runs every one of N jobs pushed concurrently from the same process, once, and leaves the queue empty", async () => {
    const bridge = autopipelinedBridge();
    try {
      const n = 300;
      // Pushed in one turn: they travel as one autopipeline, like the pops later on.
      await Promise.all(range(n).map((i) => bridge.queue.push(JOB, { i })));
      const { runs, errors, handler } = recorder();
      const worker = await bridge.queue.worker({
        concurrency: 4,
        stopWhenEmpty: true,
        sleep: 0.01,
        maxClockSkewSeconds: null,
      });
      worker.handle(JOB, handler).on("error", (error) => void errors.push(error));
      const result = await worker.run();
      expect(errors).toEqual([]);
      expect(result).toMatchObject({ reason: "empty", processed: n, failed: 0 });
      expect([...runs.keys()].sort((a, b) => a - b)).toEqual(range(n));
      expect(new Set(runs.values())).toEqual(new Set([1]));
      expect(await bridge.queue.size()).toBe(0);
      expect(await leftoverQueueKeys()).toEqual({});
    } finally {
      await bridge.close();
    }
  });

  it("runs released and delayed jobs too (release script, :delayed migration) with nothing left behind", async () => {
    const bridge = autopipelinedBridge();
    try {
      await Promise.all([
        ...range(20).map((i) => bridge.queue.push(JOB, { i })),
        ...range(20).map((i) => bridge.queue.later(0, JOB, { i: 20 + i })),
      ]);
      const { runs, errors, handler } = recorder();
      const worker = await bridge.queue.worker({
        concurrency: 2,
        stopWhenEmpty: true,
        sleep: 0.01,
        tries: 2,
        maxClockSkewSeconds: null,
      });
      worker
        .handle(JOB, (data, job: RedisJob) => {
          handler(data);
          // Every even job asks to run again once: back to :delayed, due at once.
          if ((data as { i: number }).i % 2 === 0 && job.attempts() === 1) return job.release(0);
          return undefined;
        })
        .on("error", (error) => void errors.push(error));
      const result = await worker.run();
      expect(errors).toEqual([]);
      expect(result).toMatchObject({ reason: "empty", failed: 0 });
      expect([...runs.entries()].sort(([a], [b]) => a - b)).toEqual(
        range(40).map((i) => [i, i % 2 === 0 ? 2 : 1]),
      );
      expect(await leftoverQueueKeys()).toEqual({});
    } finally {
      await bridge.close();
    }
  });

  it("wakes from BLPOP on :notify (block_for) for jobs pushed while it waits, on an idle queue", async () => {
    const bridge = autopipelinedBridge(1);
    try {
      const { runs, errors, handler } = recorder();
      const worker = await bridge.queue.worker({ concurrency: 2, sleep: 0.01, maxClockSkewSeconds: null });
      worker.handle(JOB, handler).on("error", (error) => void errors.push(error));
      const running = worker.run();
      // Both lanes popped nothing and now block on their own (never autopipelined) connections.
      await waitFor(async () => {
        const list = (await raw.client("LIST")) as string;
        return (list.match(/cmd=blpop/g) ?? []).length === 2;
      });
      await Promise.all(range(50).map((i) => bridge.queue.push(JOB, { i })));
      await waitFor(() => runs.size === 50);
      worker.stop();
      const result = await running;
      expect(errors).toEqual([]);
      expect(result).toMatchObject({ processed: 50, failed: 0 });
      expect(new Set(runs.values())).toEqual(new Set([1]));
      expect(await leftoverQueueKeys()).toEqual({});
    } finally {
      await bridge.close();
    }
  });
});
