/**
 * Node dispatches, Laravel 8.83's own Illuminate\Queue\Worker runs (reliability-catalogue Q1, Node →
 * PHP): string jobs and class jobs, immediate and delayed, N = 1000; failures land in failed_jobs
 * (written by PHP) and Node's queue:retry re-runs them; every effect exactly once, nothing left over.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { carbon } from "../../../../adapters/queue/php-job.js";
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

interface WorkResult {
  status: number;
  reported: string[];
}

async function phpEffects(): Promise<{ counts: Record<string, string>; data: Record<string, string> }> {
  return {
    counts: await world.raw.hgetall(`${REDIS_PREFIX}effects:php`),
    data: await world.raw.hgetall(`${REDIS_PREFIX}effects:php:data`),
  };
}

describe("Node → Laravel 8.83 worker", () => {
  it("runs 1000 Node-pushed string and class jobs (immediate and delayed) once each, with the right data", async () => {
    const queue = world.manager();
    const when = new Date(Date.UTC(2026, 10, 23, 23, 41, 47, 123));
    const expected = new Map<string, unknown>();
    for (let i = 0; i < 1000; i++) {
      const delayed = i % 10 === 9;
      if (i % 2 === 0) {
        const data = {
          i,
          text: `ünïcode / "q" \\ ${i}`,
          amount: "12.34",
          nested: { list: [1, 2, { a: null }], empty: [] },
        };
        const pushed = delayed
          ? await queue.later(5, "App\\Jobs\\RecordEffect@handle", data)
          : await queue.push("App\\Jobs\\RecordEffect@handle", data);
        expected.set(pushed.uuid, { data, attempts: 1, queue: "default" });
      } else {
        const pushed = await queue.dispatch(
          {
            className: "App\\Jobs\\NodeClassJob",
            tries: 2,
            properties: [
              { name: "n", value: i },
              { name: "text", value: `Grüße/${i}` },
              { name: "when", value: carbon(when) },
              { name: "tags", value: { k: i, f: 1.5 } },
              { name: "secret", value: `s-${i}`, visibility: "protected" },
              { name: "note", value: `n-${i}`, visibility: "private" },
            ],
          },
          delayed ? { delay: 5 } : {},
        );
        expected.set(pushed?.uuid ?? "", {
          n: i,
          text: `Grüße/${i}`,
          secret: `s-${i}`,
          note: `n-${i}`,
          when: "2026-11-23 23:41:47.123000 UTC",
          tags: { k: i, f: 1.5 },
          attempts: 1,
        });
      }
    }
    const result = await runPhp<WorkResult>(
      "queue-work",
      { nowOffset: 10, options: { stopWhenEmpty: true } },
      world.env,
    );
    expect(result.reported).toEqual([]);
    const { counts, data } = await phpEffects();
    expect(Object.keys(counts)).toHaveLength(1000);
    expect(new Set(Object.values(counts))).toEqual(new Set(["1"]));
    for (const [uuid, seen] of expected) expect(JSON.parse(data[uuid] ?? "null"), uuid).toEqual(seen);
    expect(await leftoverQueueKeys(world.raw)).toEqual({});
  });

  it("puts jobs that fail in PHP into failed_jobs, and Node's queue:retry makes Laravel run them again", async () => {
    await world.raw.del(`${REDIS_PREFIX}effects:php`, `${REDIS_PREFIX}effects:php:data`);
    await world.raw.set(`${REDIS_PREFIX}php:fail-marked`, "1");
    const queue = world.manager();
    const uuids: string[] = [];
    for (let i = 0; i < 20; i++)
      uuids.push((await queue.push("App\\Jobs\\RecordEffect@handle", { i, fail: true, t: "é/" })).uuid);
    await runPhp<WorkResult>("queue-work", { options: { stopWhenEmpty: true, tries: 1 } }, world.env);
    const rows = await world.failed.all();
    expect(rows.map((r) => r.uuid).sort()).toEqual([...uuids].sort());
    expect(rows[0]?.exception).toContain("RuntimeException: Asked to fail");
    expect(rows[0]).toMatchObject({ connection: "redis", queue: "default" });

    await world.raw.del(`${REDIS_PREFIX}php:fail-marked`);
    const retried = await queue.retry(uuids);
    expect(retried.every((r) => r.pushed !== null)).toBe(true);
    expect(await world.failed.all()).toEqual([]);
    await runPhp<WorkResult>("queue-work", { options: { stopWhenEmpty: true } }, world.env);
    const { counts } = await phpEffects();
    expect(Object.keys(counts).sort()).toEqual([...uuids].sort());
    expect(new Set(Object.values(counts))).toEqual(new Set(["1"]));
    expect(await leftoverQueueKeys(world.raw)).toEqual({});
  });
});
