/**
 * `withoutOverlapping` handlers (≈ Laravel's WithoutOverlapping job middleware) across two Node
 * workers with their own connections, as two processes would be: Laravel's lock key in the default
 * cache store, the overlapping job released to `:delayed` after `releaseAfter` (or deleted with
 * `dontRelease`), the lock released after the job (also when it throws), `expireAfter` as its TTL,
 * and `shared` keys across classes. Everything goes through createBridge().
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { WithoutOverlappingOptions } from "../../../../adapters/queue/index.js";
import type { RedisJob } from "../../../../adapters/queue/redis-job.js";
import type { Worker } from "../../../../adapters/queue/worker/worker.js";
import { type Bridge, createBridge } from "../../../../src/index.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { createSqliteFailedJobs } from "../../../helpers/sqlite-failed-jobs.js";
import { waitFor } from "./queue-fixtures.js";

const REDIS_PREFIX = "ov_database_";
const CACHE_PREFIX = "ov_cache_";
const SYNC = "App\\Jobs\\SyncAccount";
const OTHER = "App\\Jobs\\CloseAccount";
let server: PrivateRedisServer;
let raw: Redis;
let dir: string;
let failedDb: string;
const bridges: Bridge[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  raw = server.client(0);
  dir = mkdtempSync(join(tmpdir(), "lrb-queue-overlap-"));
  failedDb = join(dir, "failed.sqlite");
  await (await createSqliteFailedJobs(failedDb)).close();
});
afterAll(async () => {
  await Promise.all(bridges.map((bridge) => bridge.close()));
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await server.flush();
});

/** One "process": its own bridge and connections (Laravel 12 keys, failed_jobs in a SQLite file). */
function bridge(): Bridge {
  const created = createBridge({
    env: {
      LARAVEL_VERSION: "12",
      REDIS_PORT: String(server.port),
      REDIS_PREFIX,
      CACHE_STORE: "redis",
      CACHE_PREFIX,
      DB_CONNECTION: "sqlite",
      DB_DATABASE: failedDb,
    },
    envFile: "/dev/null",
  });
  bridges.push(created);
  return created;
}

/** A gate a handler waits on, so a test decides when the lock holder finishes. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = (): void => {};
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

const lockKey = (name: string): string => `${REDIS_PREFIX}${CACHE_PREFIX}laravel-queue-overlap:${name}`;
const delayed = async (): Promise<Array<{ payload: { attempts: number; data: unknown }; at: number }>> => {
  const flat = await raw.zrange(`${REDIS_PREFIX}queues:default:delayed`, "0", "-1", "WITHSCORES");
  const out = [];
  for (let i = 0; i < flat.length; i += 2)
    out.push({ payload: JSON.parse(flat[i] ?? "{}"), at: Number(flat[i + 1]) });
  return out;
};
const unixNow = (): number => Math.floor(Date.now() / 1000);

/** Worker 1 takes the only job and holds it (and the overlap lock) until `held.open()`. */
async function holdFirstJob(
  className: string,
  overlap: WithoutOverlappingOptions,
  data: Record<string, unknown>,
): Promise<{ held: ReturnType<typeof gate>; finished: ReturnType<Worker["run"]> }> {
  const one = bridge();
  await one.queue.dispatch({ className, properties: data });
  const held = gate();
  let entered = false;
  const worker = (await one.queue.worker({ once: true, sleep: 0.01, maxClockSkewSeconds: null })).handle(
    className,
    async () => {
      entered = true;
      await held.wait;
    },
    undefined,
    { withoutOverlapping: overlap },
  );
  const finished = worker.run();
  await waitFor(() => entered);
  return { held, finished };
}

