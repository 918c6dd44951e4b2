import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { add, flushTaggedChunkScript } from "../../../../adapters/cache/lua-scripts.js";
import { RedisStore } from "../../../../adapters/cache/redis-store.js";
import { Repository } from "../../../../adapters/cache/repository.js";
import { TaggedCache } from "../../../../adapters/cache/tags/tagged-cache.js";
import { phpValues } from "../../../../adapters/cache/value-mapper.js";
import { releaseLock } from "../../../../adapters/lock/lua-scripts.js";
import { RedisLockProvider } from "../../../../adapters/lock/redis-lock-provider.js";
import { PhpArray, PhpFloat, type PhpValue, unserialize } from "../../../../src/codecs/php/index.js";
import type { RedisClient } from "../../../../src/redis/client.js";
import { ManualClock } from "../../../../src/support/clock.js";
import { type GoldenVersion, goldenBytes, loadGolden } from "../../../helpers/golden.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { fromGolden, type GoldenCommand, render } from "./golden-trace.js";
import { Monitor } from "./monitor.js";

interface GoldenOp {
  id: string;
  php: string;
  now: number;
  commands: GoldenCommand[];
}
interface GoldenCache {
  config: { REDIS_PREFIX: string };
  storePrefix: string;
  operations: GoldenOp[];
  flexible?: GoldenOp[];
  flush: GoldenOp;
}

/** The value a golden write stored, decoded (the last argument of its SETEX/SET). */
function written(op: GoldenOp, index = 0): PhpValue {
  const writes = op.commands.filter((c) => !c.fromLua && /^(SETEX|SET)$/.test(String(c.args[0])));
  const bytes = goldenBytes(writes[index]?.args.at(-1) as string);
  return unserialize(bytes);
}

const arr = (...entries: Array<[string, PhpValue]>): PhpArray => new PhpArray(entries);
type Action = (cache: Repository, op: GoldenOp) => Promise<unknown>;

const actions: Record<string, Action> = {
  "put-string": (c, op) => c.put("str_zif", written(op), 60),
  "put-int": (c) => c.put("int_trazo", 13103n, 60),
  "put-float": (c) => c.put("float_pewuv", new PhpFloat(573.43), 60),
  "put-numeric-string": (c) => c.put("numstr_trys", "0118", 60),
  "put-bool-true": (c) => c.put("bool_mousou", true, 60),
  "put-bool-false": (c) => c.put("false_wiribr", false, 60),
  "put-null": (c) => c.put("null_pluha", null, 60),
  "put-array": (c, op) => c.put("arr_truny", written(op), 60),
  "put-object": (c, op) => c.put("obj_bryb", written(op), 60),
  "put-carbon": (c, op) => c.put("carbon_maice", written(op), 60),
  "put-datetime-ttl": (c, op) => c.put("dtttl_plouni", "touj", new Date((op.now + 90) * 1000)),
  "put-interval-ttl": (c) => c.put("intervalttl_fese", "touj", { minutes: 2 }),
  "put-zero-ttl": (c) => c.put("zero_taimu", "touj", 0),
  "get-hit-serialized": (c) => c.get("str_zif"),
  "get-hit-numeric": (c) => c.get("int_trazo"),
  "get-hit-float": (c) => c.get("float_pewuv"),
  "get-null-is-miss": (c) => c.get("null_pluha", "default-vahocoq"),
  "get-false": (c) => c.get("false_wiribr", "default-vahocoq"),
  "get-carbon": (c) => c.get("carbon_maice"),
  "get-miss": (c) => c.get("missing_str_zif"),
  has: (c) => c.has("arr_truny"),
  "add-miss": (c) => c.add("added_bry", "dipico", 30),
  "add-hit": (c) => c.add("added_bry", "douh", 30),
  "add-without-ttl": (c) => c.add("addnottl_jai", arr(["dico", 4n])),
  forever: (c) => c.forever("forever_byd", "paiquiv"),
  "put-counter": (c) => c.put("counter_koja", 26n, 300),
  "increment-existing": (c) => c.increment("counter_koja"),
  "increment-existing-by": (c) => c.increment("counter_koja", 31),
  "decrement-existing": (c) => c.decrement("counter_koja", 5),
  "increment-new": (c) => c.increment("newcounter_wiplut"),
  "decrement-new": (c) => c.decrement("deccounter_bra", 4),
  "get-counter": (c) => c.get("counter_koja"),
  putMany: (c) => c.putMany({ m1_quy: "ratafeb", m2_doujor: 23n, m3_fywuwo: arr(["x", "hufo"]) }, 120),
  many: (c) => c.many(["m1_quy", "m2_doujor", "m3_fywuwo", "missing_m1_quy"]),
  "remember-miss": (c) => c.remember("remember_souple", 60, () => arr(["fapl", 33n])),
  "remember-hit": (c) => c.remember("remember_souple", 60, () => "not called traf"),
  "rememberForever-miss": (c) => c.rememberForever("rememberf_cuvyt", () => 1155n),
  "put-for-pull": (c) => c.put("pull_kaisti", "kalawuv", 60),
  pull: (c) => c.pull("pull_kaisti"),
  "put-for-forget": (c) => c.put("forget_naw", "tristo", 60),
  forget: (c) => c.forget("forget_naw"),
  "forget-missing": (c) => c.forget("forget_naw"),
  "tags-put": (c) => c.tags(["hawoukic", "paijug"]).put("tagged_cai", "Cistouc", 60),
  "tags-get": (c) => c.tags(["hawoukic", "paijug"]).get("tagged_cai"),
  "tags-get-other-order": (c) => c.tags(["paijug", "hawoukic"]).get("tagged_cai"),
  "tags-forever": (c) => c.tags(["hawoukic", "paijug"]).forever("taggedf_zysaid", arr(["hystuh", 43n])),
  "tags-increment": (c) => c.tags(["hawoukic"]).increment("hits_tigez"),
  "tags-increment-again": (c) => c.tags(["hawoukic"]).increment("hits_tigez", 8),
  "tags-flush": (c) => c.tags(["hawoukic"]).flush(),
  "tags-get-after-flush": (c) => c.tags(["hawoukic", "paijug"]).get("tagged_cai"),
  "flexible-miss": (c) => c.flexible("flex_ryri", [5, 20], () => arr(["n", 58n])),
  "flexible-fresh": (c) => c.flexible("flex_ryri", [5, 20], () => arr(["n", 0n])),
  "flexible-stale": async (c) => {
    const value = await c.flexible("flex_ryri", [5, 20], () => arr(["n", 59n]), {
      lock: { owner: "KP1Pv9grxWyLEtGL" },
    });
    await c.whenRefreshed();
    return value;
  },
  "flexible-after-refresh": (c) => c.flexible("flex_ryri", [5, 20], () => arr(["n", 0n])),
};

