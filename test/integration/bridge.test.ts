import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionOf } from "../../adapters/session/index.js";
import { BridgeError, ConfigError, createBridge, RedisConnectionError } from "../../src/index.js";
import { type PrivateRedisServer, startRedisServer } from "../helpers/redis-server.js";

// A throwaway key (32 bytes 0x01), the same placeholder the format reference uses; never a real key.
const APP_KEY = `base64:${Buffer.alloc(32, 1).toString("base64")}`;

async function clientCount(redis: PrivateRedisServer): Promise<number> {
  const admin = redis.client();
  const list = (await admin.client("LIST")) as string;
  admin.disconnect();
  return list.trim().split("\n").length - 1; // minus this admin connection
}

describe("createBridge()", () => {
  let redis: PrivateRedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis.stop();
  });

  const env = (): Record<string, string> => ({
    REDIS_PORT: String(redis.port),
    APP_NAME: "Wallet",
    APP_KEY,
    CACHE_STORE: "redis",
    LARAVEL_VERSION: "12",
  });

  it("opens no connection until a capability needs one", async () => {
    const before = await clientCount(redis);
    const bridge = createBridge({ env: env(), envFile: "/dev/null" });
    expect(await clientCount(redis)).toBe(before);
    await bridge.cache.put("lazy", "yes", 60);
    expect(await clientCount(redis)).toBeGreaterThan(before);
    await bridge.close();
  });

  it("writes the cache under Laravel 12's key layout in DB 1", async () => {
    const bridge = createBridge({ env: env(), envFile: "/dev/null" });
    await bridge.cache.put("balance-view", "cached", 60);
    const cacheDb = redis.client(1);
    expect(await cacheDb.get("wallet-database-wallet-cache-balance-view")).toBe('s:6:"cached";');
    expect(await bridge.cache.get("balance-view")).toBe("cached");
    await bridge.close();
  });

  it("takes Laravel locks on the default connection, and restores them by owner", async () => {
    const bridge = createBridge({ env: env(), envFile: "/dev/null" });
    const lock = bridge.lock("payout:42", 10);
    expect(await lock.get()).toBe(true);
    expect(await redis.client(0).get("wallet-database-wallet-cache-payout:42")).toBe(lock.owner());
    expect(await bridge.lock("payout:42", 10).get()).toBe(false);
    expect(await bridge.restoreLock("payout:42", lock.owner()).release()).toBe(true);
    await bridge.close();
  });

  it("builds Laravel's Encrypter from APP_KEY", async () => {
    const bridge = createBridge({ env: env(), envFile: "/dev/null" });
    const payload = bridge.encrypter.encryptString("hello");
    expect(bridge.encrypter.decryptString(payload)).toBe("hello");
    await bridge.close();
  });

  it("rejects a bad env with a ConfigError that names the variable", () => {
    expect(() => createBridge({ env: { ...env(), REDIS_PORT: "abc" }, envFile: "/dev/null" })).toThrow(
      ConfigError,
    );
    expect(() => createBridge({ env: { ...env(), REDIS_PORT: "abc" }, envFile: "/dev/null" })).toThrow(
      /REDIS_PORT/,
    );
  });

  it("says APP_KEY is the problem only when something needs encryption", () => {
    const bridge = createBridge({ env: { ...env(), APP_KEY: "" }, envFile: "/dev/null" });
    expect(() => bridge.encrypter).toThrow(/APP_KEY/);
  });

  it("serves Laravel's session and its cookie to Express through bridge.session()", async () => {
    const bridge = createBridge({ env: { ...env(), SESSION_DRIVER: "redis" }, envFile: "/dev/null" });
    const app = express();
    app.use(bridge.session());
    app.get("/visit", (req, res) => {
      const session = sessionOf(req);
      session.increment("visits");
      res.json({ visits: session.get("visits") });
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/visit`;
    try {
      const first = await fetch(url);
      const cookie = first.headers.getSetCookie().find((c) => c.startsWith("wallet-session="));
      expect(cookie).toBeDefined();
      expect(await first.json()).toEqual({ visits: 1 });
      const second = await fetch(url, { headers: { cookie: (cookie as string).split(";")[0] as string } });
      expect(await second.json()).toEqual({ visits: 2 });
    } finally {
      server.close();
      await bridge.close();
    }
  });

  it("refuses bridge.session() when the Laravel app does not keep sessions in Redis", () => {
    const bridge = createBridge({ env: { ...env(), SESSION_DRIVER: "file" }, envFile: "/dev/null" });
    expect(() => bridge.session()).toThrow(ConfigError);
  });

  it("pushes a string job onto Laravel's queue list through bridge.queue", async () => {
    const bridge = createBridge({ env: { ...env(), QUEUE_CONNECTION: "redis" }, envFile: "/dev/null" });
    await bridge.queue.push("App\\Jobs\\RecordAuditEvent@handle", { event: "login", userId: 7 });
    const raw = await redis.client(0).lrange("wallet-database-queues:default", 0, -1);
    expect(raw).toHaveLength(1);
    const payload = JSON.parse(raw[0] as string) as { job: string; data: unknown; attempts: number };
    expect(payload.job).toBe("App\\Jobs\\RecordAuditEvent@handle");
    expect(payload.data).toEqual({ event: "login", userId: 7 });
    expect(payload.attempts).toBe(0);
    await bridge.close();
  });

  it("runs a routine under a Laravel lock with a strictly increasing fence token", async () => {
    const bridge = createBridge({ env: env(), envFile: "/dev/null" });
    const first = await bridge.withLock("wallet:7", 10, ({ fenceToken }) => fenceToken);
    const second = await bridge.withLock("wallet:7", 10, ({ fenceToken }) => fenceToken);
    expect(typeof first).toBe("bigint");
    expect(typeof second).toBe("bigint");
    expect((second as bigint) > (first as bigint)).toBe(true);
    expect(await redis.client(0).exists("wallet-database-wallet-cache-wallet:7")).toBe(0);
    await bridge.close();
  });

  it("closes every connection, idempotently; later commands fail with a typed error", async () => {
    const bridge = createBridge({ env: env(), envFile: "/dev/null" });
    await bridge.cache.put("k", "v", 60);
    await bridge.close();
    await bridge.close();
    const error = await bridge.cache.put("k", "v", 60).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeError);
    expect(error instanceof RedisConnectionError || (error as BridgeError).code.startsWith("ERR_CACHE")).toBe(
      true,
    );
  });
});
