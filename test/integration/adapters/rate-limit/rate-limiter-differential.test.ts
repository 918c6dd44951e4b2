/**
 * Differential test of the one-round-trip scripts: random sequences of limiter calls run (A) through
 * our RateLimiter and (B) as the separate commands Laravel's RateLimiter + Repository + RedisStore
 * send (the `add` EVAL text is the one recorded from Laravel 8.83 in the golden trace). After every
 * call both prefixes must hold the same values and TTLs and the calls must answer the same.
 */
import fc from "fast-check";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, unixSeconds } from "../../../../src/support/clock.js";
import { loadGolden } from "../../../helpers/golden.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { type LimiterFixture, limiterOn } from "./fixtures.js";

interface Golden {
  operations: Array<{ id: string; commands: Array<{ args: string[] }> }>;
}
const ADD_SCRIPT = loadGolden<Golden>("laravel-8", "rate-limiter")
  .operations.find((o) => o.id === "hit-1")
  ?.commands.find((c) => c.args[0] === "EVAL")?.args[1] as string;

type Call =
  | { op: "increment"; key: string; decay: number; amount: number }
  | { op: "tooManyAttempts"; key: string; max: number }
  | { op: "consume"; key: string; max: number; decay: number }
  | { op: "clear"; key: string }
  | { op: "resetAttempts"; key: string }
  | { op: "attempts"; key: string };

const key = fc.constantFrom("a", "b:c", "d");
const decay = fc.constantFrom(0, 60, 120);
const call: fc.Arbitrary<Call> = fc.oneof(
  fc.record({ op: fc.constant("increment" as const), key, decay, amount: fc.integer({ min: -1, max: 2 }) }),
  fc.record({ op: fc.constant("tooManyAttempts" as const), key, max: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant("consume" as const), key, max: fc.integer({ min: 0, max: 3 }), decay }),
  fc.record({ op: fc.constant("clear" as const), key }),
  fc.record({ op: fc.constant("resetAttempts" as const), key }),
  fc.record({ op: fc.constant("attempts" as const), key }),
);

/** Laravel's calls, command by command (RateLimiter 12.57+ = 8.x for amount 1). */
class LaravelReference {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly clock: ManualClock,
  ) {}
  async increment(k: string, d: number, amount: number): Promise<number> {
    const counter = this.prefix + k;
    let added = false;
    if (d > 0) {
      await this.redis.eval(ADD_SCRIPT, 1, `${counter}:timer`, unixSeconds(this.clock) + d, d);
      added = (await this.redis.eval(ADD_SCRIPT, 1, counter, 0, d)) !== null;
    }
    const hits = await this.redis.incrby(counter, amount);
    if (!added && hits === amount) {
      if (d > 0) await this.redis.setex(counter, d, amount);
      else await this.redis.del(counter);
    }
    return hits;
  }
  async tooManyAttempts(k: string, max: number): Promise<boolean> {
    const counter = this.prefix + k;
    if (Number((await this.redis.get(counter)) ?? 0) >= max) {
      if ((await this.redis.get(`${counter}:timer`)) !== null) return true;
      await this.redis.del(counter);
    }
    return false;
  }
}

let server: PrivateRedisServer;
let node: LimiterFixture;
let php: Redis;
const clock = new ManualClock(Date.UTC(2026, 5, 1));
beforeAll(async () => {
  server = await startRedisServer();
  node = limiterOn(server, { redisPrefix: "A_", cachePrefix: "cache:", clock, db: 0 });
  php = server.client(0);
});
afterAll(async () => {
  node.client.disconnect();
  await server.stop();
});

async function state(prefix: string): Promise<string[]> {
  const keys = (await php.keys(`${prefix}*`)).sort();
  return Promise.all(
    keys.map(async (k) => `${k.slice(prefix.length)}=${await php.get(k)} ttl=${await php.ttl(k)}`),
  );
}

describe("RateLimiter scripts against Laravel's command sequence", () => {
  it("leave the same keys, values and TTLs and answer the same after any sequence of calls", async () => {
    const laravel = new LaravelReference(php, "B_cache:", clock);
    const { limiter } = node;
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 25 }), async (calls) => {
        await server.flush();
        for (const c of calls) {
          let ours: unknown;
          let theirs: unknown;
          if (c.op === "increment") {
            ours = await limiter.increment(c.key, c.decay, c.amount);
            theirs = await laravel.increment(c.key, c.decay, c.amount);
          } else if (c.op === "tooManyAttempts") {
            ours = await limiter.tooManyAttempts(c.key, c.max);
            theirs = await laravel.tooManyAttempts(c.key, c.max);
          } else if (c.op === "consume") {
            const r = await limiter.consume(c.key, c.max, c.decay);
            ours = r.allowed ? r.attempts : false;
            theirs = (await laravel.tooManyAttempts(c.key, c.max))
              ? false
              : await laravel.increment(c.key, c.decay, 1);
          } else if (c.op === "clear") {
            await limiter.clear(c.key);
            await php.del(`B_cache:${c.key}`, `B_cache:${c.key}:timer`);
          } else if (c.op === "resetAttempts") {
            await limiter.resetAttempts(c.key);
            await php.del(`B_cache:${c.key}`);
          } else {
            ours = await limiter.attempts(c.key);
            theirs = Number((await php.get(`B_cache:${c.key}`)) ?? 0);
          }
          expect(ours).toEqual(theirs);
          expect(await state("A_")).toEqual(await state("B_"));
        }
      }),
      { numRuns: 60, seed: 6 },
    );
  });
});