let server: PrivateRedisServer;
const clients: Redis[] = [];

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await server.stop();
});

describe.each(["laravel-8", "laravel-12"] as GoldenVersion[])(
  "RedisStore and Repository against %s",
  (version) => {
    const golden = loadGolden<GoldenCache>(version, "cache");
    const laravelVersion = version === "laravel-8" ? 8 : 12;
    let monitor: Monitor;
    let cache: Repository;
    let probe: Redis;
    const clock = new ManualClock(golden.operations[0]?.now ? golden.operations[0].now * 1000 : 0);

    beforeAll(async () => {
      await server.flush();
      const prefix = golden.config.REDIS_PREFIX;
      const cacheClient = new Redis({ port: server.port, db: 1, keyPrefix: prefix });
      const lockClient = new Redis({ port: server.port, db: 0, keyPrefix: prefix });
      probe = new Redis({ port: server.port });
      clients.push(cacheClient, lockClient, probe);
      await Promise.all([cacheClient.ping(), lockClient.ping(), probe.ping()]);
      // Scripts are loaded up front so the trace shows one EVALSHA per call, not NOSCRIPT + EVAL.
      for (const script of [add, flushTaggedChunkScript, releaseLock]) await probe.script("LOAD", script.lua);
      const store = new RedisStore(cacheClient as unknown as RedisClient, golden.storePrefix, {
        laravelVersion,
        connectionPrefix: prefix,
        clock,
        locks: new RedisLockProvider(lockClient as unknown as RedisClient, golden.storePrefix, { clock }),
      });
      cache = new Repository(store, {
        clock,
        values: phpValues,
        taggedCache: (s, tags, options) => new TaggedCache(s, tags, options),
      });
      monitor = await Monitor.start(server.port);
    });
    afterAll(() => monitor.stop());

    const operations = [...golden.operations, ...(golden.flexible ?? []), golden.flush];
    const refreshOps = new Set(["flexible-deferred-refresh"]);

    it.each(operations.filter((op) => !refreshOps.has(op.id)).map((op) => [op.id, op] as const))(
      "%s sends the same commands, keys and bytes as Laravel",
      async (id, op) => {
        clock.set(op.now * 1000);
        monitor.take();
        const action = id === "flush" ? (c: Repository) => c.flush() : actions[id];
        if (!action) throw new Error(`no action for golden operation ${id}`);
        await action(cache, op);
        await monitor.sync(probe, `sync-${id}`);
        let expected = op.commands;
        if (id === "flexible-stale") {
          const refresh = golden.flexible?.find((o) => o.id === "flexible-deferred-refresh");
          expected = [...expected, ...(refresh?.commands ?? [])];
        }
        const randomIds = laravelVersion === 8 && id.startsWith("tags");
        expect(render(monitor.take(), { randomIds })).toEqual(render(fromGolden(expected), { randomIds }));
      },
    );
  },
);
