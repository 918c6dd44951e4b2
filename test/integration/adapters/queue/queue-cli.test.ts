/**
 * `laravel-bridge queue:*` end to end, as separate processes on a private Redis and a SQLite
 * failed_jobs file; plus the process faults: SIGTERM mid-job (graceful) and kill -9 mid-job
 * (the job returns after retry_after with attempts + 1).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RedisQueue } from "../../../../adapters/queue/redis-queue.js";
import { QUEUE_FORMATS } from "../../../../src/config/laravel-versions.js";
import type { RedisClient } from "../../../../src/redis/client.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { createSqliteFailedJobs } from "../../../helpers/sqlite-failed-jobs.js";
import { waitFor } from "./queue-fixtures.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
const handlers = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "handlers.mjs");
let server: PrivateRedisServer;
let raw: Redis;
let dir: string;
let env: Record<string, string>;
let queue: RedisQueue;

beforeAll(async () => {
  server = await startRedisServer();
  raw = server.client(0);
  queue = new RedisQueue(
    { connection: "default", queue: "default", retryAfter: 2, blockFor: null },
    { client: raw as unknown as RedisClient, format: QUEUE_FORMATS[12] },
  );
  dir = mkdtempSync(join(tmpdir(), "lrb-queue-cli-"));
  await (await createSqliteFailedJobs(join(dir, "db.sqlite"))).close();
  env = {
    PATH: process.env.PATH ?? "",
    LARAVEL_VERSION: "12",
    APP_ENV: "production",
    REDIS_HOST: "127.0.0.1",
    REDIS_PORT: String(server.port),
    REDIS_PREFIX: "",
    CACHE_STORE: "redis",
    CACHE_PREFIX: "c-",
    QUEUE_CONNECTION: "redis",
    REDIS_QUEUE_RETRY_AFTER: "2",
    DB_CONNECTION: "sqlite",
    DB_DATABASE: join(dir, "db.sqlite"),
  };
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await server.flush();
});

function start(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; out: string; err: string }>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "src/cli/main.ts"), ...args], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, out, err })),
  );
  return { child, done };
}
const cli = (...args: string[]) => start(args).done;
const work = (...args: string[]) =>
  cli("queue:work", "--handlers", handlers, "--timeout", "1", "--sleep", "0.05", ...args);

// Each case starts several CLI processes (about a second each under tsx on a loaded 2-core machine).
describe("laravel-bridge queue:*", { timeout: 90_000 }, () => {
  it("pushes, sizes, works, lists failures, retries and forgets like artisan", async () => {
    expect((await cli("queue:push", "App\\Jobs\\Ok@handle", "--data", '{"n":1}')).out).toMatch(
      /Pushed \[App\\Jobs\\Ok@handle\] onto \[default\]: id [A-Za-z0-9]{32}, uuid /,
    );
    await queue.push("App\\Jobs\\Bad@handle", {});
    const size = await cli("queue:size");
    expect(size.out).toMatch(/\| default +\| 2 +\| 0 +\| 0 +\| 0 +\| 2 +\| OK +\|/);
    const worked = await work("--stop-when-empty");
    expect(worked.code).toBe(0);
    expect(worked.out).toContain("Processed:  App\\Jobs\\Ok");
    expect(worked.out).toContain("Failed:     App\\Jobs\\Bad");
    expect(worked.out).toMatch(/Worker stopped \(empty\): 1 processed, 1 failed/);
    const failed = await cli("queue:failed");
    expect(failed.out).toMatch(
      /\| [0-9a-f-]{36} \| redis +\| default \| App\\Jobs\\Bad@handle \| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \|/,
    );
    const uuid = /\| ([0-9a-f-]{36}) \|/.exec(failed.out)?.[1] ?? "";
    expect((await cli("queue:retry", uuid)).out).toContain(
      `The failed job [${uuid}] has been pushed back onto the queue!`,
    );
    expect((await cli("queue:failed")).out).toBe("No failed jobs!\n");
    await work("--stop-when-empty");
    expect((await cli("queue:forget", uuid)).code).toBe(0);
    expect((await cli("queue:forget", "nope")).code).toBe(1);
    expect((await cli("queue:flush")).out).toContain("All failed jobs deleted successfully! (0)");
  });

  it("monitors queue sizes with a non-zero exit above --max, and clears only with --force in production", async () => {
    for (let i = 0; i < 3; i++) await queue.push("App\\Jobs\\Ok@handle", {}, { queue: "emails" });
    const monitor = await cli("queue:monitor", "emails,default", "--max", "3");
    expect(monitor.code).toBe(1);
    expect(monitor.out).toMatch(/\| emails +\| 3 .*\| ALERT +\|/);
    expect((await cli("queue:monitor", "emails", "--max", "4")).code).toBe(0);
    expect((await cli("queue:clear", "--queue", "emails")).code).toBe(1);
    expect((await cli("queue:clear", "--queue", "emails", "--force")).out).toContain(
      "Cleared 3 jobs from the [emails] queue",
    );
  });

  it("stops a running worker on queue:restart", async () => {
    const worker = start(["queue:work", "--handlers", handlers, "--timeout", "1", "--sleep", "0.05"]);
    // The worker reads the restart stamp before its first pop: wait for that pop.
    await waitFor(async () => String(await raw.call("CLIENT", "LIST")).includes("cmd=evalsha"), 30_000);
    expect((await cli("queue:restart")).out).toContain("Broadcasting queue restart signal.");
    const result = await worker.done;
    expect(result.code).toBe(0);
    expect(result.out).toContain("Worker stopped (restart)");
  });

  it("finishes the job in hand on SIGTERM, pops nothing new and exits 0 (Q15)", async () => {
    await queue.push("App\\Jobs\\Slow@handle", { ms: 400 });
    await queue.push("App\\Jobs\\Slow@handle", { ms: 400 });
    const worker = start(["queue:work", "--handlers", handlers, "--timeout", "1", "--sleep", "0.05"]);
    await waitFor(async () => (await raw.keys("started:*")).length === 1, 30_000);
    worker.child.kill("SIGTERM");
    const result = await worker.done;
    expect(result.code).toBe(0);
    expect(Object.keys(await raw.hgetall("effects:node"))).toHaveLength(1);
    expect(await raw.zcard("queues:default:reserved")).toBe(0);
    expect(await raw.llen("queues:default")).toBe(1);
  });

  it("re-delivers a job whose worker was killed -9 mid-job after retry_after, with attempts + 1 (Q2)", async () => {
    await queue.push("App\\Jobs\\Slow@handle", { ms: 100_000 });
    const doomed = start(["queue:work", "--handlers", handlers, "--timeout", "1", "--sleep", "0.05"]);
    await waitFor(async () => (await raw.keys("started:*")).length === 1, 30_000);
    const uuid = ((await raw.keys("started:*"))[0] ?? "").slice("started:".length);
    doomed.child.kill("SIGKILL");
    await doomed.done;
    expect(await raw.zcard("queues:default:reserved")).toBe(1);
    const started = Date.now();
    await raw.set(`started:${uuid}`, "0");
    // Nothing is acknowledged: after retry_after (2 s) the next worker's pop migrates it back.
    const rescuer = start([
      "queue:work",
      "--handlers",
      handlers,
      "--timeout",
      "1",
      "--sleep",
      "0.05",
      "--max-jobs",
      "1",
      "--tries",
      "3",
    ]);
    await waitFor(async () => (await raw.get(`started:${uuid}`)) === "2", 30_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    rescuer.child.kill("SIGTERM");
    await rescuer.done;
  });
});
