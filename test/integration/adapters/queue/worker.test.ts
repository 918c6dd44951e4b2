import { describe, expect, it } from "vitest";
import type { RedisJob } from "../../../../adapters/queue/redis-job.js";
import { Worker } from "../../../../adapters/queue/worker/worker.js";
import { QueueConfigError } from "../../../../src/errors/queue-errors.js";
import type { RedisClient } from "../../../../src/redis/client.js";
import { ManualClock } from "../../../../src/support/clock.js";
import {
  MemoryFailedJobs,
  PREFIX,
  redisCache,
  redisClient,
  useQueueRedis,
  waitFor,
} from "./queue-fixtures.js";

const redis = useQueueRedis();

const reservedCount = () => redis.raw.zcard(`${PREFIX}queues:default:reserved`);

describe("Worker", () => {
  it("runs a string job with its data, counts attempts like Laravel and leaves nothing reserved", async () => {
    const queue = redis.queue();
    await queue.push("App\\Jobs\\Ship@handle", {
      order: 7,
      big: "9007199254740993",
    });
    const seen: Array<[unknown, number, string | null]> = [];
    const worker = redis
      .worker(queue, { stopWhenEmpty: true })
      .handle("App\\Jobs\\Ship@handle", (data, job) => {
        seen.push([data, job.attempts(), job.uuid]);
      });
    const result = await worker.run();
    expect(result).toMatchObject({ reason: "empty", status: 0, processed: 1, failed: 0 });
    expect(seen[0]?.[0]).toEqual({ order: 7, big: "9007199254740993" });
    expect(seen[0]?.[1]).toBe(1);
    expect(await reservedCount()).toBe(0);
    expect(await queue.size()).toBe(0);
  });

  it("hands integers beyond 2^53 in Laravel string jobs to the handler as exact bigints", async () => {
    const queue = redis.queue();
    await queue.pushRaw(
      '{"uuid":"u1","displayName":"A","job":"A@b","data":{"id":123456789012345678901},"id":"x","attempts":0}',
    );
    await queue.pushRaw(
      '{"uuid":"u2","displayName":"A","job":"A@b","data":{"id":12345678901234567},"id":"y","attempts":0}',
    );
    const ids: unknown[] = [];
    await redis
      .worker(queue, { stopWhenEmpty: true })
      .handle("A@b", (data) => void ids.push((data as { id: unknown }).id))
      .run();
    expect(ids).toEqual([1.2345678901234568e20, 12345678901234567n]);
  });

  it("releases a failing job with the payload's backoff and fails it after maxTries into failed_jobs", async () => {
    const clock = new ManualClock(1_800_000_000_000);
    const queue = redis.queue({}, { clock });
    await queue.pushRaw(
      '{"uuid":"b-1","displayName":"App\\\\Jobs\\\\Flaky","job":"App\\\\Jobs\\\\Flaky@handle","maxTries":3,"maxExceptions":null,"failOnTimeout":false,"backoff":"10,20","timeout":null,"data":{},"id":"i1","attempts":0}',
    );
    const failedJobs = new MemoryFailedJobs();
    const failedHook: string[] = [];
    const worker = redis.worker(
      queue,
      { stopWhenEmpty: true, tries: 1, failed: (job) => void failedHook.push(job.uuid ?? "") },
      { failedJobs },
    );
    worker.handle("App\\Jobs\\Flaky@handle", () => {
      throw new Error("boom");
    });
    await worker.run();
    expect(await redis.raw.zrange(`${PREFIX}queues:default:delayed`, 0, "-1", "WITHSCORES")).toEqual([
      expect.stringContaining('"attempts":1'),
      "1800000010",
    ]);
    clock.advance(10_000);
    await redis
      .worker(queue, { stopWhenEmpty: true }, { failedJobs })
      .handle("App\\Jobs\\Flaky@handle", () => Promise.reject(new Error("boom")))
      .run();
    expect(await redis.raw.zrange(`${PREFIX}queues:default:delayed`, 0, "-1", "WITHSCORES")).toEqual([
      expect.stringContaining('"attempts":2'),
      "1800000030",
    ]);
    clock.advance(20_000);
    const last = redis.worker(
      queue,
      { stopWhenEmpty: true, failed: (job) => void failedHook.push(job.uuid ?? "") },
      { failedJobs },
    );
    last.handle("App\\Jobs\\Flaky@handle", () => Promise.reject(new Error("boom")));
    expect(await last.run()).toMatchObject({ failed: 1 });
    expect(failedJobs.rows).toHaveLength(1);
    expect(failedJobs.rows[0]).toMatchObject({ uuid: "b-1", connection: "redis", queue: "default" });
    expect(failedJobs.rows[0]?.payload).toContain('"attempts":2');
    expect(failedJobs.rows[0]?.exception).toMatch(/^Error: boom\n {4}at /);
    expect(failedHook).toEqual(["b-1"]);
    expect(await queue.size()).toBe(0);
  });

  it("fails a job whose class has no handler with a clear error, or releases it when configured", async () => {
    const queue = redis.queue();
    await queue.push("App\\Jobs\\Nobody@handle", {});
    const failedJobs = new MemoryFailedJobs();
    await redis.worker(queue, { stopWhenEmpty: true, tries: 5 }, { failedJobs }).run();
    expect(failedJobs.rows[0]?.exception).toContain(
      "UnknownJobError: No handler is registered for job [App\\Jobs\\Nobody@handle]",
    );
    await queue.push("App\\Jobs\\Nobody@handle", {});
    await redis
      .worker(
        queue,
        { stopWhenEmpty: true, unknownJobs: "release", unknownJobReleaseDelay: 300 },
        { failedJobs },
      )
      .run();
    expect(await redis.raw.zcard(`${PREFIX}queues:default:delayed`)).toBe(1);
    expect(failedJobs.rows).toHaveLength(1);
  });

  it("aborts a job that runs past its timeout and fails it when failOnTimeout is set", async () => {
    const queue = redis.queue();
    await queue.pushRaw(
      '{"uuid":"t-1","displayName":"Slow","job":"Slow@handle","maxTries":5,"maxExceptions":null,"failOnTimeout":true,"backoff":null,"timeout":0.2,"data":{},"id":"i","attempts":0}',
    );
    const failedJobs = new MemoryFailedJobs();
    let aborted: unknown;
    const worker = redis.worker(queue, { stopWhenEmpty: true }, { failedJobs }).handle(
      "Slow@handle",
      (_data, job) =>
        new Promise<void>((resolve) => {
          job.signal.addEventListener("abort", () => {
            aborted = job.signal.reason;
            resolve();
          });
        }),
    );
    const result = await worker.run();
    expect(result.reason).toBe("empty");
    expect(String(aborted)).toContain("Slow has timed out.");
    expect(failedJobs.rows[0]?.exception).toContain("JobTimeoutError: Slow has timed out.");
    expect(await reservedCount()).toBe(0);
  });

  it("stops with exit status 1 when a timed-out handler ignores its AbortSignal, leaving the job reserved", async () => {
    const queue = redis.queue();
    await queue.pushRaw(
      '{"uuid":"t-2","displayName":"Stuck","job":"Stuck@handle","timeout":0.1,"data":{},"id":"i","attempts":0}',
    );
    const worker = redis
      .worker(queue, { timeoutGraceMs: 50, tries: 3 })
      .handle("Stuck@handle", () => new Promise(() => {}));
    expect(await worker.run()).toMatchObject({ reason: "timeout", status: 1 });
    expect(await reservedCount()).toBe(1);
  });

  it("refuses to start when timeout >= retry_after (Laravel's rule against running jobs twice)", () => {
    const queue = redis.queue({ retryAfter: 60 });
    expect(() => redis.worker(queue, { timeout: 60 })).toThrow(QueueConfigError);
    expect(() => redis.worker(queue, { timeout: 59 })).not.toThrow();
  });

  it("takes jobs from queues in priority order and honours --max-jobs exactly across lanes", async () => {
    const queue = redis.queue();
    for (let i = 0; i < 5; i++) await queue.push("J@h", { q: "low", i }, { queue: "low" });
    for (let i = 0; i < 5; i++) await queue.push("J@h", { q: "high", i }, { queue: "high" });
    const order: string[] = [];
    const worker = redis.worker(queue, { queues: ["high", "low"], maxJobs: 7 }).handle("J@h", (data) => {
      order.push((data as { q: string }).q);
    });
    expect(await worker.run()).toMatchObject({ reason: "maxJobs", processed: 7 });
    expect(order).toEqual(["high", "high", "high", "high", "high", "low", "low"]);
    const concurrent = redis
      .worker(queue, {
        queues: ["high", "low"],
        concurrency: 4,
        stopWhenEmpty: true,
      })
      .handle("J@h", () => {});
    expect(await concurrent.run()).toMatchObject({ processed: 3 });
  });

  it("runs N jobs at once with concurrency N and acknowledges every one", async () => {
    const queue = redis.queue();
    await queue.bulk(Array.from({ length: 200 }, (_, i) => ({ job: "C@h", data: { i } })));
    let running = 0;
    let peak = 0;
    const worker = redis.worker(queue, { concurrency: 10, stopWhenEmpty: true }).handle("C@h", async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
    });
    expect(await worker.run()).toMatchObject({ processed: 200 });
    expect(peak).toBe(10);
    expect(await reservedCount()).toBe(0);
  });

  it("wakes from BLPOP on :notify when block_for is set and a job arrives", async () => {
    const queue = redis.queue({ blockFor: 5 });
    const got: unknown[] = [];
    const worker = redis.worker(queue, { maxJobs: 1, sleep: 0 }).handle("B@h", (data) => void got.push(data));
    const running = worker.run();
    await waitFor(
      async () =>
        (await redis.raw.call("CLIENT", "LIST")) &&
        String(await redis.raw.call("CLIENT", "LIST")).includes("cmd=blpop"),
    );
    await queue.push("B@h", { woke: true });
    expect(await running).toMatchObject({ reason: "maxJobs", processed: 1 });
    expect(got).toEqual([{ woke: true }]);
  });

  it("keeps one blocking connection per lane across BLPOP rounds", async () => {
    const queue = redis.queue({ blockFor: 0.05 });
    let opened = 0;
    const worker = new Worker(
      {
        queue,
        blockingConnection: () => {
          opened++;
          const c = redisClient(redis.server);
          return Object.assign(c as unknown as RedisClient, { close: async () => void c.disconnect() });
        },
      },
      { concurrency: 2, sleep: 0, maxTime: 0.6, maxClockSkewSeconds: null },
    );
    expect(await worker.run()).toMatchObject({ reason: "maxTime" });
    expect(opened).toBe(2);
  });

  it("stops after the job in hand when stop() is called, even while blocked in BLPOP", async () => {
    const queue = redis.queue({ blockFor: 0 });
    const worker = redis.worker(queue, {}).handle("B@h", () => {});
    const running = worker.run();
    await waitFor(async () => String(await redis.raw.call("CLIENT", "LIST")).includes("cmd=blpop"));
    worker.stop();
    expect(await running).toMatchObject({ reason: "interrupted", status: 0 });
  });

  it("stops when queue:restart changes illuminate:queue:restart in the cache", async () => {
    const queue = redis.queue();
    const cache = redisCache(redis.server);
    await cache.client.set("illuminate:queue:restart", "1700000000");
    const worker = redis.worker(queue, { restartCheckIntervalMs: 0 }, { cache });
    const running = worker.run();
    await new Promise((r) => setImmediate(r));
    await cache.client.set("illuminate:queue:restart", "1700000001");
    expect(await running).toMatchObject({ reason: "restart", status: 0 });
    cache.client.disconnect();
  });

  it("fails a job once maxExceptions is reached through the job-exceptions:<uuid> cache counter", async () => {
    const clock = new ManualClock(1_800_000_000_000);
    const queue = redis.queue({}, { clock });
    const cache = redisCache(redis.server);
    await queue.pushRaw(
      '{"uuid":"m-1","displayName":"M","job":"M@h","maxTries":10,"maxExceptions":2,"backoff":"0","data":{},"id":"i","attempts":0}',
    );
    const failedJobs = new MemoryFailedJobs();
    const worker = redis
      .worker(queue, { stopWhenEmpty: true, maxJobs: 2 }, { failedJobs, cache })
      .handle("M@h", () => {
        throw new Error("again");
      });
    await worker.run();
    expect(failedJobs.rows.map((r) => r.uuid)).toEqual(["m-1"]);
    expect(await cache.client.exists("job-exceptions:m-1")).toBe(0);
    cache.client.disconnect();
  });

  it("moves poison payloads (invalid JSON, no attempts) to failed_jobs instead of losing them", async () => {
    const queue = redis.queue();
    await redis.raw.rpush(`${PREFIX}queues:default`, "not json", '{"uuid":"p-1","job":"X@y"}');
    const failedJobs = new MemoryFailedJobs();
    failedJobs.log = async (connection, q, payload, exception) => {
      failedJobs.rows.push({ id: 1, uuid: "?", connection, queue: q, payload, exception, failedAt: "" });
      return "?";
    };
    const result = await redis.worker(queue, { stopWhenEmpty: true }, { failedJobs }).run();
    expect(result.failed).toBe(2);
    expect(failedJobs.rows.map((r) => r.payload)).toEqual(["not json", '{"uuid":"p-1","job":"X@y"}']);
    expect(await queue.size()).toBe(0);
  });

  it("emits processing, processed, exceptionOccurred and failed events", async () => {
    const queue = redis.queue();
    await queue.push("E@ok", {});
    await queue.push("E@bad", {});
    const events: string[] = [];
    const worker = redis
      .worker(queue, { stopWhenEmpty: true })
      .handle("E@ok", () => {})
      .handle("E@bad", () => {
        throw new Error("x");
      });
    for (const name of ["processing", "processed", "exceptionOccurred", "failed"] as const) {
      worker.events.on(name, ((job: RedisJob) => void events.push(`${name}:${job.payload.job}`)) as never);
    }
    await worker.run();
    expect(events).toEqual([
      "processing:E@ok",
      "processed:E@ok",
      "processing:E@bad",
      "failed:E@bad",
      "exceptionOccurred:E@bad",
    ]);
  });
});
