import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivateRedisServer, startRedisServer } from "../../helpers/redis-server.js";

describe("the private redis-server test helper", () => {
  let redis: PrivateRedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it("runs on its own loopback port, never 6379", async () => {
    expect(redis.port).not.toBe(6379);
    expect(await redis.client().ping()).toBe("PONG");
  });

  it("flushes, and applies CONFIG SET", async () => {
    const client = redis.client();
    await client.set("k", "v");
    await redis.flush();
    expect(await client.get("k")).toBeNull();
    await redis.configSet("maxmemory-policy", "noeviction");
    expect(await client.config("GET", "maxmemory-policy")).toEqual(["maxmemory-policy", "noeviction"]);
  });

  it("comes back on the same port after kill -9, empty", async () => {
    const before = redis.client();
    await before.set("k", "v");
    const port = redis.port;
    await redis.kill();
    await redis.restart();
    expect(redis.port).toBe(port);
    const after = redis.client();
    expect(await after.get("k")).toBeNull();
  });

  it("stops answering while paused and answers again after resume", async () => {
    const client = redis.client();
    await client.ping();
    redis.pause();
    const outcome = await Promise.race([
      client.ping().then(() => "answered"),
      new Promise((resolve) => setTimeout(() => resolve("silent"), 300)),
    ]);
    expect(outcome).toBe("silent");
    redis.resume();
    expect(await client.ping()).toBe("PONG");
  });
});
