/**
 * ShouldBeUnique through the Lock contract: a unique dispatch takes Laravel's
 * `laravel_unique_job:<class>:<id>` lock (what PHP's dispatcher checks), a second one is skipped, and
 * the Node worker releases the lock once the job is done, so the next dispatch goes through.
 */
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisLockProvider } from "../../../../adapters/lock/redis-lock-provider.js";
import { QueueManager } from "../../../../adapters/queue/queue-manager.js";
import type { RedisClient } from "../../../../src/redis/client.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { redisClient } from "./queue-fixtures.js";

let server: PrivateRedisServer;
let client: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  client = redisClient(server);
});
afterAll(async () => {
  client.disconnect();
  await server.stop();
});

describe("unique jobs", () => {
  it("skip a second dispatch while the first is queued, and dispatch again once the worker ran it", async () => {
    const rc = client as unknown as RedisClient;
    const manager = new QueueManager(
      {
        default: "redis",
        redis: {
          connection: "default",
          queue: "default",
          retryAfter: 90,
          blockFor: null,
          afterCommit: false,
        },
        failed: { driver: "database-uuids", database: "sqlite", table: "failed_jobs" },
      },
      {
        connections: {
          connection: () => rc,
          blockingConnection: () => Object.assign(rc, { close: async () => {} }),
        },
        laravelVersion: 12,
        locks: new RedisLockProvider(rc, "app-cache-"),
      },
    );
    const job = { className: "App\\Jobs\\Recalculate", properties: { accountId: 42 } };
    expect(await manager.dispatch(job, { unique: { id: "42", for: 3600 } })).not.toBeNull();
    expect(await manager.dispatch(job, { unique: { id: "42", for: 3600 } })).toBeNull();
    expect(await client.ttl("app-cache-laravel_unique_job:App\\Jobs\\Recalculate:42")).toBeGreaterThan(3500);
    expect(await client.exists("app-cache-laravel_unique_job:App\\Jobs\\Recalculate:42")).toBe(1);
    const seen: unknown[] = [];
    const worker = await manager.worker({ stopWhenEmpty: true, sleep: 0.01, maxClockSkewSeconds: null });
    worker.handle("App\\Jobs\\Recalculate", (data) => void seen.push(data), undefined, {
      uniqueId: (data) => String((data as { accountId: number }).accountId),
    });
    expect(await worker.run()).toMatchObject({ processed: 1 });
    expect(seen).toEqual([{ accountId: 42 }]);
    expect(await client.exists("app-cache-laravel_unique_job:App\\Jobs\\Recalculate:42")).toBe(0);
    expect(await manager.dispatch(job, { unique: { id: "42" } })).not.toBeNull();
    expect(await client.llen("queues:default")).toBe(1);
  });
});
