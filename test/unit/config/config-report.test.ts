import { describe, expect, it } from "vitest";
import { configRows, NOT_SET, REDACTED, redactedConfig } from "../../../src/config/config-report.js";
import { resolveWith } from "./resolve-helpers.js";

const CANARY = "canary-7f3a9";

describe("config:show report", () => {
  const config = resolveWith({
    APP_KEY: `base64:${Buffer.from(`${CANARY}-app-key-32-bytes!!!!!`).toString("base64")}`,
    APP_PREVIOUS_KEYS: `${CANARY}-old-1,${CANARY}-old-2`,
    REDIS_URL: `rediss://app:${CANARY}@redis.internal:6380/0?options[password]=${CANARY}`,
    DB_CONNECTION: "pgsql",
    DB_URL: `postgres://ledger:${CANARY}@db.internal/ledger`,
    DB_PASSWORD: CANARY,
  });

  it("never contains a secret, in rows or in the JSON copy", () => {
    const everything = JSON.stringify([configRows(config), redactedConfig(config)]);
    expect(everything).not.toContain(CANARY);
    expect(everything).not.toContain(Buffer.from(CANARY).toString("base64").slice(0, 8));
  });

  it("marks secrets as set or not set", () => {
    const rows = new Map(configRows(config).map((row) => [row.key, row]));
    expect(rows.get("app.key")?.value).toBe(REDACTED);
    expect(rows.get("app.previous_keys")?.value).toBe("(2 set, redacted)");
    expect(rows.get("database.redis.default.password")).toMatchObject({
      value: REDACTED,
      source: "url",
      variable: "REDIS_URL",
    });
    expect(rows.get("database.connections.pgsql.url")?.value).toBe(
      '"postgres://ledger:***@db.internal/ledger"',
    );
    expect(new Map(configRows(resolveWith({})).map((row) => [row.key, row.value])).get("app.key")).toBe(
      NOT_SET,
    );
  });

  it("shows every value with its source, variable and note", () => {
    const rows = new Map(configRows(resolveWith({ REDIS_HOST: "redis" })).map((row) => [row.key, row]));
    expect(rows.get("database.redis.default.host")).toEqual({
      key: "database.redis.default.host",
      value: '"redis"',
      source: "env",
      variable: "REDIS_HOST",
    });
    expect(rows.get("database.redis.default.prefix")).toMatchObject({
      value: '"laravel-database-"',
      variable: "REDIS_PREFIX",
    });
    expect(rows.get("cache.prefix")?.note).toMatch(/Str::slug\(APP_NAME\)\.'-cache-'/);
  });
});
