/**
 * Laravel dispatches, the Node worker runs (reliability-catalogue Q1, PHP → Node): 1000 class jobs
 * with protected/private props, Carbon dates and Eloquent model identifiers, string jobs, delayed
 * jobs; jobs failing in Node land in failed_jobs and Laravel's own RetryCommand re-queues them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisJob } from "../../../../adapters/queue/redis-job.js";
import { assertPhpLaravelInstalled, runPhp } from "../../../helpers/php.js";
import { type InteropWorld, leftoverQueueKeys, startWorld } from "./interop-fixtures.js";

let world: InteropWorld;
beforeAll(async () => {
  assertPhpLaravelInstalled();
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

interface Seen {
  n: number;
  text: string;
  secret: string;
  note: string;
  when: Date;
  account: { class: string; id: number; connection: null };
  tags: { k: number; list: [number, null] };
}

describe("Laravel → Node worker", () => {
  it("handles 1000 Laravel-dispatched class, string and delayed jobs with the right values, once each", async () => {
    const dispatched = await runPhp<{ uuids: string[]; now: number }>(
      "queue-dispatch",
      { count: 1000, stringEvery: 10, delayedEvery: 7, delay: 3 },
      world.env,
    );
    expect(dispatched.uuids).toHaveLength(1000);
    const effects = new Map<string, number>();
    const problems: string[] = [];
    const clock = { now: () => Date.now() + 10_000 }; // delayed jobs are due without waiting
    const worker = await world
      .manager(clock)
      .worker({ concurrency: 8, stopWhenEmpty: true, sleep: 0.01, maxClockSkewSeconds: null });
    worker
      .handle("App\\Jobs\\PhpToNode", (data, job: RedisJob) => {
        const d = data as Seen;
        const ok =
          d.text === `Grüße/ünïcode ${d.n} "q"` &&
          d.secret === `secret-${d.n}` &&
          d.note === `note-${d.n}` &&
          Math.floor(d.when.getTime() / 1000) === dispatched.now + d.n * 60 &&
          d.account.class === "App\\Models\\Account" &&
          d.account.id === 1000 + d.n &&
          d.tags.k === d.n &&
          d.tags.list[0] === 1.5 &&
          job.command?.className === "App\\Jobs\\PhpToNode";
        if (!ok) problems.push(JSON.stringify(d));
        effects.set(job.uuid ?? "", (effects.get(job.uuid ?? "") ?? 0) + 1);
      })
      .handle("App\\Jobs\\NodeString@handle", (data, job) => {
        const d = data as { i: number; text: string; big: string };
        if (d.text !== `ünï/${d.i}` || d.big !== "123456789012345678") problems.push(JSON.stringify(d));
        effects.set(job.uuid ?? "", (effects.get(job.uuid ?? "") ?? 0) + 1);
      });
    const result = await worker.run();
    expect(problems).toEqual([]);
    expect(result).toMatchObject({ reason: "empty", failed: 0, processed: 1000 });
    expect([...effects.keys()].sort()).toEqual([...dispatched.uuids].sort());
    expect(new Set(effects.values())).toEqual(new Set([1]));
    expect(await leftoverQueueKeys(world.raw)).toEqual({});
  });

  it("logs jobs that exhaust their tries in Node to failed_jobs; Laravel's queue:retry re-queues them for Node", async () => {
    const dispatched = await runPhp<{ uuids: string[] }>("queue-dispatch", { count: 10 }, world.env);
    let healthy = false;
    const done = new Set<string>();
    const attempts: number[] = [];
    const makeWorker = async () =>
      (await world.manager().worker({ stopWhenEmpty: true, sleep: 0.01 })).handle(
        "App\\Jobs\\PhpToNode",
        (_data, job) => {
          attempts.push(job.attempts());
          if (!healthy) throw new Error("Node handler refused");
          done.add(job.uuid ?? "");
        },
      );
    // tries = 3, backoff = [0]: three attempts, then failed_jobs.
    expect(await (await makeWorker()).run()).toMatchObject({ failed: 10 });
    expect(attempts.filter((a) => a === 3)).toHaveLength(10);
    const listed = await runPhp<{
      rows: Array<{ id: string; queue: string; payload: string; exception: string }>;
    }>("queue-artisan", { command: "failed" }, world.env);
    expect(listed.rows.map((r) => r.id).sort()).toEqual([...dispatched.uuids].sort());
    expect(listed.rows[0]?.exception).toContain("Error: Node handler refused");
    expect(JSON.parse(listed.rows[0]?.payload ?? "{}").attempts).toBe(2);

    const retried = await runPhp<{ code: number; output: string }>(
      "queue-artisan",
      { command: "retry", ids: dispatched.uuids },
      world.env,
    );
    expect(retried.code).toBe(0);
    expect(await world.failed.all()).toEqual([]);
    healthy = true;
    attempts.length = 0;
    expect(await (await makeWorker()).run()).toMatchObject({ processed: 10, failed: 0 });
    expect(attempts).toEqual(Array(10).fill(1));
    expect([...done].sort()).toEqual([...dispatched.uuids].sort());
    expect(await leftoverQueueKeys(world.raw)).toEqual({});
  });
});
