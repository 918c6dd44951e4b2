import { afterAll, beforeAll } from "vitest";
import { describeStore } from "../../../contracts/store.contract.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { type RedisHarness, redisHarness } from "./redis-harness.js";

let server: PrivateRedisServer;
const harnesses: RedisHarness[] = [];

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  for (const h of harnesses) await h.close();
  await server.stop();
});

for (const version of [8, 12] as const) {
  describeStore(`RedisStore with Laravel ${version}'s layout`, () => {
    const h = redisHarness(server, version);
    harnesses.push(h);
    return h;
  });
}
