import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisConnectionError } from "../../../src/errors/connection-error.js";
import { ConnectionManager } from "../../../src/redis/connection-manager.js";
import { eventually } from "../../helpers/eventually.js";
import { type PrivateRedisServer, startRedisServer } from "../../helpers/redis-server.js";
import { redisConfig } from "./config-fixture.js";

let server: PrivateRedisServer;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});

describe("reconnecting", () => {
  it("comes back by itself after Redis is killed and restarted", async () => {
    const manager = new ConnectionManager(redisConfig(server.port), {
      retry: { baseDelayMs: 20, maxDelayMs: 100 },
    });
    try {
      const client = manager.connection();
      await client.set("before", "1");
      await server.kill();
      await server.restart();
      await eventually(() => client.set("after", "2"), { intervalMs: 0 });
      expect(await server.client().get("laravel_database_after")).toBe("2");
    } finally {
      await manager.close();
    }
  });

  it("fails a command issued during the outage at once, with the real cause, and never sends it later", async () => {
    const manager = new ConnectionManager(redisConfig(server.port), {
      retry: { baseDelayMs: 200, maxDelayMs: 400 },
    });
    try {
      const client = manager.connection();
      await client.ping();
      await server.kill();
      await eventually(
        async () => {
          const error = await client.rpush("queues:default", "job-during-outage").then(
            () => undefined,
            (e: unknown) => e,
          );
          if (!(error instanceof RedisConnectionError) || error.kind !== "refused")
            throw new Error("not down yet");
        },
        { intervalMs: 0 },
      );
      const started = performance.now();
      const error = (await client
        .rpush("queues:default", "job-2")
        .catch((e: unknown) => e)) as RedisConnectionError;
      expect(performance.now() - started).toBeLessThan(250);
      expect(error).toBeInstanceOf(RedisConnectionError);
      expect(["refused", "reset"]).toContain(error.kind);
      expect(error.commandMayHaveRun).toBe(false);
      await server.restart();
      await eventually(() => client.ping(), { intervalMs: 0 });
      expect(await client.llen("queues:default")).toBe(0);
    } finally {
      await manager.close();
    }
  });

  it("rejects a push in flight when the connection drops, as 'lost', and does not re-send it (ioredis' default would)", async () => {
    const manager = new ConnectionManager(redisConfig(server.port), {
      retry: { baseDelayMs: 20, maxDelayMs: 100 },
    });
    // Control: ioredis with its defaults re-sends unfulfilled commands after reconnecting.
    const control = new Redis({ port: server.port, keyPrefix: "control_" });
    control.on("error", () => {});
    try {
      const client = manager.connection();
      await Promise.all([client.ping(), control.ping()]);
      // Frozen Redis: both RPUSHes are written to the socket but not executed...
      server.pause();
      const ours = client.rpush("queues:default", "job-1").catch((e: unknown) => e);
      const theirs = control.rpush("queues:default", "job-1");
      // ...then the process dies and a fresh, empty one takes the port.
      await server.restart();
      const error = (await ours) as RedisConnectionError;
      expect(error).toBeInstanceOf(RedisConnectionError);
      expect(error.kind).toBe("lost");
      expect(error.commandMayHaveRun).toBe(true);
      expect(error.message).toMatch(/was lost while the command was in flight; it may or may not have run/);
      expect(await theirs).toBe(1);
      await eventually(() => client.ping(), { intervalMs: 0 });
      const raw = server.client();
      expect(await raw.llen("laravel_database_queues:default")).toBe(0);
      expect(await raw.llen("control_queues:default")).toBe(1);
    } finally {
      control.disconnect();
      await manager.close();
    }
  });

  it("gives up after maxAttempts and reports why, for short-lived tools like the doctor", async () => {
    const manager = new ConnectionManager(redisConfig(server.port), { retry: { maxAttempts: 0 } });
    try {
      const client = manager.connection();
      await client.ping();
      await server.kill();
      await eventually(
        async () => {
          const error = await client.ping().then(
            () => undefined,
            (e: unknown) => e,
          );
          if (!(error instanceof RedisConnectionError)) throw new Error("still up");
        },
        { intervalMs: 0 },
      );
      await server.restart();
      const error = (await client.ping().catch((e: unknown) => e)) as RedisConnectionError;
      expect(error).toBeInstanceOf(RedisConnectionError);
      expect(error.kind).not.toBe("closed");
    } finally {
      await manager.close();
    }
  });
});
