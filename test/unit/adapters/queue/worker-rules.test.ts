import { describe, expect, it } from "vitest";
import { RedisJob } from "../../../../adapters/queue/redis-job.js";
import type { RedisQueue } from "../../../../adapters/queue/redis-queue.js";
import { calculateBackoff, phpIntCast } from "../../../../adapters/queue/worker/backoff.js";
import { resolveWorkerOptions } from "../../../../adapters/queue/worker/options.js";
import { stopReason } from "../../../../adapters/queue/worker/stop-reasons.js";
import type { JobPayload } from "../../../../src/contracts/queue.js";
import { QueueConfigError } from "../../../../src/errors/queue-errors.js";

function job(payload: Partial<JobPayload>): RedisJob {
  const full = { job: "A@b", data: [], attempts: 0, ...payload } as JobPayload;
  const raw = Buffer.from(JSON.stringify(full));
  return new RedisJob({} as RedisQueue, raw, raw, "default", full, { failer: async () => {} });
}

describe("calculateBackoff (Worker::calculateBackoff)", () => {
  it("indexes the payload's comma list by attempts - 1 and repeats the last value", () => {
    expect(calculateBackoff(job({ backoff: "16,98", attempts: 0 }), "0")).toBe(16);
    expect(calculateBackoff(job({ backoff: "16,98", attempts: 1 }), "0")).toBe(98);
    expect(calculateBackoff(job({ backoff: "16,98", attempts: 5 }), "0")).toBe(98);
  });

  it("falls back to the 12.11+ delay of later() jobs, then to the worker's --backoff", () => {
    expect(calculateBackoff(job({ backoff: null, delay: 60 }), "5")).toBe(60);
    expect(calculateBackoff(job({ backoff: null }), "5,7")).toBe(5);
    expect(calculateBackoff(job({ backoff: null, attempts: 3 }), "5,7")).toBe(7);
  });

  it("casts like PHP's (int)", () => {
    expect([phpIntCast(" 12s"), phpIntCast("abc"), phpIntCast("-3"), phpIntCast("")]).toEqual([12, 0, -3, 0]);
  });
});

describe("RedisJob", () => {
  it("counts attempts from the original payload + 1 and reads retryUntil's legacy name timeoutAt", () => {
    expect(job({ attempts: 2 }).attempts()).toBe(3);
    expect(job({ timeoutAt: 1700000000 }).retryUntil()).toBe(1700000000);
    expect(job({ job: "App\\Jobs\\X" }).handlerName).toBe("App\\Jobs\\X@fire");
    expect(
      job({ job: "Illuminate\\Queue\\CallQueuedHandler@call", data: { commandName: "App\\Jobs\\Y" } })
        .handlerName,
    ).toBe("App\\Jobs\\Y");
  });
});

describe("stop conditions (Worker::stopIfNecessary)", () => {
  const base = {
    shouldQuit: false,
    memoryMb: 10,
    memoryLimitMb: 128,
    restartSignalled: false,
    stopWhenEmpty: false,
    hadJob: true,
    elapsedSeconds: 1,
    maxTime: 0,
    jobsProcessed: 1,
    maxJobs: 0,
  };
  it("applies Laravel's order: quit, memory, restart, empty, max time, max jobs", () => {
    expect(stopReason(base)).toBeNull();
    expect(stopReason({ ...base, memoryMb: 200, restartSignalled: true })).toBe("memory");
    expect(stopReason({ ...base, restartSignalled: true, stopWhenEmpty: true, hadJob: false })).toBe(
      "restart",
    );
    expect(stopReason({ ...base, stopWhenEmpty: true, hadJob: false, maxJobs: 1 })).toBe("empty");
    expect(stopReason({ ...base, maxTime: 1, maxJobs: 1 })).toBe("maxTime");
    expect(stopReason({ ...base, maxJobs: 1 })).toBe("maxJobs");
  });
});

describe("worker options", () => {
  it("uses Laravel's queue:work defaults", () => {
    expect(resolveWorkerOptions({}, "default", 90)).toMatchObject({
      tries: 1,
      timeout: 60,
      sleep: 3,
      backoff: "0",
      rest: 0,
      maxJobs: 0,
      queues: ["default"],
    });
  });

  it("refuses a timeout at or above retry_after and nonsense numbers", () => {
    expect(() => resolveWorkerOptions({ timeout: 90 }, "default", 90)).toThrow(QueueConfigError);
    expect(() => resolveWorkerOptions({ timeout: 0 }, "default", 90)).not.toThrow();
    expect(() => resolveWorkerOptions({ timeout: 500 }, "default", null)).not.toThrow();
    expect(() => resolveWorkerOptions({ concurrency: 0 }, "default", 90)).toThrow(/concurrency/);
    expect(() => resolveWorkerOptions({ sleep: -1 }, "default", 90)).toThrow(/sleep/);
  });
});
