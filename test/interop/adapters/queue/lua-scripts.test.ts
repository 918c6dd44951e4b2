/**
 * Differential proof (STYLE §C.6): every queue script with `origin.laravel` behaves like Laravel
 * 8.83's own script, read at test time from the installed package. Both run on twin states (DB 0 =
 * Laravel's script, DB 1 = ours) of one private redis-server; replies and keys are compared byte for byte.
 */
import { execFileSync } from "node:child_process";
import fc from "fast-check";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as scripts from "../../../../adapters/queue/lua-scripts.js";
import type { RedisClient } from "../../../../src/redis/client.js";
import { assertPhpLaravelInstalled } from "../../../helpers/php.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";

function laravelScript(name: string): string {
  return execFileSync(
    "php",
    [
      "-r",
      `require "/usr/share/php/Illuminate/autoload.php"; echo Illuminate\\Queue\\LuaScripts::${name}();`,
    ],
    {
      encoding: "utf8",
    },
  );
}

const Q = "queues:diff";
const KEYS = { queue: Q, delayed: `${Q}:delayed`, reserved: `${Q}:reserved`, notify: `${Q}:notify` };

let server: PrivateRedisServer;
let theirs: Redis;
let ours: Redis;
const laravel: Record<string, string> = {};

beforeAll(async () => {
  assertPhpLaravelInstalled();
  server = await startRedisServer();
  theirs = server.client(0);
  ours = server.client(1);
  for (const name of ["push", "pop", "release", "migrateExpiredJobs", "size", "clear"])
    laravel[name] = laravelScript(name);
});
afterAll(async () => {
  await server.stop();
});

async function dump(client: Redis): Promise<unknown> {
  const [queue, notify, delayed, reserved] = await Promise.all([
    client.lrangeBuffer(KEYS.queue, 0, -1),
    client.lrangeBuffer(KEYS.notify, 0, -1),
    client.callBuffer("zrange", KEYS.delayed, 0, -1, "WITHSCORES") as Promise<Buffer[]>,
    client.callBuffer("zrange", KEYS.reserved, 0, -1, "WITHSCORES") as Promise<Buffer[]>,
  ]);
  const hex = (list: Buffer[]) => list.map((b) => b.toString("hex"));
  return { queue: hex(queue), notify: hex(notify), delayed: hex(delayed), reserved: hex(reserved) };
}

type Op =
  | { kind: "push"; payload: string }
  | { kind: "pop"; until: number }
  | { kind: "release"; index: number; at: number }
  | { kind: "migrate"; from: "delayed" | "reserved"; now: number }
  | { kind: "size" }
  | { kind: "zadd"; payload: string; at: number };

const jsonLeaf = fc.oneof(
  fc.string(),
  fc.constantFrom("a/b", "ünïcode", '😀 / \\ "q"', "", "\u2028"),
  fc.integer(),
  fc.constantFrom(Number("123456789012345678"), Number("9007199254740993"), 0.1, 1e-7, 1.5, -0, 1e21),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const jsonData = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    jsonLeaf,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie("value"), { maxKeys: 4 }),
  ),
})).value;
const payload = fc
  .record({ uuid: fc.uuid(), attempts: fc.nat(5), data: jsonData, job: fc.constant("App\\Jobs\\X@handle") })
  .map((p) => JSON.stringify(p).replaceAll("/", "\\/"));
const op: fc.Arbitrary<Op> = fc.oneof(
  payload.map((p) => ({ kind: "push" as const, payload: p })),
  fc.integer({ min: 0, max: 100 }).map((until) => ({ kind: "pop" as const, until })),
  fc
    .record({ index: fc.nat(4), at: fc.integer({ min: 0, max: 100 }) })
    .map((r) => ({ kind: "release" as const, ...r })),
  fc
    .record({
      from: fc.constantFrom("delayed" as const, "reserved" as const),
      now: fc.integer({ min: 0, max: 100 }),
    })
    .map((r) => ({ kind: "migrate" as const, ...r })),
  fc.constant({ kind: "size" as const }),
  fc.record({ payload, at: fc.integer({ min: 0, max: 100 }) }).map((r) => ({ kind: "zadd" as const, ...r })),
);

