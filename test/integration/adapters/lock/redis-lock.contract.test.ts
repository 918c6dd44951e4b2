import { afterAll, beforeAll } from "vitest";
import { describeLock } from "../../../contracts/lock.contract.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { type RedisHarness, redisHarness } from "../cache/redis-harness.js";

let server: PrivateRedisServer;
let harness: RedisHarness;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await harness?.close();
  await server.stop();
});

describeLock("RedisLock", () => {
  harness = redisHarness(server, 12);
  return { makeLocks: (sleep) => harness.locks(sleep), elapse: harness.elapse, reset: harness.reset };
});
