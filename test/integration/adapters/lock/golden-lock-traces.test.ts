import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseLock } from "../../../../adapters/lock/lua-scripts.js";
import { RedisLockProvider } from "../../../../adapters/lock/redis-lock-provider.js";
import { LockTimeoutError } from "../../../../src/errors/lock-errors.js";
import type { RedisClient } from "../../../../src/redis/client.js";
import { ManualClock } from "../../../../src/support/clock.js";
import { type GoldenVersion, loadGolden } from "../../../helpers/golden.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { fromGolden, type GoldenCommand, render } from "../cache/golden-trace.js";
import { Monitor } from "../cache/monitor.js";

interface GoldenOp {
  id: string;
  now: number;
  commands: GoldenCommand[];
  return: unknown;
}
interface GoldenLocks {
  config: { REDIS_PREFIX: string; CACHE_PREFIX: string };
  operations: GoldenOp[];
  releaseScript: { cases: Array<{ description: string; key: string; argv: string[]; result: number }> };
}

/** The owner each golden operation used (recorded: PHP's Str::random). */
function ownerOf(op: GoldenOp): string {
  const first = op.commands.find((c) => !c.fromLua);
  const args = (first?.args ?? []) as string[];
  return args[0] === "EVAL" ? (args[4] as string) : (args[2] as string);
}

let server: PrivateRedisServer;
const clients: Redis[] = [];
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await server.stop();
});

describe.each(["laravel-8", "laravel-12"] as GoldenVersion[])("RedisLock against %s", (version) => {
  const golden = loadGolden<GoldenLocks>(version, "locks");
  const storePrefix = version === "laravel-8" ? `${golden.config.CACHE_PREFIX}:` : golden.config.CACHE_PREFIX;
  let monitor: Monitor;
  let probe: Redis;
  let locks: RedisLockProvider;
  let fastLocks: RedisLockProvider;
  let first: ReturnType<RedisLockProvider["lock"]>;

  beforeAll(async () => {
    await server.flush();
    const client = new Redis({ port: server.port, db: 0, keyPrefix: golden.config.REDIS_PREFIX });
    probe = new Redis({ port: server.port });
    clients.push(client, probe);
    await Promise.all([client.ping(), probe.ping()]);
    await probe.script("LOAD", releaseLock.lua);
    locks = new RedisLockProvider(client as unknown as RedisClient, storePrefix);
    // block() with a clock that sleeping moves: the attempt count is Laravel's without waiting.
    const clock = new ManualClock(0);
    fastLocks = new RedisLockProvider(client as unknown as RedisClient, storePrefix, {
      clock,
      sleep: async (ms) => clock.advance(ms),
    });
    monitor = await Monitor.start(server.port);
  });
  afterAll(() => monitor.stop());

  const run: Record<string, (op: GoldenOp) => Promise<unknown>> = {
    "get-acquire": async (op) => {
      first = locks.lock("raimy-93", 10, ownerOf(op));
      return first.get();
    },
    owner: async () => first.owner(),
    isOwnedByCurrentProcess: () => first.isOwnedByCurrentProcess(),
    "get-contended": () => locks.lock("raimy-93", 10, "glrZipoVN8Lowxwg").get(),
    "release-not-owner": () => locks.lock("raimy-93", 10, "glrZipoVN8Lowxwg").release(),
    "release-owner": () => first.release(),
    "release-again": () => first.release(),
    "get-no-expiry": (op) => locks.lock("forever-maiq", 0, ownerOf(op)).get(),
    "restoreLock-release": (op) => locks.restoreLock("forever-maiq", ownerOf(op)).release(),
    "get-no-expiry-again": () => locks.lock("forever-maiq", 0, "owner-quuzouka").get(),
    forceRelease: () => locks.lock("forever-maiq").forceRelease(),
    "get-callback": (op) => locks.lock("job-zaroc", 30, ownerOf(op)).get(() => "ruquaig"),
    "block-timeout": async (op) => {
      await probe.set(`${golden.config.REDIS_PREFIX}${storePrefix}busy-vujytai`, "holder-5Tp3oK", "EX", 30);
      await monitor.sync(probe, "setup-busy");
      monitor.take();
      return fastLocks.lock("busy-vujytai", 30, ownerOf(op)).block(1);
    },
    "block-success": async (op) => {
      // The holder's 1 s lock expires while we poll every 250 ms (real time here: Redis expires it).
      await probe.set(`${golden.config.REDIS_PREFIX}${storePrefix}short-quyquad`, "holder", "PX", 1000);
      await monitor.sync(probe, "setup-short");
      monitor.take();
      return locks.lock("short-quyquad", 10, ownerOf(op)).block(3, () => "douplut");
    },
    isOwnedBy: () => locks.lock("busy-vujytai").isOwnedBy("holder-5Tp3oK"),
  };

  it.each(golden.operations.map((op) => [op.id, op] as const))(
    "%s sends Laravel's commands on the lock connection",
    async (id, op) => {
      monitor.take();
      const action = run[id];
      if (!action) throw new Error(`no action for ${id}`);
      const outcome = await action(op).catch((error: unknown) => error);
      await monitor.sync(probe, `sync-${id}`);
      const seen = monitor.take();
      if (id === "block-timeout") {
        expect(outcome).toBeInstanceOf(LockTimeoutError);
        // Laravel 11.20+ semantics on every version (the choice): 4 attempts for block(1);
        // 8.x's whole-second clock made 2 or 3. Each attempt is the golden SET.
        const attempt = render(fromGolden(op.commands.slice(0, 1)))[0];
        expect(render(seen)).toEqual([attempt, attempt, attempt, attempt]);
        return;
      }
      if (id === "block-success") {
        expect(outcome).toBe("douplut");
        // The number of attempts depends on where in the holder's second we start: compare the shape.
        const attempts = seen.filter((c) => c.args[0]?.toString().toUpperCase() === "SET");
        expect(attempts.length).toBeGreaterThanOrEqual(4);
        expect(render(seen.slice(attempts.length))).toEqual(render(fromGolden(op.commands.slice(-3))));
        expect(render(attempts.slice(0, 1))).toEqual(render(fromGolden(op.commands.slice(0, 1))));
        return;
      }
      expect(render(seen)).toEqual(render(fromGolden(op.commands)));
    },
  );

  it.each(golden.releaseScript.cases.map((c) => [c.description, c] as const))(
    "the release script answers like Laravel's: %s",
    async (_description, c) => {
      const raw = new Redis({ port: server.port });
      clients.push(raw);
      if (c.description === "owner mismatch") await raw.set(c.key, "owner-rsvkhoZd");
      const reply = await releaseLock.run(raw as unknown as RedisClient, [c.key], [c.argv[0] as string]);
      expect(reply).toBe(c.result);
    },
  );
});
