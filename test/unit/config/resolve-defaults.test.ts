import { afterAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../../src/config/resolve.js";
import { GOLDEN_VERSIONS, loadGolden } from "../../helpers/golden.js";
import { resolveWith, tempDir } from "./resolve-helpers.js";

interface NameCase {
  id: string;
  APP_NAME: string;
  derived: { REDIS_PREFIX: string; CACHE_PREFIX: string; SESSION_COOKIE: string; cacheKeyPrefix: string };
}

describe.each(GOLDEN_VERSIONS)("default names derived from APP_NAME (%s golden names.json)", (golden) => {
  const version = golden === "laravel-8" ? "8" : "12";
  const cases = loadGolden<{ cases: NameCase[] }>(golden, "names").cases;

  it.each(cases.map((c) => [c.id, JSON.stringify(c.APP_NAME), c] as const))("%s %s", (_id, _name, c) => {
    const config = resolveWith({ LARAVEL_VERSION: version, APP_NAME: c.APP_NAME });
    expect(config.redis.prefix).toBe(c.derived.REDIS_PREFIX);
    expect(config.cache.prefix).toBe(c.derived.CACHE_PREFIX);
    expect(config.session.cookie).toBe(c.derived.SESSION_COOKIE);
    expect(config.redis.prefix + config.cache.stores.redis?.prefix).toBe(c.derived.cacheKeyPrefix);
  });
});

describe("skeleton defaults per LARAVEL_VERSION", () => {
  it.each([
    ["8", "laravel_database_", "laravel_cache", "laravel_cache:", "laravel_session", "file", "CACHE_DRIVER"],
    [
      "9",
      "laravel_database_",
      "laravel_cache_",
      "laravel_cache_:",
      "laravel_session",
      "file",
      "CACHE_DRIVER",
    ],
    [
      "10",
      "laravel_database_",
      "laravel_cache_",
      "laravel_cache_:",
      "laravel_session",
      "file",
      "CACHE_DRIVER",
    ],
    [
      "11",
      "laravel_database_",
      "laravel_cache_",
      "laravel_cache_",
      "laravel_session",
      "database",
      "CACHE_STORE",
    ],
    [
      "12",
      "laravel-database-",
      "laravel-cache-",
      "laravel-cache-",
      "laravel-session",
      "database",
      "CACHE_STORE",
    ],
    [
      "13",
      "laravel-database-",
      "laravel-cache-",
      "laravel-cache-",
      "laravel-session",
      "database",
      "CACHE_STORE",
    ],
  ])(
    "Laravel %s: prefix %s, cache prefix %s (store %s), cookie %s, cache store %s from %s",
    (v, redis, cache, store, cookie, cacheDefault, variable) => {
      const config = resolveWith({ LARAVEL_VERSION: v });
      expect(config.laravelVersion).toBe(Number(v));
      expect([config.redis.prefix, config.cache.prefix, config.cache.stores.redis?.prefix]).toEqual([
        redis,
        cache,
        store,
      ]);
      expect([config.session.cookie, config.cache.default]).toEqual([cookie, cacheDefault]);
      expect(config.sources["cache.default"]).toMatchObject({ source: "default", variable });
    },
  );

  it("defaults to Laravel 12 and says so", () => {
    const config = resolveWith({});
    expect(config.laravelVersion).toBe(12);
    expect(config.sources["bridge.laravel_version"]).toEqual({
      source: "default",
      variable: "LARAVEL_VERSION",
    });
  });

  it("uses Laravel's connection map: default on DB 0, cache on DB 1, locks, sessions and queues on default", () => {
    const config = resolveWith({});
    expect(config.redis.connections.default).toMatchObject({
      host: "127.0.0.1",
      port: 6379,
      database: 0,
      password: null,
      tls: false,
    });
    expect(config.redis.connections.cache).toMatchObject({ database: 1 });
    expect(config.cache.stores.redis).toMatchObject({ connection: "cache", lockConnection: "default" });
    expect(config.session.connection).toBeNull();
    expect(config.queue.redis).toEqual({
      connection: "default",
      queue: "default",
      retryAfter: 90,
      blockFor: null,
      afterCommit: false,
    });
  });

  it("reads the database of the 8–10 skeleton (mysql, forge, DATABASE_URL) and of 11+ (sqlite, DB_URL)", () => {
    expect(resolveWith({ LARAVEL_VERSION: "8" }).database).toEqual({
      default: "mysql",
      connection: {
        driver: "mysql",
        url: null,
        host: "127.0.0.1",
        port: 3306,
        database: "forge",
        username: "forge",
        password: "",
      },
    });
    expect(resolveWith({}).database.connection).toMatchObject({
      driver: "sqlite",
      database: "database/database.sqlite",
      port: null,
    });
    const mysql = resolveWith({
      DB_CONNECTION: "mysql",
      DB_URL: "mysql2://app:s%40cret@db.internal:3307/ledger",
    });
    expect(mysql.database.connection).toMatchObject({
      driver: "mysql",
      host: "db.internal",
      port: 3307,
      database: "ledger",
      username: "app",
      password: "s@cret",
    });
    expect(mysql.sources["database.connections.mysql.host"]).toEqual({ source: "url", variable: "DB_URL" });
    expect(resolveWith({ LARAVEL_VERSION: "10", DB_URL: "mysql://h/x" }).database.connection.host).toBe(
      "127.0.0.1",
    );
  });

  it("treats REDIS_PASSWORD=null and an empty password as no password, like Laravel's `! empty()`", () => {
    expect(resolveWith({ REDIS_PASSWORD: "null" }).redis.connections.default?.password).toBeNull();
    expect(resolveWith({ REDIS_PASSWORD: "" }).redis.connections.default?.password).toBeNull();
    expect(resolveWith({ REDIS_PASSWORD: "(null)" }).redis.connections.cache?.password).toBeNull();
    expect(resolveWith({ REDIS_PASSWORD: '"s3cret"' }).redis.connections.cache?.password).toBe("s3cret");
  });

  it("keeps an explicitly empty prefix empty instead of falling back to the default", () => {
    const config = resolveWith({ LARAVEL_VERSION: "8", REDIS_PREFIX: "", CACHE_PREFIX: "" });
    expect([config.redis.prefix, config.cache.prefix, config.cache.stores.redis?.prefix]).toEqual([
      "",
      "",
      "",
    ]);
    expect(resolveWith({ LARAVEL_VERSION: "10", CACHE_PREFIX: "0" }).cache.stores.redis?.prefix).toBe("");
  });

  it("follows the version for variables the older skeletons hard-code, and notes the ones it ignores", () => {
    const old = resolveWith({
      LARAVEL_VERSION: "10",
      SESSION_ENCRYPT: "true",
      REDIS_QUEUE_RETRY_AFTER: "30",
    });
    expect([old.session.encrypt, old.queue.redis.retryAfter]).toEqual([false, 90]);
    expect(old.sources["session.encrypt"]?.note).toBe(
      "SESSION_ENCRYPT ignored: the Laravel 10 skeleton does not read it",
    );
    const current = resolveWith({
      LARAVEL_VERSION: "11",
      SESSION_ENCRYPT: "true",
      REDIS_QUEUE_RETRY_AFTER: "30",
    });
    expect([current.session.encrypt, current.queue.redis.retryAfter]).toEqual([true, 30]);
  });

  it("reads APP_PREVIOUS_KEYS from Laravel 11 on, dropping empty entries like array_filter", () => {
    expect(resolveWith({ APP_PREVIOUS_KEYS: "k1,,k2,0" }).app.previousKeys).toEqual(["k1", "k2"]);
    expect(resolveWith({ LARAVEL_VERSION: "10", APP_PREVIOUS_KEYS: "k1" }).app.previousKeys).toEqual([]);
  });

  it("returns a deeply frozen configuration", () => {
    const config = resolveWith({});
    expect(Object.isFrozen(config.redis.connections.default)).toBe(true);
    expect(() => {
      (config.redis as { prefix: string }).prefix = "x";
    }).toThrow(TypeError);
  });
});

describe("CACHE_DRIVER and CACHE_STORE", () => {
  it("takes the variable the configured version reads when both are set, and says so", () => {
    const both = { CACHE_DRIVER: "file", CACHE_STORE: "redis" };
    const v12 = resolveWith({ ...both });
    expect(v12.cache.default).toBe("redis");
    expect(v12.sources["cache.default"]).toEqual({
      source: "env",
      variable: "CACHE_STORE",
      note: "CACHE_DRIVER ignored: LARAVEL_VERSION=12 reads CACHE_STORE",
    });
    const v10 = resolveWith({ ...both, LARAVEL_VERSION: "10" });
    expect(v10.cache.default).toBe("file");
    expect(v10.sources["cache.default"]?.note).toBe(
      "CACHE_STORE ignored: LARAVEL_VERSION=10 reads CACHE_DRIVER",
    );
  });

  it("warns in the provenance when only the other version's variable is set", () => {
    const config = resolveWith({ CACHE_DRIVER: "redis" });
    expect(config.cache.default).toBe("database");
    expect(config.sources["cache.default"]?.note).toMatch(
      /CACHE_DRIVER is set but LARAVEL_VERSION=12 reads CACHE_STORE/,
    );
  });
});

describe(".env file and real environment", () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it("lets the real environment win over the .env file and records where each value came from", () => {
    const envFile = dir.file(".env", 'REDIS_HOST=from-file\nREDIS_PORT=6380\nAPP_NAME="File App"\n');
    const config = resolveConfig({ env: { REDIS_HOST: "from-env" }, envFile });
    expect(config.redis.connections.default).toMatchObject({ host: "from-env", port: 6380 });
    expect(config.sources["database.redis.default.host"]).toEqual({ source: "env", variable: "REDIS_HOST" });
    expect(config.sources["database.redis.default.port"]).toEqual({ source: ".env", variable: "REDIS_PORT" });
    expect(config.sources["database.redis.default.database"]).toEqual({
      source: "default",
      variable: "REDIS_DB",
    });
    expect(config.redis.prefix).toBe("file-app-database-");
    expect(config.envFile).toBe(envFile);
  });

  it("reads the file ENV_FILE names, and LARAVEL_VERSION from it", () => {
    const envFile = dir.file("app.env", "LARAVEL_VERSION=8\n");
    const config = resolveConfig({ env: { ENV_FILE: envFile } });
    expect(config.laravelVersion).toBe(8);
    expect(config.sources["bridge.laravel_version"]?.source).toBe(".env");
  });

  it("fails loudly when a named .env file does not exist, but not when the default ./.env is missing", () => {
    const missing = `${dir.path}/nope.env`;
    expect(() => resolveConfig({ env: {}, envFile: missing })).toThrow(
      `envFile names ${missing}, which does not exist`,
    );
    expect(() => resolveConfig({ env: { ENV_FILE: missing } })).toThrow(`ENV_FILE names ${missing}`);
    const cwd = process.cwd();
    const withoutEnv = tempDir();
    try {
      process.chdir(withoutEnv.path);
      expect(resolveConfig({ env: {} }).envFile).toBeUndefined();
      withoutEnv.file(".env", "APP_NAME=Here\n");
      expect(resolveConfig({ env: {} })).toMatchObject({
        envFile: `${withoutEnv.path}/.env`,
        app: { name: "Here" },
      });
    } finally {
      process.chdir(cwd);
      withoutEnv.remove();
    }
  });

  it("names the variable and line of a .env syntax error without its value", () => {
    const envFile = dir.file("broken.env", "APP_NAME=ok\nREDIS_PASSWORD=canary pw\n");
    expect(() => resolveConfig({ env: {}, envFile })).toThrow(
      /REDIS_PASSWORD has unquoted whitespace in .*broken.env on line 2/,
    );
  });
});