async function apply(client: Redis, mine: boolean, step: Op): Promise<unknown> {
  const c = client as unknown as RedisClient;
  switch (step.kind) {
    case "push":
      return mine
        ? scripts.push.run(c, [KEYS.queue, KEYS.notify], [step.payload])
        : client.eval(laravel.push as string, 2, KEYS.queue, KEYS.notify, step.payload);
    case "pop":
      return mine
        ? scripts.pop.run(c, [KEYS.queue, KEYS.reserved, KEYS.notify], [step.until])
        : client.eval(laravel.pop as string, 3, KEYS.queue, KEYS.reserved, KEYS.notify, step.until);
    case "release": {
      const members = await client.zrange(KEYS.reserved, 0, "-1");
      const member = members[step.index % Math.max(members.length, 1)] ?? '{"attempts":0,"job":"Absent@x"}';
      return mine
        ? scripts.release.run(c, [KEYS.delayed, KEYS.reserved], [member, step.at])
        : client.eval(laravel.release as string, 2, KEYS.delayed, KEYS.reserved, member, step.at);
    }
    case "migrate": {
      const from = KEYS[step.from];
      return mine
        ? scripts.migrateExpiredJobs.run(c, [from, KEYS.queue, KEYS.notify], [step.now])
        : client.eval(laravel.migrateExpiredJobs as string, 3, from, KEYS.queue, KEYS.notify, step.now);
    }
    case "size":
      return mine
        ? scripts.size.run(c, [KEYS.queue, KEYS.delayed, KEYS.reserved], [])
        : client.eval(laravel.size as string, 3, KEYS.queue, KEYS.delayed, KEYS.reserved);
    case "zadd":
      return client.zadd(KEYS.delayed, String(step.at), step.payload);
  }
}