describe("withoutOverlapping handlers on two workers", () => {
  it("releases the overlapping job to :delayed after releaseAfter; the lock goes with the holder", async () => {
    const overlap = { key: (data: unknown) => (data as { account: number }).account, releaseAfter: 30 };
    const { held, finished } = await holdFirstJob(SYNC, overlap, { account: 7 });
    expect(await raw.get(lockKey(`${SYNC}:7`))).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(await raw.pttl(lockKey(`${SYNC}:7`))).toBe(-1); // expireAfter 0: SETNX, no TTL, as Laravel

    const two = bridge();
    await two.queue.dispatch({ className: SYNC, properties: { account: 7 } });
    const ran: unknown[] = [];
    const before = unixNow();
    const result = await (await two.queue.worker({ once: true, maxClockSkewSeconds: null }))
      .handle(SYNC, (data) => void ran.push(data), undefined, { withoutOverlapping: overlap })
      .run();
    const after = unixNow();
    expect(ran).toEqual([]);
    expect(result).toMatchObject({ processed: 1, failed: 0 });
    const [entry, ...rest] = await delayed();
    expect(rest).toEqual([]);
    expect(entry?.payload.attempts).toBe(1);
    expect(entry?.at).toBeGreaterThanOrEqual(before + 30);
    expect(entry?.at).toBeLessThanOrEqual(after + 30);
    expect(await raw.zcard(`${REDIS_PREFIX}queues:default:reserved`)).toBe(1); // the holder's job

    held.open();
    await finished;
    expect(await raw.exists(lockKey(`${SYNC}:7`))).toBe(0);
    expect(await raw.zcard(`${REDIS_PREFIX}queues:default:reserved`)).toBe(0);
  });

  it("deletes the overlapping job unrun with dontRelease; other keys run meanwhile", async () => {
    const overlap = {
      key: (data: unknown) => String((data as { account: number }).account),
      dontRelease: true,
    };
    const { held, finished } = await holdFirstJob(SYNC, overlap, { account: 1 });
    const two = bridge();
    await two.queue.dispatch({ className: SYNC, properties: { account: 1 } });
    await two.queue.dispatch({ className: SYNC, properties: { account: 2 } });
    const ran: number[] = [];
    const result = await (
      await two.queue.worker({ stopWhenEmpty: true, sleep: 0.01, maxClockSkewSeconds: null })
    )
      .handle(SYNC, (data) => void ran.push((data as { account: number }).account), undefined, {
        withoutOverlapping: overlap,
      })
      .run();
    expect(ran).toEqual([2]);
    expect(result).toMatchObject({ reason: "empty", processed: 2, failed: 0 });
    expect(await delayed()).toEqual([]);
    expect(await raw.llen(`${REDIS_PREFIX}queues:default`)).toBe(0);
    held.open();
    await finished;
    expect(await raw.keys(`${REDIS_PREFIX}queues:*`)).toEqual([]);
  });

  it("sets expireAfter as the lock TTL and shares a `shared` key across job classes", async () => {
    const overlap = { key: "provider:acme", shared: true, expireAfter: 120, releaseAfter: 5 };
    const { held, finished } = await holdFirstJob(SYNC, overlap, {});
    const ttl = await raw.ttl(lockKey("provider:acme"));
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
    const two = bridge();
    await two.queue.dispatch({ className: OTHER, properties: {} });
    const ran: string[] = [];
    await (await two.queue.worker({ once: true, maxClockSkewSeconds: null }))
      .handle(OTHER, () => void ran.push(OTHER), undefined, { withoutOverlapping: overlap })
      .run();
    expect(ran).toEqual([]);
    expect(await delayed()).toHaveLength(1);
    held.open();
    await finished;
    expect(await raw.exists(lockKey("provider:acme"))).toBe(0);
  });

  it("releases the lock when the handler throws, so the retried job runs", async () => {
    const one = bridge();
    await one.queue.dispatch({ className: SYNC, properties: { account: 3 } });
    const attempts: number[] = [];
    const result = await (
      await one.queue.worker({ stopWhenEmpty: true, tries: 2, sleep: 0.01, maxClockSkewSeconds: null })
    )
      .handle(
        SYNC,
        (_data, job: RedisJob) => {
          attempts.push(job.attempts());
          if (job.attempts() === 1) throw new Error("first attempt fails");
        },
        undefined,
        { withoutOverlapping: { key: 3, releaseAfter: 60 } },
      )
      .run();
    // Released after the exception (backoff 0), not after 60 s: the lock was free the second time.
    expect(attempts).toEqual([1, 2]);
    expect(result).toMatchObject({ processed: 1, failed: 0 });
    expect(await raw.exists(lockKey(`${SYNC}:3`))).toBe(0);
    expect(await raw.keys(`${REDIS_PREFIX}queues:*`)).toEqual([]);
  });

  it("refuses a negative releaseAfter at registration", async () => {
    const worker = await bridge().queue.worker({ maxClockSkewSeconds: null });
    expect(() =>
      worker.handle(SYNC, () => {}, undefined, { withoutOverlapping: { releaseAfter: -1 } }),
    ).toThrow(/withoutOverlapping\.releaseAfter must be a non-negative/);
  });
});
