import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisConnectionError } from "../../../src/errors/connection-error.js";
import { ConnectionManager } from "../../../src/redis/connection-manager.js";
import { type PrivateRedisServer, startRedisServer } from "../../helpers/redis-server.js";
import { redisConfig } from "./config-fixture.js";

let server: PrivateRedisServer;

beforeAll(async () => {
  // Save points on, so a failing snapshot makes Redis refuse writes (stop-writes-on-bgsave-error).
  server = await startRedisServer({ args: { save: "3600 1" } });
});
afterAll(async () => {
  // A server whose snapshots fail refuses SIGTERM ("can't exit"): kill it by pid first.
  await server.kill();
  await server.stop();
});

describe("persistence failure", () => {
  it("turns MISCONF into a RedisConnectionError that points at the snapshot", async () => {
    const admin = server.client();
    const [, dir] = (await admin.call("CONFIG", "GET", "dir")) as [string, string];
    rmSync(dir, { recursive: true, force: true });
    await admin.call("BGSAVE");
    await expect
      .poll(
        async () => /rdb_last_bgsave_status:err/.test((await admin.call("INFO", "persistence")) as string),
        {
          timeout: 10_000,
        },
      )
      .toBe(true);
    const manager = new ConnectionManager(redisConfig(server.port));
    try {
      const client = manager.connection();
      const error = (await client.set("k", "v").catch((e: unknown) => e)) as RedisConnectionError;
      expect(error).toBeInstanceOf(RedisConnectionError);
      expect(error.kind).toBe("misconf");
      expect(error.message).toMatch(/^Redis refuses writes because persistence is failing/);
      expect(error.hints.join(" ")).toMatch(/disk space/);
      expect(await client.get("k")).toBeNull();
    } finally {
      await manager.close();
    }
  });
});
