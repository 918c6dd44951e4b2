import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisStore } from "../../../../adapters/cache/index.js";
import { ArraySessionHandler } from "../../../../adapters/session/array-session-handler.js";
import { CacheSessionHandler } from "../../../../adapters/session/cache-session-handler.js";
import { StoreSessionHandler } from "../../../../adapters/session/store-session-handler.js";
import type { RedisClient } from "../../../../src/redis/client.js";
import { describeSessionHandler } from "../../../contracts/session-handler.contract.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";

let redis: PrivateRedisServer;
let client: Redis;
const PREFIX = "laravel_cache:";

beforeAll(async () => {
  redis = await startRedisServer();
  client = new Redis({ port: redis.port, keyPrefix: "laravel_database_" });
});

afterAll(async () => {
  client.disconnect();
  await redis.stop();
});

const ttl = async (id: string) => client.ttl(`${PREFIX}${id}`);
const connection = () => client as unknown as RedisClient;

describeSessionHandler("CacheSessionHandler (Redis, pipelined per tick)", () => ({
  handler: new CacheSessionHandler({ connection: connection(), prefix: PREFIX }),
  ttl,
}));
describeSessionHandler("CacheSessionHandler (Redis, one command at a time)", () => ({
  handler: new CacheSessionHandler({ connection: connection(), prefix: PREFIX, batch: false }),
  ttl,
}));
describeSessionHandler("StoreSessionHandler over the cache's RedisStore", () => ({
  handler: new StoreSessionHandler(new RedisStore(connection(), PREFIX, { laravelVersion: 8 })),
  ttl,
}));
describeSessionHandler("ArraySessionHandler", () => ({ handler: new ArraySessionHandler() }));

describe("the two Redis session handlers", () => {
  it('store the same bytes Laravel\'s CacheBasedSessionHandler stores: s:N:"payload";', async () => {
    const payload = Buffer.from('a:1:{s:6:"_token";s:3:"abc";}', "latin1");
    const direct = new CacheSessionHandler({ connection: connection(), prefix: PREFIX });
    const viaStore = new StoreSessionHandler(new RedisStore(connection(), PREFIX, { laravelVersion: 8 }));
    await direct.write("A".repeat(40), payload, 60);
    await viaStore.write("B".repeat(40), payload, 60);
    const a = await client.getBuffer(`${PREFIX}${"A".repeat(40)}`);
    const b = await client.getBuffer(`${PREFIX}${"B".repeat(40)}`);
    expect(a?.toString("latin1")).toBe(`s:${payload.length}:"${payload.toString("latin1")}";`);
    expect(b).toEqual(a);
    expect(await viaStore.read("A".repeat(40))).toEqual(payload);
    expect(await direct.read("B".repeat(40))).toEqual(payload);
  });
});
