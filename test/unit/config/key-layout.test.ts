import { describe, expect, it } from "vitest";
import { keyLayout } from "../../../src/config/key-layout.js";
import { resolveWith } from "./resolve-helpers.js";

function byLabel(
  env: Record<string, string>,
): Map<string, { key: string; database: number | null; connection: string; note?: string }> {
  return new Map(
    keyLayout(resolveWith(env)).map((example) => [
      example.label.split(" ")[0] + (example.label.includes("window") ? "-timer" : ""),
      example,
    ]),
  );
}

describe("key layout (laravel-formats.md §0.4)", () => {
  it("puts Laravel 8's keys where Laravel 8 does: cache on DB 1, locks, sessions and queues on DB 0", () => {
    const keys = byLabel({
      LARAVEL_VERSION: "8",
      CACHE_DRIVER: "redis",
      SESSION_DRIVER: "redis",
      QUEUE_CONNECTION: "redis",
    });
    expect(keys.get("cache")).toMatchObject({
      key: "laravel_database_laravel_cache:users:42",
      database: 1,
      connection: "cache",
    });
    expect(keys.get("lock")).toMatchObject({
      key: "laravel_database_laravel_cache:payouts:42",
      database: 0,
      connection: "default",
    });
    expect(keys.get("rate")).toMatchObject({
      key: "laravel_database_laravel_cache:login:203.0.113.7",
      database: 1,
    });
    expect(keys.get("rate-timer")?.key).toBe("laravel_database_laravel_cache:login:203.0.113.7:timer");
    expect(keys.get("session")).toMatchObject({
      key: "laravel_database_laravel_cache:{session id}",
      database: 0,
    });
    expect(keys.get("queue")).toMatchObject({ key: "laravel_database_queues:default", database: 0 });
    expect(keys.get("session")?.note).toBeUndefined();
  });

  it("uses the hyphenated Laravel 12 names without a separator", () => {
    const keys = byLabel({ CACHE_STORE: "redis" });
    expect(keys.get("cache")?.key).toBe("laravel-database-laravel-cache-users:42");
    expect(keys.get("queue")?.key).toBe("laravel-database-queues:default");
  });

  it("follows SESSION_CONNECTION, REDIS_QUEUE and a connection's own prefix", () => {
    const keys = byLabel({
      SESSION_DRIVER: "redis",
      SESSION_CONNECTION: "cache",
      REDIS_QUEUE: "{payouts}",
      REDIS_URL: "redis://h/2?prefix=conn_",
    });
    expect(keys.get("session")).toMatchObject({
      connection: "cache",
      database: 2,
      key: "conn_laravel-cache-{session id}",
    });
    expect(keys.get("queue")?.key).toBe("conn_queues:{payouts}");
  });

  it("says when the app does not use Redis for a subsystem or names a connection that is not configured", () => {
    const keys = byLabel({ SESSION_CONNECTION: "sessions" });
    expect(keys.get("cache")?.note).toBe(
      "the default cache uses cache store [database], which is not Redis; shown for the redis store",
    );
    expect(keys.get("session")?.note).toBe(
      "SESSION_DRIVER is [database], not redis; Redis connection [sessions] is not configured",
    );
    expect(keys.get("session")?.database).toBeNull();
  });
});
