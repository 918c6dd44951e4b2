/**
 * Laravel 8.83 and a Node bridge whose shared connections autopipeline (`createBridge({ connections:
 * { autoPipelining: true } })`), on one Redis: jobs Laravel's own `Queue::push`/`later` wrote are run
 * by the Node worker, and jobs the autopipelined bridge pushes are run by Laravel's worker — each
 * once, nothing left in the queue keys. Before the callBuffer fix the Node worker popped nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisJob } from "../../../../adapters/queue/redis-job.js";
import { type Bridge, createBridge } from "../../../../src/index.js";
import { assertPhpLaravelInstalled, runPhp } from "../../../helpers/php.js";
import { type InteropWorld, leftoverQueueKeys, REDIS_PREFIX, startWorld } from "./interop-fixtures.js";

let world: InteropWorld;
beforeAll(async () => {
  assertPhpLaravelInstalled();
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

/** The bridge as a Laravel 8 app's .env describes the PHP side, autopipelining; `aheadMs` moves its clock. */
function autopipelinedBridge(aheadMs = 0): Bridge {
  return createBridge({ ...world.bridgeOptions(aheadMs), connections: { autoPipelining: true } });
}

describe("autoPipelining bridge ↔ Laravel 8.83 queues", () => {
  it("the Node worker runs Laravel-pushed class, string and delayed jobs once each", async () => {
    const dispatched = await runPhp<{ uuids: string[] }>(
      "queue-dispatch",
      { count: 200, stringEvery: 10, delayedEvery: 7, delay: 3 },
      world.env,
    );
    expect(dispatched.uuids).toHaveLength(200);
    // Ten seconds ahead: Laravel's delayed jobs are due without waiting.
    const bridge = autopipelinedBridge(10_000);
    try {
      const runs = new Map<string, number>();
      const problems: string[] = [];
      const errors: Error[] = [];
      const count = (job: RedisJob): void =>
        void runs.set(job.uuid ?? "", (runs.get(job.uuid ?? "") ?? 0) + 1);
      const worker = await bridge.queue.worker({
        concurrency: 4,
        stopWhenEmpty: true,
        sleep: 0.01,
        maxClockSkewSeconds: null,
      });
      worker
        .handle("App\\Jobs\\PhpToNode", (data, job) => {
          const d = data as { n: number; text: string; secret: string };
          if (d.text !== `Grüße/ünïcode ${d.n} "q"` || d.secret !== `secret-${d.n}`)
            problems.push(JSON.stringify(d));
          count(job);
        })
        .handle("App\\Jobs\\NodeString@handle", (data, job) => {
          const d = data as { i: number; text: string };
          if (d.text !== `ünï/${d.i}`) problems.push(JSON.stringify(d));
          count(job);
        })
        .on("error", (error) => void errors.push(error));
      const result = await worker.run();
      expect(errors).toEqual([]);
      expect(problems).toEqual([]);
      expect(result).toMatchObject({ reason: "empty", processed: 200, failed: 0 });
      expect([...runs.keys()].sort()).toEqual([...dispatched.uuids].sort());
      expect(new Set(runs.values())).toEqual(new Set([1]));
      expect(await leftoverQueueKeys(world.raw)).toEqual({});
    } finally {
      await bridge.close();
    }
  });

  it("Laravel's worker runs jobs the autopipelined bridge pushed in one turn, once each", async () => {
    await world.raw.del(`${REDIS_PREFIX}effects:php`, `${REDIS_PREFIX}effects:php:data`);
    const bridge = autopipelinedBridge();
    let uuids: string[];
    try {
      const pushed = await Promise.all(
        Array.from({ length: 100 }, (_, i) => bridge.queue.push("App\\Jobs\\RecordEffect@handle", { i })),
      );
      uuids = pushed.map((job) => job.uuid);
    } finally {
      await bridge.close();
    }
    const work = await runPhp<{ reported: string[] }>(
      "queue-work",
      { options: { stopWhenEmpty: true } },
      world.env,
    );
    expect(work.reported).toEqual([]);
    const counts = await world.raw.hgetall(`${REDIS_PREFIX}effects:php`);
    expect(Object.keys(counts).sort()).toEqual([...uuids].sort());
    expect(new Set(Object.values(counts))).toEqual(new Set(["1"]));
    expect(await leftoverQueueKeys(world.raw)).toEqual({});
  });
});