describe("queue Lua scripts against Laravel 8.83's own", () => {
  it("leave identical replies and keys for any sequence of push, pop, release, migrate and size", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        await theirs.flushdb();
        await ours.flushdb();
        for (const step of ops) {
          const [a, b] = await Promise.all([apply(theirs, false, step), apply(ours, true, step)]);
          expect(b).toEqual(a);
        }
        expect(await dump(ours)).toEqual(await dump(theirs));
        const [ca, cb] = await Promise.all([
          theirs.eval(laravel.clear as string, 4, KEYS.queue, KEYS.delayed, KEYS.reserved, KEYS.notify),
          scripts.clear.run(
            ours as unknown as RedisClient,
            [KEYS.queue, KEYS.delayed, KEYS.reserved, KEYS.notify],
            [],
          ),
        ]);
        expect(cb).toEqual(ca);
        expect(await dump(ours)).toEqual(await dump(theirs));
      }),
      { numRuns: 150 },
    );
  });

  it("popBatch equals ZREM acks + Laravel's two migrations + k pops run one by one", async () => {
    const setup = fc.array(
      fc.oneof(
        payload.map((p) => ({ kind: "push" as const, payload: p })),
        fc
          .record({ payload, at: fc.integer({ min: 0, max: 100 }) })
          .map((r) => ({ kind: "zadd" as const, ...r })),
        fc.integer({ min: 0, max: 100 }).map((until) => ({ kind: "pop" as const, until })),
      ),
      { maxLength: 15 },
    );
    const step = fc.record({
      now: fc.integer({ min: 0, max: 100 }),
      pops: fc.integer({ min: 1, max: 4 }),
      acks: fc.nat(3),
      migrateReserved: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(setup, step, async (ops, st) => {
        await theirs.flushdb();
        await ours.flushdb();
        for (const o of ops) await Promise.all([apply(theirs, false, o), apply(ours, false, o)]);
        const acks = (await theirs.zrange(KEYS.reserved, 0, "-1")).slice(0, st.acks);
        const until = st.now + 90;
        const expected: unknown[] = [];
        for (const a of acks) await theirs.zrem(KEYS.reserved, a);
        await theirs.eval(
          laravel.migrateExpiredJobs as string,
          3,
          KEYS.delayed,
          KEYS.queue,
          KEYS.notify,
          st.now,
        );
        if (st.migrateReserved)
          await theirs.eval(
            laravel.migrateExpiredJobs as string,
            3,
            KEYS.reserved,
            KEYS.queue,
            KEYS.notify,
            st.now,
          );
        for (let i = 0; i < st.pops; i++) {
          const [job, reserved] = (await theirs.eval(
            laravel.pop as string,
            3,
            KEYS.queue,
            KEYS.reserved,
            KEYS.notify,
            until,
          )) as [string | null, string | null];
          if (job === null) break;
          expected.push(job, reserved);
        }
        const got = await scripts.popBatch.run(
          ours as unknown as RedisClient,
          [KEYS.queue, KEYS.delayed, KEYS.reserved, KEYS.notify],
          [st.now, until, "", st.migrateReserved ? "1" : "0", st.pops, ...acks],
        );
        expect(got).toEqual(expected);
        expect(await dump(ours)).toEqual(await dump(theirs));
      }),
      { numRuns: 150 },
    );
  });

  it("re-encode the reserved copy exactly like Laravel for the recorded cjson pitfalls", async () => {
    const p =
      '{"data":{"amount_cents":123456789012345678,"ratio":0.1,"url":"a\\/b","empty_arr":[]},"big":9007199254740993,"attempts":0}';
    await theirs.flushdb();
    await ours.flushdb();
    await theirs.rpush(KEYS.queue, p);
    await ours.rpush(KEYS.queue, p);
    const a = (await theirs.eval(
      laravel.pop as string,
      3,
      KEYS.queue,
      KEYS.reserved,
      KEYS.notify,
      10,
    )) as string[];
    const b = await scripts.pop.run(
      ours as unknown as RedisClient,
      [KEYS.queue, KEYS.reserved, KEYS.notify],
      [10],
    );
    expect(b).toEqual(a);
    expect(a[1]).toContain('"amount_cents":1.2345678901235e+17');
    expect(a[1]).toContain('"empty_arr":{}');
  });

  it("hand back a payload without numeric attempts instead of losing it (Laravel's script errors after LPOP)", async () => {
    await ours.flushdb();
    await ours.rpush(KEYS.queue, '{"job":"X@y"}', "not json");
    await ours.rpush(KEYS.notify, "1", "1");
    const c = ours as unknown as RedisClient;
    expect(await scripts.pop.run(c, [KEYS.queue, KEYS.reserved, KEYS.notify], [10])).toEqual([
      '{"job":"X@y"}',
      null,
    ]);
    expect(await scripts.pop.run(c, [KEYS.queue, KEYS.reserved, KEYS.notify], [10])).toEqual([
      "not json",
      null,
    ]);
    expect(await ours.zcard(KEYS.reserved)).toBe(0);
    expect(await ours.llen(KEYS.notify)).toBe(0);
  });

  it("migrate with Laravel 9.23+'s batch limit takes only the lowest scores", async () => {
    await ours.flushdb();
    await ours.zadd(KEYS.delayed, "3", "c", "1", "a", "2", "b", "50", "later");
    const c = ours as unknown as RedisClient;
    expect(await scripts.migrateExpiredJobs.run(c, [KEYS.delayed, KEYS.queue, KEYS.notify], [10, 2])).toEqual(
      ["a", "b"],
    );
    expect(await ours.lrange(KEYS.queue, 0, -1)).toEqual(["a", "b"]);
    expect(
      await scripts.migrateExpiredJobs.run(c, [KEYS.delayed, KEYS.queue, KEYS.notify], [10, -1]),
    ).toEqual(["c"]);
    expect(await ours.zrange(KEYS.delayed, 0, "-1")).toEqual(["later"]);
    expect(await ours.llen(KEYS.notify)).toBe(3);
  });
});
