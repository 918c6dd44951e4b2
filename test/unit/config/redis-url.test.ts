import { describe, expect, it } from "vitest";
import type { PhpConfigArray, PhpConfigValue } from "../../../src/config/php-query.js";
import {
  parseConfigurationUrl,
  parseRedisUrl,
  phpredisConnectHost,
  redactUrl,
} from "../../../src/config/redis-url.js";
import { ConfigError } from "../../../src/errors/config-error.js";
import { GOLDEN_VERSIONS, loadGolden } from "../../helpers/golden.js";

interface Typed {
  t: string;
  v?: unknown;
  entries?: Array<[Typed, Typed]>;
}
interface UrlCase {
  id: string;
  url: string;
  baseConfig: Typed;
  parseConfigurationJson?: string;
  redisManagerConfigJson?: string;
  phpredisConnectHost?: string;
  exception?: { class: string; message: string };
}

function fromTyped(value: Typed): PhpConfigValue {
  if (value.t === "null") return null;
  if (value.t === "array") {
    const out: PhpConfigArray = {};
    for (const [key, inner] of value.entries ?? []) out[String(key.v)] = fromTyped(inner);
    return out;
  }
  if (value.t === "int" || value.t === "float") return Number(value.v);
  return value.v as PhpConfigValue;
}

/** PHP's json_encode and ours compared as parsed JSON, key order included (1000.0 and 1000 are equal). */
function sameJson(ours: unknown, phpJson: string): void {
  expect(JSON.stringify(ours)).toBe(JSON.stringify(JSON.parse(phpJson)));
}

describe.each(GOLDEN_VERSIONS)("REDIS_URL like Laravel (%s golden)", (version) => {
  const cases = loadGolden<{ redisUrlCases: UrlCase[] }>(version, "env").redisUrlCases;

  it.each(cases.map((c) => [c.id, c.url, c] as const))("%s %s", (_id, url, c) => {
    const base = fromTyped(c.baseConfig) as PhpConfigArray;
    if (c.exception) {
      expect(() => parseConfigurationUrl(base)).toThrow(ConfigError);
      expect(() => parseRedisUrl(url, base)).toThrow(/REDIS_URL is malformed/);
      return;
    }
    sameJson(parseConfigurationUrl(base), c.parseConfigurationJson ?? "");
    const manager = parseRedisUrl(url, base);
    sameJson(manager, c.redisManagerConfigJson ?? "");
    expect(phpredisConnectHost(manager)).toBe(c.phpredisConnectHost);
  });
});

describe("parseRedisUrl", () => {
  it("keeps the discrete settings when the URL is empty, like PHP's `! $url`", () => {
    for (const url of ["", "0", null]) {
      expect(parseRedisUrl(url, { host: "127.0.0.1", port: "6379" })).toEqual({
        host: "127.0.0.1",
        port: "6379",
      });
    }
  });

  it("JSON-decodes URL parts like Laravel, so a numeric password becomes a number", () => {
    expect(parseRedisUrl("redis://:123456@h")).toMatchObject({ password: 123456, username: "" });
  });

  it("reads the last @ as the end of the user info and the first colon as the password separator", () => {
    expect(parseRedisUrl("redis://a@b:p:q@host:1")).toMatchObject({
      username: "a@b",
      password: "p:q",
      host: "host",
    });
  });

  it("leaves an upper-case scheme without TLS, as RedisManager only maps the aliases it knows", () => {
    expect(parseRedisUrl("REDISS://h")).not.toHaveProperty("scheme");
    expect(parseRedisUrl("rediss://h")).toMatchObject({ scheme: "tls" });
  });

  it("parses the query string like parse_str, nesting brackets and mangling dots", () => {
    expect(parseRedisUrl("redis://h?a.b=1&list[]=x&list[]=y&deep[a][b]=true")).toMatchObject({
      a_b: 1,
      list: ["x", "y"],
      deep: { a: { b: true } },
    });
  });

  it("rejects a port out of range and names the variable without the password", () => {
    const error = (() => {
      try {
        parseRedisUrl("redis://user:hunter2-canary@h:70000", {}, "REDIS_URL");
      } catch (caught) {
        return caught as ConfigError;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.variable).toBe("REDIS_URL");
    expect(error?.message).not.toContain("hunter2-canary");
  });

  it("redacts the password of a URL for messages", () => {
    expect(redactUrl("rediss://default:s3cret@h:6380/0")).toBe("rediss://default:***@h:6380/0");
    expect(redactUrl("redis://h:6379")).toBe("redis://h:6379");
  });

  it("prefixes the scheme once for phpredis' host string", () => {
    expect(phpredisConnectHost({ host: "tls://h", scheme: "tls" })).toBe("tls://h");
    expect(phpredisConnectHost({ host: "h" })).toBe("h");
  });
});
