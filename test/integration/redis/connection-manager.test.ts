import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors/config-error.js";
import { RedisConnectionError } from "../../../src/errors/connection-error.js";
import { createLogger } from "../../../src/observability/logger.js";
import { ConnectionManager } from "../../../src/redis/connection-manager.js";
import { scanWithoutPrefix } from "../../../src/redis/keys.js";
import { type PrivateRedisServer, startRedisServer } from "../../helpers/redis-server.js";
import { redisConfig } from "./config-fixture.js";

let server: PrivateRedisServer;
let manager: ConnectionManager;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await manager?.close();
  await server.stop();
});
beforeEach(async () => {
  await manager?.close();
  await server.flush();
  manager = new ConnectionManager(redisConfig(server.port));
});

async function bridgeClientCount(): Promise<number> {
  const list = (await server.client().call("CLIENT", "LIST")) as string;
  return list.split("\n").filter((line) => line.includes("name=laravel-bridge:")).length;
}

describe("ConnectionManager", () => {
  it("connects lazily, on the first command, and hands out one client per connection name", async () => {
    const first = manager.connection("default");
    expect(manager.connection("default")).toBe(first);
    expect(manager.connection()).toBe(first);
    expect(await bridgeClientCount()).toBe(0);
    await first.set("a", "1");
    expect(await bridgeClientCount()).toBe(1);
  });

  it("applies REDIS_PREFIX to keys like phpredis, and selects each connection's database", async () => {
    await manager.connection("default").set("greeting", "hello");
    await manager.connection("cache").set("greeting", "cached");
    expect(await server.client(0).get("laravel_database_greeting")).toBe("hello");
    expect(await server.client(1).get("laravel_database_greeting")).toBe("cached");
    expect(await server.client(0).exists("greeting")).toBe(0);
  });

  it("prefixes EVAL KEYS but not ARGV", async () => {
    const reply = await manager
      .connection()
      .eval("redis.call('set', KEYS[1], ARGV[1]); return KEYS[1]", 1, "k", "v");
    expect(reply).toBe("laravel_database_k");
    expect(await server.client().get("laravel_database_k")).toBe("v");
  });

  it("does not prefix SCAN patterns, and scanWithoutPrefix gives back keys the client can use", async () => {
    const client = manager.connection();
    await client.set("laravel_cache:a", "1");
    await client.set("laravel_cache:b", "2");
    await server.client().set("other_app_laravel_cache:c", "3");
    const [, raw] = await client.scan("0", "MATCH", "laravel_cache:*", "COUNT", 1000);
    expect(raw).toEqual([]);
    const keys: string[] = [];
    for await (const key of scanWithoutPrefix(client, manager.prefix(), "laravel_cache:*")) keys.push(key);
    expect(keys.sort()).toEqual(["laravel_cache:a", "laravel_cache:b"]);
    expect(await client.get(keys[0] as string)).toBe("1");
  });

  it("uses a connection's own prefix instead of REDIS_PREFIX when the config gives one", async () => {
    const own = new ConnectionManager(redisConfig(server.port, { cache: { prefix: "conn_" } }));
    try {
      expect(own.prefix("cache")).toBe("conn_");
      expect(own.prefix("default")).toBe("laravel_database_");
      await own.connection("cache").set("k", "v");
      expect(await server.client(1).get("conn_k")).toBe("v");
    } finally {
      await own.close();
    }
  });

  it("sends no AUTH for an empty REDIS_PASSWORD, and warns when a password is set but not needed", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "warn", destination: { write: (line) => void lines.push(line) } });
    const config = redisConfig(server.port, { default: { password: "" }, cache: { password: "not-needed" } });
    const own = new ConnectionManager(config, { logger });
    try {
      await own.connection("default").ping();
      expect(lines).toEqual([]);
      await own.connection("cache").ping();
      expect(lines.join("")).toContain("REDIS_PASSWORD is set but the Redis server requires no password.");
      expect(lines.join("")).not.toContain("not-needed");
    } finally {
      await own.close();
    }
  });

  it("passes server replies that are not connection problems through unchanged", async () => {
    const client = manager.connection();
    await client.set("text", "x");
    const error = await client.lpush("text", "y").catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(RedisConnectionError);
    expect((error as Error).message).toMatch(/^WRONGTYPE/);
    const script = await client.eval("return redis.call('nope')", 0).catch((e: unknown) => e);
    expect((script as Error).message).toMatch(/Unknown Redis command/i);
  });

  it("keeps multi and pipeline working and reports their per-command results", async () => {
    const client = manager.connection();
    expect(await client.multi().set("m", "1").incr("m").exec()).toEqual([
      [null, "OK"],
      [null, 2],
    ]);
    const results = await client.pipeline().set("p", "x").incr("p").exec();
    expect(results?.[0]).toEqual([null, "OK"]);
    expect(results?.[1]?.[0]).toBeInstanceOf(Error);
    expect(String(results?.[1]?.[0])).toMatch(/not an integer/);
  });

  it("answers ping with the round trip in milliseconds", async () => {
    const ms = await manager.ping("cache");
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThan(5000);
  });

  it("gives each blockingConnection() its own socket, so a BLPOP does not stall the shared client", async () => {
    const worker = manager.blockingConnection();
    const other = manager.blockingConnection();
    expect(other).not.toBe(worker);
    const popped = worker.blpop("queues:default:notify", 5);
    expect(await manager.connection().set("still", "responsive")).toBe("OK");
    await manager.connection().rpush("queues:default:notify", "1");
    expect(await popped).toEqual(["laravel_database_queues:default:notify", "1"]);
    await worker.close();
    await other.close();
  });

  it("refuses an unknown connection name with the names it knows", () => {
    expect(() => manager.connection("sessions")).toThrow(ConfigError);
    expect(() => manager.connection("sessions")).toThrow(
      "Redis connection [sessions] not configured (configured: default, cache).",
    );
  });

  it("closes every connection once, and rejects later commands as closed", async () => {
    const client = manager.connection();
    await client.set("x", "1");
    const blocking = manager.blockingConnection();
    const pending = blocking.blpop("never", 0).catch((e: unknown) => e);
    await expect(bridgeClientCount()).resolves.toBe(2);
    const closing = manager.close();
    expect(manager.close()).toBe(closing);
    await closing;
    const error = await client.get("x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisConnectionError);
    expect((error as RedisConnectionError).kind).toBe("closed");
    expect(((await pending) as RedisConnectionError).kind).toBe("closed");
    expect(() => manager.connection("cache")).toThrow(RedisConnectionError);
  });
});
