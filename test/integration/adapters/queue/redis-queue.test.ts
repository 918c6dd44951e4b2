import { describe, expect, it } from "vitest";
import { InvalidPayloadError } from "../../../../src/errors/queue-errors.js";
import { ManualClock } from "../../../../src/support/clock.js";
import { PREFIX, useQueueRedis } from "./queue-fixtures.js";

const redis = useQueueRedis();

describe("RedisQueue", () => {
  it("pushes onto queues:<name> under REDIS_PREFIX with one notify token and returns the payload id", async () => {
    const queue = redis.queue();
    const pushed = await queue.push("App\\Jobs\\Ship@handle", { order: 7 }, { queue: "emails" });
    expect(pushed.id).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(await redis.raw.lrange(`${PREFIX}queues:emails`, 0, -1)).toEqual([pushed.payload]);
    expect(await redis.raw.lrange(`${PREFIX}queues:emails:notify`, 0, -1)).toEqual(["1"]);
    expect(await queue.size("emails")).toBe(1);
  });

  it("schedules later() jobs in :delayed scored by the availability time, with the 12.x delay field", async () => {
    const clock = new ManualClock(1_800_000_000_000);
    const queue = redis.queue({}, { clock });
    const pushed = await queue.later(60, "App\\Jobs\\Remind@handle", { n: 1 });
    expect(await redis.raw.zrange(`${PREFIX}queues:default:delayed`, 0, "-1", "WITHSCORES")).toEqual([
      pushed.payload,
      "1800000060",
    ]);
    expect(JSON.parse(pushed.payload).delay).toBe(60);
    expect(await queue.pop()).toBeNull();
    clock.advance(60_000);
    const popped = await queue.pop();
    expect(popped?.raw.toString()).toBe(pushed.payload);
  });

  it("bulk-pushes many jobs in one atomic call with a token each", async () => {
    const queue = redis.queue();
    const jobs = Array.from({ length: 250 }, (_, i) => ({ job: "App\\Jobs\\N@handle", data: { i } }));
    const pushed = await queue.bulk(jobs);
    expect(pushed).toHaveLength(250);
    expect(await redis.raw.llen(`${PREFIX}queues:default`)).toBe(250);
    expect(await redis.raw.llen(`${PREFIX}queues:default:notify`)).toBe(250);
  });

  it("refuses a raw payload without a numeric attempts, which Laravel's pop script would lose", async () => {
    const queue = redis.queue();
    await expect(queue.pushRaw('{"job":"X@y","data":[]}')).rejects.toMatchObject({
      code: "ERR_QUEUE_INVALID_PAYLOAD",
      reason: "attempts",
    });
    await expect(queue.pushRaw("not json")).rejects.toBeInstanceOf(InvalidPayloadError);
    expect(await redis.raw.exists(`${PREFIX}queues:default`)).toBe(0);
  });

  it("refuses numbers the pop script's cjson would rewrite, before anything is written", async () => {
    const queue = redis.queue();
    await expect(
      queue.push("App\\Jobs\\Pay@handle", { amount_cents: 123456789012345678n }),
    ).rejects.toMatchObject({ reason: "unsafe-number" });
    await expect(
      queue.push("App\\Jobs\\Pay@handle", { amount: 12.5 }, { financial: true }),
    ).rejects.toMatchObject({ reason: "financial-float" });
    expect(await queue.size()).toBe(0);
  });

  it("acknowledges with the exact reserved bytes: no orphans for /, non-ASCII, [], nested objects", async () => {
    const queue = redis.queue();
    const data = {
      url: "a/b/c",
      text: "Grüße 😀",
      empty: [],
      nested: { deep: { list: [1, { x: null }] } },
      big: "123456789012345678",
    };
    for (let i = 0; i < 50; i++) await queue.push("App\\Jobs\\Q4@handle", { ...data, i });
    for (let i = 0; i < 50; i++) {
      const popped = await queue.pop();
      expect(popped?.reserved?.toString()).toContain('"empty":{}');
      await queue.deleteReserved("default", popped?.reserved as Buffer);
    }
    expect(await redis.raw.zcard(`${PREFIX}queues:default:reserved`)).toBe(0);
  });

  it("returns an expired reservation to the list with attempts already incremented", async () => {
    const clock = new ManualClock(1_800_000_000_000);
    const queue = redis.queue({ retryAfter: 5 }, { clock });
    await queue.push("App\\Jobs\\Slow@handle", {});
    const first = await queue.pop();
    expect(JSON.parse(first?.reserved?.toString() ?? "{}").attempts).toBe(1);
    clock.advance(6_000);
    const second = await queue.pop();
    expect(JSON.parse(second?.raw.toString() ?? "{}").attempts).toBe(1);
    expect(JSON.parse(second?.reserved?.toString() ?? "{}").attempts).toBe(2);
  });

  it("releases the reserved copy to :delayed and clears all four keys", async () => {
    const clock = new ManualClock(1_800_000_000_000);
    const queue = redis.queue({}, { clock });
    await queue.push("App\\Jobs\\R@handle", {});
    const popped = await queue.pop();
    await queue.deleteAndRelease("default", popped?.reserved as Buffer, 30);
    expect(await redis.raw.zrange(`${PREFIX}queues:default:delayed`, 0, "-1", "WITHSCORES")).toEqual([
      popped?.reserved?.toString(),
      "1800000030",
    ]);
    expect(await queue.sizes()).toEqual({ pending: 0, delayed: 1, reserved: 0 });
    expect(await queue.clear()).toBe(1);
    expect(await redis.raw.keys(`${PREFIX}queues:*`)).toEqual([]);
  });
});
