import { describe, expect, it } from "vitest";
import { GOLDEN_VERSIONS, loadGolden } from "../../helpers/golden.js";
import { configErrorWith, resolveWith } from "./resolve-helpers.js";

describe("REDIS_URL merged over the discrete variables (laravel-formats.md §1.4)", () => {
  it("overrides host, port, credentials and, with a path, the DB of both connections", () => {
    const config = resolveWith({
      REDIS_HOST: "ignored",
      REDIS_DB: "4",
      REDIS_CACHE_DB: "5",
      REDIS_URL: "rediss://app:p%40ss@redis.internal:6380/3",
    });
    for (const name of ["default", "cache"]) {
      expect(config.redis.connections[name]).toMatchObject({
        host: "redis.internal",
        port: 6380,
        username: "app",
        password: "p@ss",
        database: 3,
        tls: true,
      });
    }
    expect(config.sources["database.redis.default.host"]).toEqual({
      source: "url",
      variable: "REDIS_URL",
      note: "REDIS_URL overrides REDIS_HOST",
    });
  });

  it("keeps REDIS_DB and REDIS_CACHE_DB when the URL has no path", () => {
    const config = resolveWith({ REDIS_DB: "4", REDIS_URL: "redis://redis.internal" });
    expect([config.redis.connections.default?.database, config.redis.connections.cache?.database]).toEqual([
      4, 1,
    ]);
    expect(config.sources["database.redis.cache.database"]).toEqual({
      source: "default",
      variable: "REDIS_CACHE_DB",
    });
  });

  it("turns query parameters into timeouts and options, JSON-decoded", () => {
    const config = resolveWith({
      REDIS_URL: "redis://h?timeout=1.5&read_timeout=2&persistent=true&name=worker",
    });
    expect(config.redis.connections.default).toMatchObject({
      timeout: 1.5,
      readTimeout: 2,
      options: { persistent: true, name: "worker" },
    });
  });

  it("enables TLS from REDIS_SCHEME=tls and lets a redis:// URL switch it back off", () => {
    expect(resolveWith({ REDIS_SCHEME: "tls" }).redis.connections.default?.tls).toBe(true);
    expect(resolveWith({ REDIS_SCHEME: "tls", REDIS_URL: "redis://h" }).redis.connections.default?.tls).toBe(
      false,
    );
  });

  it("strips the brackets of an IPv6 literal so a socket can use it", () => {
    expect(resolveWith({ REDIS_URL: "redis://[::1]:6390" }).redis.connections.default).toMatchObject({
      host: "::1",
      port: 6390,
    });
  });

  it("ignores a number-looking host part gracefully by keeping it as text", () => {
    expect(resolveWith({ REDIS_HOST: "10" }).redis.connections.default?.host).toBe("10");
  });
});

describe("connection prefix precedence by version and client (laravel-formats.md §1.5)", () => {
  const url = "redis://h?prefix=conn_";

  it("lets the connection's own prefix win from Laravel 9 on", () => {
    const config = resolveWith({ LARAVEL_VERSION: "9", REDIS_PREFIX: "glob_", REDIS_URL: url });
    expect(config.redis.connections.default?.prefix).toBe("conn_");
    expect(config.redis.prefix).toBe("glob_");
  });

  it("lets REDIS_PREFIX win on Laravel 8 with phpredis, and notes the ignored URL prefix", () => {
    const config = resolveWith({ LARAVEL_VERSION: "8", REDIS_PREFIX: "glob_", REDIS_URL: url });
    expect(config.redis.connections.default?.prefix).toBeUndefined();
    expect(config.sources["database.redis.default.prefix"]?.note).toMatch(/ignored: Laravel 8 with phpredis/);
  });

  it("lets the connection win on Laravel 8 with predis", () => {
    const config = resolveWith({
      LARAVEL_VERSION: "8",
      REDIS_CLIENT: "predis",
      REDIS_PREFIX: "glob_",
      REDIS_URL: url,
    });
    expect(config.redis.connections.cache?.prefix).toBe("conn_");
  });

  it("lets connection options win over the global prefix on every version", () => {
    const config = resolveWith({ LARAVEL_VERSION: "8", REDIS_URL: "redis://h?options[prefix]=opt_" });
    expect(config.redis.connections.default?.prefix).toBe("opt_");
  });

  it("applies an overridden global prefix to connections without their own", () => {
    const config = resolveWith({}, { redis: { prefix: "override_" } });
    expect(config.redis.prefix).toBe("override_");
    expect(config.redis.connections.default?.prefix).toBeUndefined();
    expect(config.sources["database.redis.options.prefix"]).toEqual({ source: "override" });
  });
});

describe("REDIS_USERNAME (ACL)", () => {
  it("is read from Laravel 9 on", () => {
    expect(resolveWith({ REDIS_USERNAME: "app" }).redis.connections.default?.username).toBe("app");
  });

  it("is ignored on Laravel 8, whose phpredis connector authenticates with the password only", () => {
    const config = resolveWith({ LARAVEL_VERSION: "8", REDIS_USERNAME: "app" });
    expect(config.redis.connections.default?.username).toBeNull();
    expect(config.sources["database.redis.default.username"]?.note).toBe(
      "REDIS_USERNAME ignored: the Laravel 8 skeleton does not read it",
    );
  });
});

interface GoldenUrlCase {
  id: string;
  url: string;
  redisManagerConfigJson?: string;
  exception?: { message: string };
}

describe.each(GOLDEN_VERSIONS)("resolved connections for the golden REDIS_URLs (%s)", (golden) => {
  const version = golden === "laravel-8" ? "8" : "12";
  const cases = loadGolden<{ redisUrlCases: GoldenUrlCase[] }>(golden, "env").redisUrlCases;

  it.each(cases.map((c) => [c.id, c.url, c] as const))("%s %s", (_id, url, c) => {
    if (c.exception) {
      expect(configErrorWith({ LARAVEL_VERSION: version, REDIS_URL: url }).message).toMatch(
        /^REDIS_URL is malformed/,
      );
      return;
    }
    const laravel = JSON.parse(c.redisManagerConfigJson ?? "{}") as Record<string, unknown>;
    const config = resolveWith({ LARAVEL_VERSION: version, REDIS_URL: url });
    const empty = (value: unknown) => (value === "" || value === undefined ? null : value);
    // The golden base config is the `default` connection (DB "0"); `cache` keeps DB 1 unless the URL names one.
    const urlNamesDatabase = /^[^?]*\/\/[^/?]*\/\d|[?&]database=/.test(url);
    for (const name of ["default", "cache"]) {
      const connection = config.redis.connections[name];
      expect(connection).toMatchObject({
        host: String(laravel.host).replace(/^\[(.*)\]$/, "$1"),
        port: Number(laravel.port),
        database: name === "cache" && !urlNamesDatabase ? 1 : Number(laravel.database),
        password: empty(laravel.password),
        // Laravel 8's phpredis connector never sends the username.
        username: version === "8" ? null : empty(laravel.username),
        tls: laravel.scheme === "tls",
      });
    }
  });
});
