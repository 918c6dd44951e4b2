import { describe, expect, it } from "vitest";
import { RedisQueue } from "../../../../adapters/queue/redis-queue.js";
import { QUEUE_FORMATS } from "../../../../src/config/laravel-versions.js";
import type { RedisClient } from "../../../../src/redis/client.js";

const make = (version: 8 | 12 | 13, cluster: boolean) =>
  new RedisQueue(
    { connection: "default", queue: "default", retryAfter: 90, blockFor: null },
    { client: {} as RedisClient, format: QUEUE_FORMATS[version], cluster },
  );

describe("queue key names", () => {
  it("are queues:<name>, with cluster hash tags added automatically only on 13.5+ cluster connections", () => {
    expect(make(8, false).getQueue("emails")).toBe("queues:emails");
    expect(make(12, true).getQueue("emails")).toBe("queues:emails");
    expect(make(13, false).getQueue(undefined)).toBe("queues:default");
    expect(make(13, true).getQueue("emails")).toBe("queues:{emails}");
    expect(make(13, true).getQueue("{emails}")).toBe("queues:{emails}");
  });

  it("treats a job listed as financial by class or Class@method", () => {
    const q = new RedisQueue(
      { connection: "default", queue: "default", retryAfter: 90, blockFor: null },
      { client: {} as RedisClient, format: QUEUE_FORMATS[12], financialJobs: ["App\\Jobs\\Payout"] },
    );
    expect(q.isFinancial("App\\Jobs\\Payout@handle")).toBe(true);
    expect(q.isFinancial("App\\Jobs\\Other@handle")).toBe(false);
  });
});
