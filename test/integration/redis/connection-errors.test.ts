import type { LookupFunction } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisConfig } from "../../../src/config/bridge-config.js";
import { RedisConnectionError, type RedisConnectionErrorKind } from "../../../src/errors/connection-error.js";
import { ConnectionManager, type ConnectionManagerOptions } from "../../../src/redis/connection-manager.js";
import { freePort, type PrivateRedisServer, startRedisServer } from "../../helpers/redis-server.js";
import { redisConfig } from "./config-fixture.js";

const CANARY = "canary-Pw-51d0e8c2";
const ACL_CANARY = "canary-Acl-9b7e11";

let server: PrivateRedisServer;

beforeAll(async () => {
  server = await startRedisServer({ args: { requirepass: CANARY } });
});
afterAll(async () => {
  await server.stop();
});

/** Runs one command on a fresh manager and returns what it rejected with, plus the time it took. */
async function failure(
  config: RedisConfig,
  run: (manager: ConnectionManager) => Promise<unknown>,
  options: ConnectionManagerOptions = {},
): Promise<{ error: RedisConnectionError; ms: number }> {
  const manager = new ConnectionManager(config, options);
  const started = performance.now();
  try {
    const outcome = await run(manager).then(
      () => new Error("expected the command to fail"),
      (e: unknown) => e,
    );
    expect(outcome).toBeInstanceOf(RedisConnectionError);
    return { error: outcome as RedisConnectionError, ms: performance.now() - started };
  } finally {
    await manager.close();
  }
}

function expectTyped(
  error: RedisConnectionError,
  kind: RedisConnectionErrorKind,
  connection = "default",
): void {
  expect(error.code).toBe("ERR_REDIS_CONNECTION");
  expect(error.kind).toBe(kind);
  expect(error.connection).toBe(connection);
  expect(error.hints.length).toBeGreaterThan(0);
  expect(error.cause).toBeInstanceOf(Error);
  for (const text of [error.message, error.stack ?? "", inspect(error, { depth: 10 }), error.hints.join()]) {
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(ACL_CANARY);
  }
}

const authed = () => ({ password: CANARY });

