/**
 * Locks: RedisLock acquire+release (Laravel's SET NX EX + compare-and-delete, EVALSHA) on the
 * bridge's own lock connection (ConnectionManager: typed errors, command timeout, REDIS_PREFIX) vs
 * the same two commands by hand on raw ioredis, and vs @sesamecare-oss/redlock on one instance.
 * Sequential; a new lock (and owner) per iteration, as `Cache::lock($name, 10)->get()` does.
 */
import { Redlock } from "@sesamecare-oss/redlock";
import { Redis } from "ioredis";
import { releaseLock } from "../../adapters/lock/lua-scripts.js";
import { RedisLockProvider } from "../../adapters/lock/redis-lock-provider.js";
import type { RedisConfig } from "../../src/config/bridge-config.js";
import { ConnectionManager } from "../../src/redis/connection-manager.js";
import { type PrivateRedisServer, startRedisServer } from "../../test/helpers/redis-server.js";
import type { BenchSuite } from "../runner.js";

let server: PrivateRedisServer;
let connections: ConnectionManager;
let raw: Redis;
let sesame: Redis;
let locks: RedisLockProvider;
let redlock: Redlock;

function redisConfig(port: number): RedisConfig {
  const base = { host: "127.0.0.1", port, username: null, password: null, tls: false, options: {} };
  return {
    client: "phpredis",
    prefix: "laravel-database-",
    cluster: "redis",
    connections: { default: { ...base, name: "default", database: 0 } },
  };
}

export const suite: BenchSuite = {
  name: "lock",
  async setup() {
    server = await startRedisServer();
    connections = new ConnectionManager(redisConfig(server.port));
    raw = new Redis({ port: server.port, keyPrefix: "laravel-database-" });
    sesame = new Redis({ port: server.port });
    locks = new RedisLockProvider(connections.connection("default"), "laravel-cache-");
    redlock = new Redlock([sesame], { retryCount: 0 });
    await raw.script("LOAD", releaseLock.lua);
  },
  async teardown() {
    await connections.close();
    raw.disconnect();
    sesame.disconnect();
    await server.stop();
  },
  cases: [
    {
      group: "lock acquire+release, sequential",
      name: "bridge RedisLock",
      subject: true,
      fn: async () => {
        const lock = locks.lock("bench", 10);
        await lock.acquire();
        await lock.release();
      },
    },
    {
      group: "lock acquire+release, sequential",
      name: "raw SET NX EX + EVALSHA release",
      fn: async () => {
        await raw.set("laravel-cache-bench-raw", "owner", "EX", 10, "NX");
        await raw.evalsha(releaseLock.sha1, 1, "laravel-cache-bench-raw", "owner");
      },
    },
    {
      group: "lock acquire+release, sequential",
      name: "@sesamecare-oss/redlock (1 instance)",
      fn: async () => {
        const lock = await redlock.acquire(["bench-sesame"], 10_000);
        await lock.release();
      },
    },
  ],
};
