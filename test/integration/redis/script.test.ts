import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RedisConnectionError } from "../../../src/errors/connection-error.js";
import { ConnectionManager } from "../../../src/redis/connection-manager.js";
import { defineScript } from "../../../src/redis/script.js";
import { type PrivateRedisServer, startRedisServer } from "../../helpers/redis-server.js";
import { redisConfig } from "./config-fixture.js";

/**
 * Test script: store ARGV[1] under KEYS[1] and report the key name Redis saw and ARGV verbatim.
 *
 * KEYS[1]  the key      ARGV[1]  value      ARGV[2]  a key name passed as data
 * Returns  {KEYS[1], ARGV[2]}
 *
 * Origin: bridge (test fixture).
 */
const storeAndEcho = defineScript<[key: string], [value: string, keyAsData: string], [string, string]>({
  name: "test:storeAndEcho",
  numberOfKeys: 1,
  origin: "bridge",
  lua: "redis.call('set', KEYS[1], ARGV[1]); return {KEYS[1], ARGV[2]}",
});

let server: PrivateRedisServer;
let manager: ConnectionManager;

beforeAll(async () => {
  server = await startRedisServer();
  manager = new ConnectionManager(redisConfig(server.port));
});
afterAll(async () => {
  await manager.close();
  await server.stop();
});
beforeEach(async () => {
  await server.flush();
});

async function evalCalls(): Promise<{ eval: number; evalsha: number }> {
  const stats = (await server.client().call("INFO", "commandstats")) as string;
  const calls = (name: string) => Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
  return { eval: calls("eval"), evalsha: calls("evalsha") };
}

describe("defineScript().run", () => {
  it("prefixes KEYS with REDIS_PREFIX but passes ARGV through untouched", async () => {
    const reply = await storeAndEcho.run(manager.connection(), ["locks:report"], ["owner-1", "locks:report"]);
    expect(reply).toEqual(["laravel_database_locks:report", "locks:report"]);
    expect(await server.client().get("laravel_database_locks:report")).toBe("owner-1");
  });

  it("loads the script with EVAL once, then runs it by SHA1 only", async () => {
    await server.client().call("SCRIPT", "FLUSH");
    await server.client().call("CONFIG", "RESETSTAT");
    const client = manager.connection();
    await storeAndEcho.run(client, ["a"], ["1", "x"]);
    await storeAndEcho.run(client, ["b"], ["2", "x"]);
    await storeAndEcho.run(client, ["c"], ["3", "x"]);
    expect(await evalCalls()).toEqual({ eval: 1, evalsha: 3 });
    expect(await server.client().call("SCRIPT", "EXISTS", storeAndEcho.sha1)).toEqual([1]);
  });

  it("falls back to EVAL after SCRIPT FLUSH (NOSCRIPT) and still returns the reply", async () => {
    const client = manager.connection();
    await storeAndEcho.run(client, ["k"], ["before", "x"]);
    await server.client().call("SCRIPT", "FLUSH");
    expect(await storeAndEcho.run(client, ["k"], ["after", "x"])).toEqual(["laravel_database_k", "x"]);
    expect(await server.client().get("laravel_database_k")).toBe("after");
  });

  it("rejects a Lua error unchanged, and an operational refusal as RedisConnectionError", async () => {
    const broken = defineScript<[], [], never>({
      name: "test:broken",
      numberOfKeys: 0,
      origin: "bridge",
      lua: "return nil + 1",
    });
    const luaError = await broken.run(manager.connection(), [], []).catch((e: unknown) => e);
    expect(luaError).not.toBeInstanceOf(RedisConnectionError);
    expect((luaError as Error).message).toMatch(/attempt to perform arithmetic/);
    await server.configSet("maxmemory-policy", "noeviction");
    await server.configSet("maxmemory", "1");
    try {
      const oom = await storeAndEcho.run(manager.connection(), ["k"], ["v", "x"]).catch((e: unknown) => e);
      expect((oom as RedisConnectionError).kind).toBe("oom");
    } finally {
      await server.configSet("maxmemory", "0");
    }
  });

  it("refuses a call with the wrong number of keys before sending anything", async () => {
    await server.client().call("CONFIG", "RESETSTAT");
    const call = storeAndEcho.run(manager.connection(), [] as unknown as [string], ["v", "x"]);
    await expect(call).rejects.toThrow("Script [test:storeAndEcho] takes 1 keys, got 0.");
    expect(await evalCalls()).toEqual({ eval: 0, evalsha: 0 });
  });
});
