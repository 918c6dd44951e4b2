import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configErrorWith, resolveWith } from "./resolve-helpers.js";

describe("validation errors name the variable and the bad value", () => {
  it.each([
    [{ REDIS_PORT: "abc" }, 'REDIS_PORT must be a port number, got "abc"'],
    [{ REDIS_PORT: "70000" }, 'REDIS_PORT must be a port number, got "70000"'],
    [{ REDIS_DB: "16" }, "REDIS_DB must be a database number 0–15"],
    [{ REDIS_CACHE_DB: "-1" }, "REDIS_CACHE_DB must be a database number 0–15"],
    [{ LARAVEL_VERSION: "7" }, 'LARAVEL_VERSION must be one of 8, 9, 10, 11, 12, 13, got "7"'],
    [{ LARAVEL_VERSION: "12.1" }, 'LARAVEL_VERSION must be one of 8, 9, 10, 11, 12, 13, got "12.1"'],
    [{ REDIS_HOST: "null" }, "REDIS_HOST must be a host name or IP address, got null"],
    [{ REDIS_CLIENT: "redis" }, 'REDIS_CLIENT must be phpredis or predis, got "redis"'],
    [{ REDIS_SCHEME: "ssl" }, 'REDIS_SCHEME must be tcp or tls, got "ssl"'],
    [{ SESSION_LIFETIME: "2h" }, 'SESSION_LIFETIME must be a whole number of minutes, got "2h"'],
    [{ SESSION_SAME_SITE: "loose" }, 'SESSION_SAME_SITE must be lax, strict, none or null, got "loose"'],
    [
      { REDIS_QUEUE_RETRY_AFTER: "soon" },
      'REDIS_QUEUE_RETRY_AFTER must be a whole number of seconds, got "soon"',
    ],
    [{ DB_CONNECTION: "mysql", DB_PORT: "x" }, 'DB_PORT must be a port number, got "x"'],
    [{ REDIS_URL: "redis://h/abc" }, "REDIS_URL must be a database number 0–15"],
    [{ REDIS_URL: "unix:///var/run/redis.sock" }, "REDIS_URL is malformed"],
  ])("%j → %s", (env, message) => {
    const error = configErrorWith(env);
    expect(error.code).toBe("ERR_CONFIG_INVALID");
    expect(error.message).toContain(message);
  });

  it("names REDIS_PORT and quotes any value that is not a port", () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        fc.pre(!/^\s*\d+\s*$/.test(raw) && !["null", "(null)"].includes(raw.toLowerCase()));
        const error = configErrorWith({ REDIS_PORT: raw });
        expect(error.variable).toBe("REDIS_PORT");
        expect(error.message).toMatch(/^REDIS_PORT must be a port number, got /);
      }),
      { numRuns: 200 },
    );
  });

  it("never repeats a secret: a malformed REDIS_URL is shown with its password redacted", () => {
    const error = configErrorWith({ REDIS_URL: "redis://user:canary-secret-9@" });
    expect(error.message).toContain("redis://user:***@");
    expect(error.message).not.toContain("canary-secret-9");
    const db = configErrorWith({ DB_URL: "mysql://user:canary-secret-9@db:99999/x" });
    expect(db.variable).toBe("DB_URL");
    expect(db.message).not.toContain("canary-secret-9");
  });

  it("validates overrides too and names them by their path, keeping secrets out", () => {
    expect(configErrorWith({}, { redis: { connections: { default: { port: 0 } } } }).message).toBe(
      "overrides.redis.connections.default.port must be a port number, got 0",
    );
    const secret = configErrorWith({}, { app: { key: { canary: "x" } as unknown as string } });
    expect(secret.message).toBe(
      "overrides.app.key must be a string, (the value is not shown: it is a secret)",
    );
  });

  it("takes typed overrides over env and records them as such", () => {
    const config = resolveWith(
      { REDIS_PORT: "6380", SESSION_LIFETIME: "10" },
      { redis: { connections: { default: { port: 7000 } } }, session: { lifetime: 30 } },
    );
    expect([
      config.redis.connections.default?.port,
      config.redis.connections.cache?.port,
      config.session.lifetime,
    ]).toEqual([7000, 6380, 30]);
    expect(config.sources["database.redis.default.port"]).toEqual({ source: "override" });
  });

  it("takes LARAVEL_VERSION from overrides before deriving anything", () => {
    const config = resolveWith({ LARAVEL_VERSION: "12" }, { laravelVersion: 8 });
    expect([config.laravelVersion, config.redis.prefix]).toEqual([8, "laravel_database_"]);
    expect(configErrorWith({}, { laravelVersion: 14 as 8 }).message).toBe(
      "overrides.laravelVersion must be one of 8, 9, 10, 11, 12, 13, got 14",
    );
  });
});