describe("connection failures become RedisConnectionError with the runbook's explanation", () => {
  it("an unknown host (ENOTFOUND, via an injected DNS lookup)", async () => {
    const lookup: LookupFunction = (hostname, _options, callback) =>
      callback(
        Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", hostname }),
        "",
        4,
      );
    const config = redisConfig(server.port, { default: { host: "redis", ...authed() } });
    const { error, ms } = await failure(config, (m) => m.connection().get("k"), { lookup });
    expectTyped(error, "dns");
    expect(error.message).toMatch(
      /^Cannot resolve Redis host 'redis' \(REDIS_HOST\)\. Check: the hostname in \.env; that the Redis container is running; that the app and Redis are on the same Docker network; that the Docker service name did not change\./,
    );
    expect(error.host).toBe("redis");
    expect((error.cause as NodeJS.ErrnoException).code).toBe("ENOTFOUND");
    expect(ms).toBeLessThan(1000);
  });

  it("a port nobody listens on (ECONNREFUSED)", async () => {
    const port = await freePort();
    const { error, ms } = await failure(redisConfig(port), (m) => m.connection("cache").get("k"));
    expectTyped(error, "refused", "cache");
    expect(error.message).toMatch(
      new RegExp(
        `^Cannot reach Redis at 127\\.0\\.0\\.1:${port} \\(connection refused\\)\\. Check: that redis-server is running`,
      ),
    );
    expect(error.hints.join(" ")).toMatch(/REDIS_PORT.*firewall.*TLS or authentication/s);
    expect(error.port).toBe(port);
    expect(ms).toBeLessThan(1000);
  });

  it("a wrong password (WRONGPASS), without ever showing it", async () => {
    const config = redisConfig(server.port, { default: { password: `wrong-${CANARY}` } });
    const { error, ms } = await failure(config, (m) => m.connection().set("k", "v"));
    expectTyped(error, "auth");
    expect(error.message).toMatch(
      /^Redis requires authentication but REDIS_PASSWORD is missing or wrong\. Check: REDIS_PASSWORD in \.env/,
    );
    expect((error.cause as Error).message).toMatch(/^WRONGPASS/);
    expect(ms).toBeLessThan(1000);
  });

  it("no password where one is required (NOAUTH), also on a connection that selects a database", async () => {
    for (const name of ["default", "cache"]) {
      const { error } = await failure(redisConfig(server.port), (m) => m.connection(name).get("k"));
      expectTyped(error, "noauth", name);
      expect(error.message).toMatch(
        /^Redis requires authentication but REDIS_PASSWORD is missing or wrong\./,
      );
      expect(error.hints[0]).toMatch(/no password was sent/);
    }
  });

  it("an ACL user that may not run the command (NOPERM), while allowed commands work", async () => {
    const admin = server.client(0, { password: CANARY });
    await admin.call(
      "ACL",
      "SETUSER",
      "bridge",
      "reset",
      "on",
      `>${ACL_CANARY}`,
      "~laravel_database_*",
      "+get",
      "+select",
      "+client|setname",
    );
    const config = redisConfig(server.port, { default: { username: "bridge", password: ACL_CANARY } });
    const manager = new ConnectionManager(config);
    try {
      expect(await manager.connection().get("k")).toBeNull();
    } finally {
      await manager.close();
    }
    const { error } = await failure(config, (m) => m.connection().set("k", "v"));
    expectTyped(error, "noperm");
    expect(error.message).toMatch(
      /^The Redis ACL user 'bridge' is not allowed to do this on connection \[default\] \(NOPERM/,
    );
    const wrongUser = redisConfig(server.port, { default: { username: "bridge", password: CANARY } });
    expectTyped((await failure(wrongUser, (m) => m.connection().get("k"))).error, "auth");
  });

  it("a read-only replica (READONLY)", async () => {
    const admin = server.client(0, { password: CANARY });
    await admin.call("REPLICAOF", "127.0.0.1", String(await freePort()));
    try {
      const config = redisConfig(server.port, { default: authed() });
      const { error } = await failure(config, (m) => m.connection().set("k", "v"));
      expectTyped(error, "readonly");
      expect(error.message).toMatch(/is a read-only replica and refused a write \(READONLY/);
    } finally {
      await admin.call("REPLICAOF", "NO", "ONE");
    }
  });

  it("maxmemory reached under noeviction (OOM), for plain writes and writes inside Lua", async () => {
    await server.configSet("maxmemory-policy", "noeviction");
    await server.configSet("maxmemory", "1");
    try {
      const config = redisConfig(server.port, { default: authed() });
      const { error } = await failure(config, (m) => m.connection().rpush("queues:default", "{}"));
      expectTyped(error, "oom");
      expect(error.message).toMatch(/^Redis is out of memory \(maxmemory reached, policy noeviction\)/);
      const lua = await failure(config, (m) =>
        m.connection().eval("return redis.call('set', KEYS[1], 'v')", 1, "k"),
      );
      expectTyped(lua.error, "oom");
    } finally {
      await server.configSet("maxmemory", "0");
    }
  });

  it("a server that stops answering: command timeout, the command may have run", async () => {
    const config = redisConfig(server.port, { default: authed() });
    const manager = new ConnectionManager(config, { commandTimeoutMs: 300 });
    try {
      await manager.connection().ping();
      server.pause();
      const error = (await manager
        .connection()
        .incr("counter")
        .catch((e: unknown) => e)) as RedisConnectionError;
      expectTyped(error, "timeout");
      expect(error.message).toMatch(
        /did not reply within 300 ms \(command timeout\); the command may or may not have run/,
      );
      expect(error.commandMayHaveRun).toBe(true);
    } finally {
      server.resume();
      await manager.close();
    }
  });

  it("a server that accepts the socket but never completes the handshake: connect timeout", async () => {
    const config = redisConfig(server.port, { default: authed() });
    server.pause();
    try {
      const { error, ms } = await failure(config, (m) => m.connection().get("k"), { connectTimeoutMs: 300 });
      expectTyped(error, "timeout");
      expect(error.message).toMatch(/did not answer within 300 ms \(connect timeout\)/);
      expect(ms).toBeLessThan(2000);
    } finally {
      server.resume();
    }
  });
});
