/**
 * Redis killed (-9) and restarted from its AOF in the middle of a run, with a concurrent worker on
 * the bridge's real ConnectionManager: nothing is lost. Jobs whose acknowledgement died with the
 * connection come back after retry_after (at-least-once); effects are de-duplicated by uuid.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisQueue } from "../../../../adapters/queue/redis-queue.js";
import { Worker } from "../../../../adapters/queue/worker/worker.js";
import type { RedisConfig } from "../../../../src/config/bridge-config.js";
import { QUEUE_FORMATS } from "../../../../src/config/laravel-versions.js";
import { ConnectionManager } from "../../../../src/redis/connection-manager.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { waitFor } from "./queue-fixtures.js";

let server: PrivateRedisServer;
let connections: ConnectionManager;

beforeAll(async () => {
  // appendfsync no: Redis then write()s the AOF before it replies, and a kill -9 of the process (not of
  // the machine) loses nothing written. With everysec, Redis postpones those writes by up to 2 s while an
  // fsync is slow (a loaded disk), so acknowledged ZREMs die with the kill and those jobs come back,
  // legitimately, in numbers that depend on the disk. This way only the jobs in flight at the kill can
  // return, so the bound below is the bridge's property, not the machine's.
  server = await startRedisServer({ args: { appendonly: "yes", appendfsync: "no" } });
  const config: RedisConfig = {
    client: "phpredis",
    prefix: "app_database_",
    cluster: "redis",
    connections: {
      default: {
        name: "default",
        host: "127.0.0.1",
        port: server.port,
        username: null,
        password: null,
        database: 0,
        tls: false,
        options: {},
      },
    },
  };
  connections = new ConnectionManager(config, {
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
    commandTimeoutMs: 2000,
  });
});
afterAll(async () => {
  await connections.close();
  await server.stop();
});

describe("a Redis restart mid-run", () => {
  it("loses no job: every uuid's effect is applied, and the queue ends empty", async () => {
    const queue = new RedisQueue(
      { connection: "default", queue: "default", retryAfter: 2, blockFor: null },
      { client: connections.connection(), format: QUEUE_FORMATS[12] },
    );
    const total = 2000;
    const pushed = new Set<string>();
    for (let i = 0; i < total; i += 200) {
      const batch = await queue.bulk(
        Array.from({ length: 200 }, (_, k) => ({ job: "R@h", data: { i: i + k } })),
      );
      for (const job of batch) pushed.add(job.uuid);
    }
    const effects = new Map<string, number>();
    const errors: Error[] = [];
    const worker = new Worker(
      { queue },
      { concurrency: 4, sleep: 0.05, timeout: 1, maxClockSkewSeconds: null },
    )
      .handle("R@h", async (_data, job) => {
        await new Promise((r) => setImmediate(r));
        effects.set(job.uuid ?? "", (effects.get(job.uuid ?? "") ?? 0) + 1);
      })
      .on("error", (error) => void errors.push(error));
    const running = worker.run();
    await waitFor(() => effects.size >= 500);
    await server.restart(); // SIGKILL + start on the same port and data dir: AOF replay
    await waitFor(() => effects.size === total, 30_000);
    // Reservations orphaned by the crash come back after retry_after and are processed (again).
    await waitFor(async () => (await queue.sizes()).reserved === 0 && (await queue.size()) === 0, 15_000);
    worker.stop();
    await running;
    expect([...effects.keys()].sort()).toEqual([...pushed].sort());
    expect(errors.length).toBeGreaterThan(0); // the outage was seen (and survived)
    const redelivered = [...effects.values()].filter((n) => n > 1).length;
    // In flight at the kill: at most one job per lane (4) plus the pops of the batch that died with it.
    expect(redelivered).toBeLessThanOrEqual(8);
  });
});
