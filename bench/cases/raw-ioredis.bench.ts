/**
 * The baseline every later Redis case is compared with: raw ioredis GET/SET against a private
 * redis-server, sequential and with 100 calls in flight (plain and with autopipelining).
 */
import { Redis } from "ioredis";
import { type PrivateRedisServer, startRedisServer } from "../../test/helpers/redis-server.js";
import type { BenchSuite } from "../runner.js";

let server: PrivateRedisServer;
let plain: Redis;
let pipelined: Redis;
const value = "x".repeat(64);

export const suite: BenchSuite = {
  name: "raw-ioredis",
  async setup() {
    server = await startRedisServer();
    plain = new Redis({ port: server.port, host: server.host });
    pipelined = new Redis({ port: server.port, host: server.host, enableAutoPipelining: true });
    await plain.set("bench:key", value);
  },
  async teardown() {
    plain.disconnect();
    pipelined.disconnect();
    await server.stop();
  },
  cases: [
    { group: "GET sequential", name: "ioredis GET", fn: () => plain.get("bench:key") },
    { group: "SET sequential", name: "ioredis SET", fn: () => plain.set("bench:key", value) },
    { group: "GET ×100 in flight", name: "ioredis GET", concurrency: 100, fn: () => plain.get("bench:key") },
    {
      group: "GET ×100 in flight",
      name: "ioredis GET (autopipelining)",
      concurrency: 100,
      fn: () => pipelined.get("bench:key"),
    },
    {
      group: "SET ×100 in flight",
      name: "ioredis SET",
      concurrency: 100,
      fn: () => plain.set("bench:key", value),
    },
    {
      group: "SET ×100 in flight",
      name: "ioredis SET (autopipelining)",
      concurrency: 100,
      fn: () => pipelined.set("bench:key", value),
    },
  ],
};
