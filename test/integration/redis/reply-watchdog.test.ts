import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisConnectionError } from "../../../src/errors/connection-error.js";
import { ConnectionManager } from "../../../src/redis/connection-manager.js";
import { eventually } from "../../helpers/eventually.js";
import { type PrivateRedisServer, startRedisServer } from "../../helpers/redis-server.js";
import { redisConfig } from "./config-fixture.js";

const TIMEOUT_MS = 200;
let server: PrivateRedisServer;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});

function manager(): ConnectionManager {
  return new ConnectionManager(redisConfig(server.port), {
    commandTimeoutMs: TIMEOUT_MS,
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
  });
}

describe("the command timeout of a shared connection (reply watchdog)", () => {
  it("fails every command in flight as a timeout that may have run, after T and before 1.25 T plus slack", async () => {
    const connections = manager();
    try {
      const client = connections.connection();
      await client.ping();
      server.pause();
      const started = performance.now();
      const results = await Promise.allSettled([client.incr("a"), client.get("b"), client.set("c", "1")]);
      const elapsed = performance.now() - started;
      server.resume();
      for (const result of results) {
        expect(result.status).toBe("rejected");
        const error = (result as PromiseRejectedResult).reason as RedisConnectionError;
        expect(error).toBeInstanceOf(RedisConnectionError);
        expect(error.kind).toBe("timeout");
        expect(error.commandMayHaveRun).toBe(true);
        expect(error.message).toMatch(/did not reply within 200 ms \(command timeout\)/);
      }
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS);
      expect(elapsed).toBeLessThan(TIMEOUT_MS * 1.25 + 400);
      // The connection was dropped and comes back by itself; nothing was re-sent (the INCR may
      // have run once: it was on the wire when Redis froze).
      await eventually(() => client.ping());
      expect(Number(await client.get("a"))).toBeLessThanOrEqual(1);
    } finally {
      server.resume();
      await connections.close();
    }
  });

  it("times out one command that runs longer than T on an otherwise healthy server", async () => {
    const connections = manager();
    try {
      const client = connections.connection();
      await client.ping();
      const busy = `local t = redis.call('TIME')
local start = tonumber(t[1]) * 1000000 + tonumber(t[2])
repeat t = redis.call('TIME') until tonumber(t[1]) * 1000000 + tonumber(t[2]) - start > 600000
return 1`;
      const error = (await client.eval(busy, 0).catch((e: unknown) => e)) as RedisConnectionError;
      expect(error).toBeInstanceOf(RedisConnectionError);
      expect(error.kind).toBe("timeout");
      await eventually(() => client.ping());
    } finally {
      await connections.close();
    }
  });

  it("never fires while replies keep coming, however long the busy stretch lasts", async () => {
    const connections = manager();
    try {
      const client = connections.connection();
      const until = performance.now() + TIMEOUT_MS * 5;
      let commands = 0;
      while (performance.now() < until) {
        await Promise.all([client.incr("busy"), client.get("busy")]);
        commands += 2;
      }
      expect(Number(await client.get("busy"))).toBe(commands / 2);
    } finally {
      await connections.close();
    }
  });

  it("never fires on an idle connection", async () => {
    const connections = manager();
    try {
      const client = connections.connection();
      await client.ping();
      // Nothing pending for several timeouts: the watchdog has nothing to judge.
      await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 3));
      expect(await client.ping()).toBe("PONG");
      const list = (await server.client().call("CLIENT", "LIST")) as string;
      expect(list.split("\n").filter((line) => line.includes("name=laravel-bridge:default"))).toHaveLength(1);
    } finally {
      await connections.close();
    }
  });
});
