/** Shared set-up for the queue integration tests: a RedisQueue and Worker on a private redis-server. */
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { RedisQueue, type RedisQueueConfig } from "../../../../adapters/queue/redis-queue.js";
import type { QueueCache } from "../../../../adapters/queue/worker/context.js";
import { Worker, type WorkerHooks } from "../../../../adapters/queue/worker/worker.js";
import { type LaravelVersion, QUEUE_FORMATS } from "../../../../src/config/laravel-versions.js";
import type { FailedJobProvider, FailedJobRecord } from "../../../../src/contracts/queue.js";
import type { RedisClient } from "../../../../src/redis/client.js";
import type { Clock } from "../../../../src/support/clock.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";

export const PREFIX = "app_database_";

export function redisClient(server: PrivateRedisServer, db = 0): Redis {
  const client = new Redis({ port: server.port, host: server.host, db, keyPrefix: PREFIX });
  client.on("error", () => {});
  return client;
}

export function makeQueue(
  _server: PrivateRedisServer,
  client: Redis,
  config: Partial<RedisQueueConfig> = {},
  extra: { clock?: Clock; version?: LaravelVersion } = {},
): RedisQueue {
  return new RedisQueue(
    { connection: "default", queue: "default", retryAfter: 90, blockFor: null, ...config },
    {
      client: client as unknown as RedisClient,
      format: QUEUE_FORMATS[extra.version ?? 12],
      ...(extra.clock ? { clock: extra.clock } : {}),
    },
  );
}

/** An in-process failed-job store for the loop tests (the SQL provider has its own tests). */
export class MemoryFailedJobs implements FailedJobProvider {
  rows: FailedJobRecord[] = [];
  async log(connection: string, queue: string, payload: string, exception: string): Promise<string> {
    const uuid = (JSON.parse(payload) as { uuid: string }).uuid;
    this.rows.push({ id: this.rows.length + 1, uuid, connection, queue, payload, exception, failedAt: "" });
    return uuid;
  }
  async all() {
    return [...this.rows].reverse();
  }
  async find(uuid: string) {
    return this.rows.find((r) => r.uuid === uuid) ?? null;
  }
  async forget(uuid: string) {
    const before = this.rows.length;
    this.rows = this.rows.filter((r) => r.uuid !== uuid);
    return this.rows.length < before;
  }
  async flush() {
    const n = this.rows.length;
    this.rows = [];
    return n;
  }
  async prune() {
    return 0;
  }
  async close() {}
}

/** The default cache store as the worker sees it, on real Redis keys (DB 1, cache prefix). */
export function redisCache(server: PrivateRedisServer): QueueCache & { client: Redis } {
  const client = new Redis({ port: server.port, host: server.host, db: 1, keyPrefix: `${PREFIX}app_cache:` });
  client.on("error", () => {});
  return {
    client,
    get: async (key) => client.get(key),
    put: async (key, value, ttl) => (await client.set(key, String(value), "EX", ttl ?? 86400)) === "OK",
    increment: async (key, by = 1) => client.incrby(key, by),
    forget: async (key) => (await client.del(key)) > 0,
  };
}

export function makeWorker(
  queue: RedisQueue,
  server: PrivateRedisServer,
  options: WorkerHooks = {},
  services: { failedJobs?: FailedJobProvider; cache?: QueueCache } = {},
): Worker {
  return new Worker(
    {
      queue,
      blockingConnection: () => {
        const c = redisClient(server);
        return Object.assign(c as unknown as RedisClient, { close: async () => void c.disconnect() });
      },
      ...services,
    },
    { sleep: 0.02, maxClockSkewSeconds: null, ...options },
  );
}

/** Polls `check` until it is truthy (no fixed sleeps in tests). */
export async function waitFor<T>(check: () => Promise<T> | T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** One test file's private Redis, as the RedisQueue and Worker tests use it (see useQueueRedis). */
export interface QueueRedis {
  readonly server: PrivateRedisServer;
  /** The queue's client: REDIS_PREFIX `PREFIX`, DB 0. */
  readonly client: Redis;
  /** Unprefixed DB 0, for assertions on the exact keys. */
  readonly raw: Redis;
  queue(config?: Partial<RedisQueueConfig>, extra?: { clock?: Clock; version?: LaravelVersion }): RedisQueue;
  worker(
    queue: RedisQueue,
    options?: WorkerHooks,
    services?: { failedJobs?: FailedJobProvider; cache?: QueueCache },
  ): Worker;
}

/**
 * Registers the hooks every RedisQueue/Worker test file repeated: a private redis-server and its
 * clients for the file, flushed before each test, stopped after the last. Use the returned object
 * inside tests only (its fields are set in beforeAll).
 */
export function useQueueRedis(): QueueRedis {
  let server: PrivateRedisServer | undefined;
  let client: Redis | undefined;
  let raw: Redis | undefined;
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useQueueRedis(): use it inside a test, after beforeAll");
    return value;
  };
  beforeAll(async () => {
    server = await startRedisServer();
    client = redisClient(server);
    raw = server.client(0);
  });
  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
  });
  beforeEach(async () => {
    await ready(server).flush();
  });
  return {
    get server() {
      return ready(server);
    },
    get client() {
      return ready(client);
    },
    get raw() {
      return ready(raw);
    },
    queue: (config = {}, extra = {}) => makeQueue(ready(server), ready(client), config, extra),
    worker: (queue, options = {}, services = {}) => makeWorker(queue, ready(server), options, services),
  };
}
