import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  connectFailedJobProvider,
  type DatabaseFailedJobProvider,
} from "../../../../adapters/queue/failed/database-failed-job-provider.js";
import { ManualClock } from "../../../../src/support/clock.js";

const dir = mkdtempSync(join(tmpdir(), "lrb-failed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// PostgreSQL and MariaDB run on this machine (trust / passwordless root, database `test`).
const databases = [
  ["sqlite", { host: "", port: null, database: join(dir, "failed.sqlite"), username: "", password: "" }],
  ["pgsql", { host: "127.0.0.1", port: 5432, database: "test", username: "postgres", password: "" }],
  ["mysql", { host: "127.0.0.1", port: 3306, database: "test", username: "root", password: "" }],
] as const;

describe.each(databases)("failed_jobs on %s (database-uuids layout)", (driver, settings) => {
  const table = `failed_jobs_q${process.pid}`;
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 0, 27, 39));
  let store: DatabaseFailedJobProvider;

  afterAll(async () => {
    await store?.close();
  });

  it("logs the raw payload, the exception text and failed_at in UTC, and lists newest first", async () => {
    store = await connectFailedJobProvider(driver, { ...settings }, { table, clock });
    await store.createTable();
    await store.flush();
    const payload =
      '{"uuid":"aa339973-416e-4219-b4cf-6265e17092fa","job":"X@y","data":{"t":"Grüße \\/ 😀"},"attempts":0}';
    expect(await store.log("redis", "styced", payload, "RuntimeException: Job failed")).toBe(
      "aa339973-416e-4219-b4cf-6265e17092fa",
    );
    clock.advance(3_600_000);
    await store.log("redis", "default", '{"uuid":"u-2","attempts":1}', "E2");
    const all = await store.all();
    expect(all.map((r) => r.uuid)).toEqual(["u-2", "aa339973-416e-4219-b4cf-6265e17092fa"]);
    expect(all[1]).toMatchObject({
      connection: "redis",
      queue: "styced",
      payload,
      exception: "RuntimeException: Job failed",
      failedAt: "2026-11-23 00:27:39",
    });
    expect((await store.find("u-2"))?.failedAt).toBe("2026-11-23 01:27:39");
  });

  it("replaces the row when the same uuid fails again instead of breaking the unique index", async () => {
    await store.log("redis", "default", '{"uuid":"u-2","attempts":3}', "E3");
    const row = await store.find("u-2");
    expect(row).toMatchObject({ payload: '{"uuid":"u-2","attempts":3}', exception: "E3" });
    expect((await store.all()).length).toBe(2);
  });

  it("forgets one job, flushes by age and prunes before a date", async () => {
    expect(await store.forget("nope")).toBe(false);
    expect(await store.forget("u-2")).toBe(true);
    await store.log("redis", "default", '{"uuid":"u-3","attempts":0}', "E");
    clock.advance(2 * 3_600_000);
    expect(await store.flush(3)).toBe(1); // only the first row is at least 3 h old
    expect(await store.prune(new Date(clock.now()))).toBe(1);
    expect(await store.all()).toEqual([]);
  });

  it("keeps a poison payload that is not JSON under a fresh uuid", async () => {
    const uuid = await store.log("redis", "default", "not json", "InvalidPayloadError");
    expect((await store.find(uuid))?.payload).toBe("not json");
    await store.flush();
  });
});
