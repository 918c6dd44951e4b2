/**
 * WithoutOverlapping across languages, with real Laravel 8.83: a PHP `App\Jobs\OverlapJob` behind
 * Laravel's own middleware (queue-jobs.php) and a Node handler of the same class declared
 * `withoutOverlapping` with the same key take one lock. While PHP runs its job, the Node job is
 * released back with its `releaseAfter`; while Node runs its job, Laravel's worker releases the PHP
 * job. Each side runs its job once the other is done. The two sides work separate queues, so each
 * worker only meets its own job.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisJob } from "../../../../adapters/queue/redis-job.js";
import { type Bridge, createBridge } from "../../../../src/index.js";
import { assertPhpLaravelInstalled, runPhp } from "../../../helpers/php.js";
import { waitFor } from "../../../integration/adapters/queue/queue-fixtures.js";
import {
  CACHE_PREFIX,
  type InteropWorld,
  leftoverQueueKeys,
  REDIS_PREFIX,
  startWorld,
} from "./interop-fixtures.js";

// `$tries = 3` on both sides: a job released for overlapping uses up an attempt, as in Laravel.
const JOB = "App\\Jobs\\OverlapJob";
const NODE_QUEUE = "node-side";
const PHP_QUEUE = "php-side";
let world: InteropWorld;
const bridges: Bridge[] = [];

beforeAll(async () => {
  assertPhpLaravelInstalled();
  world = await startWorld();
});
afterAll(async () => {
  await Promise.all(bridges.map((bridge) => bridge.close()));
  await world.close();
});

/** The Node side as a Laravel 8 app's .env describes it; `aheadMs` moves its clock (released jobs due). */
function bridge(aheadMs = 0): Bridge {
  const created = createBridge(world.bridgeOptions(aheadMs));
  bridges.push(created);
  return created;
}

const overlap = {
  key: (data: unknown) => (data as { account: number }).account,
  releaseAfter: 7,
  expireAfter: 60,
};
/** The lock as Laravel names it: REDIS_PREFIX + `<CACHE_PREFIX>:` + getLockKey(). */
const lockKey = (account: number): string =>
  `${REDIS_PREFIX}${CACHE_PREFIX}:laravel-queue-overlap:${JOB}:${account}`;
const unixNow = (): number => Math.floor(Date.now() / 1000);

async function delayedOn(queue: string): Promise<Array<{ attempts: number; at: number }>> {
  const flat = await world.raw.zrange(`${REDIS_PREFIX}queues:${queue}:delayed`, "0", "-1", "WITHSCORES");
  const out = [];
  for (let i = 0; i < flat.length; i += 2)
    out.push({
      attempts: (JSON.parse(flat[i] ?? "{}") as { attempts: number }).attempts,
      at: Number(flat[i + 1]),
    });
  return out;
}

/** Runs the Node worker once on NODE_QUEUE; returns the attempts its handler saw. */
async function runNodeOnce(node: Bridge, hold?: Promise<void>): Promise<number[]> {
  const seen: number[] = [];
  await (await node.queue.worker({ queues: [NODE_QUEUE], once: true, maxClockSkewSeconds: null }))
    .handle(
      JOB,
      async (_data, job: RedisJob) => {
        seen.push(job.attempts());
        await hold;
      },
      undefined,
      { withoutOverlapping: overlap },
    )
    .run();
  return seen;
}

describe("WithoutOverlapping: Node handlers and Laravel 8.83 jobs share one lock", () => {
  it("PHP holds the overlap lock: the Node job is released with releaseAfter, and runs after PHP is done", async () => {
    const php = await runPhp<{ uuid: string; lockKey: string }>(
      "queue-overlap-dispatch",
      { account: 42, releaseAfter: 7, hold: true, queue: PHP_QUEUE },
      world.env,
    );
    expect(php.lockKey).toBe(`laravel-queue-overlap:${JOB}:42`);
    const phpWorker = runPhp<{ reported: string[] }>(
      "queue-work",
      { queue: PHP_QUEUE, options: { stopWhenEmpty: true } },
      world.env,
    );
    await waitFor(async () => (await world.raw.llen(`${REDIS_PREFIX}overlap:holding`)) === 1, 20_000);
    expect(await world.raw.exists(lockKey(42))).toBe(1);

    const node = bridge();
    await node.queue.dispatch(
      { className: JOB, tries: 3, properties: { account: 42 } },
      { queue: NODE_QUEUE },
    );
    const before = unixNow();
    expect(await runNodeOnce(node)).toEqual([]);
    const after = unixNow();
    const [released, ...rest] = await delayedOn(NODE_QUEUE);
    expect(rest).toEqual([]);
    expect(released?.attempts).toBe(1);
    expect(released?.at).toBeGreaterThanOrEqual(before + 7);
    expect(released?.at).toBeLessThanOrEqual(after + 7);

    await world.raw.rpush(`${REDIS_PREFIX}overlap:go`, "1");
    expect((await phpWorker).reported).toEqual([]);
    expect(await world.raw.hget(`${REDIS_PREFIX}effects:php`, php.uuid)).toBe("1");
    expect(await world.raw.exists(lockKey(42))).toBe(0);

    // Eight seconds later (by the clock) the released job is due, and the lock is free.
    expect(await runNodeOnce(bridge(8_000))).toEqual([2]);
    expect(await world.raw.exists(lockKey(42))).toBe(0);
    expect(await leftoverQueueKeys(world.raw)).toEqual({});
  });

  it("Node holds the overlap lock: Laravel's worker releases its job with releaseAfter, and runs it after Node is done", async () => {
    await world.raw.del(`${REDIS_PREFIX}effects:php`, `${REDIS_PREFIX}effects:php:data`);
    const node = bridge();
    await node.queue.dispatch(
      { className: JOB, tries: 3, properties: { account: 43 } },
      { queue: NODE_QUEUE },
    );
    let done = (): void => {};
    const hold = new Promise<void>((resolve) => {
      done = resolve;
    });
    const nodeRun = runNodeOnce(node, hold);
    await waitFor(async () => (await world.raw.exists(lockKey(43))) === 1);

    const php = await runPhp<{ uuid: string }>(
      "queue-overlap-dispatch",
      { account: 43, releaseAfter: 9, queue: PHP_QUEUE },
      world.env,
    );
    const before = unixNow();
    const work = await runPhp<{ reported: string[] }>(
      "queue-work",
      { queue: PHP_QUEUE, options: { stopWhenEmpty: true } },
      world.env,
    );
    const after = unixNow();
    expect(work.reported).toEqual([]);
    expect(await world.raw.hget(`${REDIS_PREFIX}effects:php`, php.uuid)).toBeNull();
    const [released, ...rest] = await delayedOn(PHP_QUEUE);
    expect(rest).toEqual([]);
    expect(released?.attempts).toBe(1);
    expect(released?.at).toBeGreaterThanOrEqual(before + 9);
    expect(released?.at).toBeLessThanOrEqual(after + 9);

    done();
    expect(await nodeRun).toEqual([1]);
    expect(await world.raw.exists(lockKey(43))).toBe(0);
    await runPhp(
      "queue-work",
      { queue: PHP_QUEUE, nowOffset: 10, options: { stopWhenEmpty: true } },
      world.env,
    );
    const data = await world.raw.hget(`${REDIS_PREFIX}effects:php:data`, php.uuid);
    expect(JSON.parse(data ?? "null")).toEqual({ account: 43, attempts: 2 });
    expect(await leftoverQueueKeys(world.raw)).toEqual({});
  });
});
