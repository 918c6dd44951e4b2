/** Shared set-up for the queue interop tests: one private Redis, one SQLite failed_jobs file, PHP env. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import type { DatabaseFailedJobProvider } from "../../../../adapters/queue/failed/database-failed-job-provider.js";
import { QueueManager } from "../../../../adapters/queue/queue-manager.js";
import type { QueueCache } from "../../../../adapters/queue/worker/context.js";
import type { BridgeOptions } from "../../../../src/bridge.js";
import type { QueueConfig } from "../../../../src/config/bridge-config.js";
import type { RedisClient } from "../../../../src/redis/client.js";
import type { Clock } from "../../../../src/support/clock.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { createSqliteFailedJobs } from "../../../helpers/sqlite-failed-jobs.js";

export const REDIS_PREFIX = "interop_database_";
export const CACHE_PREFIX = "interop_cache";
export const APP_KEY = `base64:${Buffer.alloc(32, 1).toString("base64")}`;

export interface InteropWorld {
  server: PrivateRedisServer;
  redis: Redis;
  raw: Redis;
  failed: DatabaseFailedJobProvider;
  failedDb: string;
  env: Record<string, string>;
  cache: QueueCache & { client: Redis };
  manager(clock?: Clock): QueueManager;
  /** createBridge() options for the Node side as a Laravel 8 app's .env describes this world; `aheadMs` moves its clock. */
  bridgeOptions(aheadMs?: number): BridgeOptions;
  close(): Promise<void>;
}

export async function startWorld(): Promise<InteropWorld> {
  const server = await startRedisServer();
  const dir = mkdtempSync(join(tmpdir(), "lrb-queue-interop-"));
  const failedDb = join(dir, "failed.sqlite");
  const failed = await createSqliteFailedJobs(failedDb);
  const client = (db: number, keyPrefix: string): Redis => {
    const c = new Redis({ port: server.port, host: server.host, db, keyPrefix });
    c.on("error", () => {});
    return c;
  };
  const redis = client(0, REDIS_PREFIX);
  const cacheClient = client(1, `${REDIS_PREFIX}${CACHE_PREFIX}:`);
  const cache = {
    client: cacheClient,
    get: async (key: string) => cacheClient.get(key),
    put: async (key: string, value: unknown, ttl?: number) =>
      (await cacheClient.set(key, String(value), "EX", ttl ?? 86400)) === "OK",
    increment: async (key: string, by = 1) => cacheClient.incrby(key, by),
    forget: async (key: string) => (await cacheClient.del(key)) > 0,
    // Laravel stores numeric values raw (RedisStore::serialize), so the restart stamp is plain digits.
    forever: async (key: string, value: unknown) => (await cacheClient.set(key, String(value))) === "OK",
  };
  const blocking = () => {
    const c = client(0, REDIS_PREFIX);
    return Object.assign(c as unknown as RedisClient, { close: async () => void c.disconnect() });
  };
  const config: QueueConfig = {
    default: "redis",
    redis: { connection: "default", queue: "default", retryAfter: 90, blockFor: null, afterCommit: false },
    failed: { driver: "database-uuids", database: "sqlite", table: "failed_jobs" },
  };
  return {
    server,
    redis,
    raw: server.client(0),
    failed,
    failedDb,
    cache,
    env: {
      REDIS_PORT: String(server.port),
      REDIS_PREFIX,
      CACHE_PREFIX,
      APP_KEY,
      FAILED_DB: failedDb,
    },
    bridgeOptions: (aheadMs = 0) => ({
      env: {
        LARAVEL_VERSION: "8",
        APP_KEY,
        REDIS_PORT: String(server.port),
        REDIS_PREFIX,
        CACHE_DRIVER: "redis",
        CACHE_PREFIX,
        DB_CONNECTION: "sqlite",
        DB_DATABASE: failedDb,
      },
      envFile: "/dev/null",
      clock: { now: () => Date.now() + aheadMs },
    }),
    manager: (clock?: Clock) =>
      new QueueManager(config, {
        connections: { connection: () => redis as unknown as RedisClient, blockingConnection: blocking },
        laravelVersion: 8,
        ...(clock ? { clock } : {}),
        cache,
        failedJobs: failed,
      }),
    async close() {
      redis.disconnect();
      cacheClient.disconnect();
      await failed.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every queue key left in Redis (there must be none once all jobs ran). */
export async function leftoverQueueKeys(raw: Redis): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const key of await raw.keys(`${REDIS_PREFIX}queues:*`)) {
    const type = await raw.type(key);
    out[key] = type === "list" ? await raw.llen(key) : await raw.zcard(key);
  }
  return out;
}
