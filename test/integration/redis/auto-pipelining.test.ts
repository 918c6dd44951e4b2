import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisConnectionError } from "../../../src/errors/connection-error.js";
import { ConnectionManager } from "../../../src/redis/connection-manager.js";
import { type PrivateRedisServer, startRedisServer } from "../../helpers/redis-server.js";
import { redisConfig } from "./config-fixture.js";

let server: PrivateRedisServer;
let manager: ConnectionManager;

beforeAll(async () => {
  server = await startRedisServer();
  manager = new ConnectionManager(redisConfig(server.port), { autoPipelining: true });
});
afterAll(async () => {
  await manager.close();
  await server.stop();
});

/** How many socket reads the server has processed (Redis 7 `INFO stats` total_reads_processed). */
async function readsProcessed(): Promise<number> {
  const info = (await server.client().info("stats")) as string;
  const match = /total_reads_processed:(\d+)/.exec(info);
  if (!match) throw new Error("redis-server reports no total_reads_processed");
  return Number(match[1]);
}

describe("ConnectionManager with autoPipelining", () => {
  it("sends the commands of one event-loop turn in one batch, with prefixes and replies in order", async () => {
    const client = manager.connection("default");
    await client.set("warm", "1");
    const before = await readsProcessed();
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2 === 0 ? client.set(`k${i}`, String(i)) : client.get(`k${i - 1}`),
      ),
    );
    const reads = (await readsProcessed()) - before;
    // 200 commands, 1 read for our INFO call; a handful of reads means they arrived batched.
    expect(reads).toBeLessThan(10);
    expect(replies.filter((_, i) => i % 2 === 1)).toEqual(
      Array.from({ length: 100 }, (_, i) => String(2 * i)),
    );
    expect(await server.client().get("laravel_database_k0")).toBe("0");
  });

  it("still rejects with a typed RedisConnectionError when the server is gone", async () => {
    const other = new ConnectionManager(redisConfig(server.port), { autoPipelining: true });
    const client = other.connection("cache");
    await client.ping();
    await server.kill();
    try {
      const results = await Promise.allSettled([client.get("a"), client.get("b")]);
      for (const result of results) {
        expect(result.status).toBe("rejected");
        if (result.status === "rejected") expect(result.reason).toBeInstanceOf(RedisConnectionError);
      }
    } finally {
      await other.close();
      await server.restart();
    }
  });
});
