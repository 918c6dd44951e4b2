import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { uniqueJobLockName } from "../../../../adapters/lock/job-lock-names.js";
import { cacheFormat, type LaravelVersion } from "../../../../src/config/laravel-versions.js";
import { resolveConfig } from "../../../../src/config/resolve.js";

const emptyEnvFile = join(mkdtempSync(join(tmpdir(), "bridge-keys-")), ".env");
writeFileSync(emptyEnvFile, "");

/** The full Redis key of `Cache::put($key, …)` on the redis store: REDIS_PREFIX + store prefix + key. */
function cacheKey(version: LaravelVersion, env: Record<string, string>, key: string): string {
  const config = resolveConfig({ env: { LARAVEL_VERSION: String(version), ...env }, envFile: emptyEnvFile });
  const store = config.cache.stores.redis;
  if (!store) throw new Error("no redis store configured");
  return config.redis.prefix + store.prefix + key;
}

describe("cache key layout per LARAVEL_VERSION (laravel-formats.md §1.6)", () => {
  it.each([
    [8, "laravel_database_laravel_cache:int"],
    [9, "laravel_database_laravel_cache_:int"],
    [10, "laravel_database_laravel_cache_:int"],
    [11, "laravel_database_laravel_cache_int"],
    [12, "laravel-database-laravel-cache-int"],
    [13, "laravel-database-laravel-cache-int"],
  ] as const)("Laravel %i with its skeleton defaults puts 'int' at %s", (version, expected) => {
    expect(cacheKey(version, { APP_NAME: "Laravel" }, "int")).toBe(expected);
  });

  it.each([8, 9, 10] as const)(
    "Laravel %i adds ':' to a non-empty CACHE_PREFIX, and drops \"0\" (PHP empty())",
    (version) => {
      expect(cacheKey(version, { CACHE_PREFIX: "shop" }, "k")).toMatch(/shop:k$/);
      expect(cacheKey(version, { CACHE_PREFIX: "shop_", REDIS_PREFIX: "" }, "k")).toBe("shop_:k");
      expect(cacheKey(version, { CACHE_PREFIX: "0", REDIS_PREFIX: "" }, "k")).toBe("k");
      expect(cacheKey(version, { CACHE_PREFIX: "", REDIS_PREFIX: "" }, "k")).toBe("k");
      expect(cacheFormat(version).prefixSeparator).toBe(":");
    },
  );

  it.each([11, 12, 13] as const)("Laravel %i keeps CACHE_PREFIX verbatim (no magic ':')", (version) => {
    expect(cacheKey(version, { CACHE_PREFIX: "shop", REDIS_PREFIX: "" }, "k")).toBe("shopk");
    expect(cacheKey(version, { CACHE_PREFIX: "0", REDIS_PREFIX: "" }, "k")).toBe("0k");
    expect(cacheKey(version, { CACHE_PREFIX: "shop:", REDIS_PREFIX: "app:" }, "k")).toBe("app:shop:k");
    expect(cacheFormat(version).prefixSeparator).toBe("");
  });

  it("names unique-job locks with ':' between job and id on 11+, without it before", () => {
    expect(uniqueJobLockName("App\\Jobs\\Sync", "42", 10)).toBe("laravel_unique_job:App\\Jobs\\Sync42");
    expect(uniqueJobLockName("App\\Jobs\\Sync", "42", 11)).toBe("laravel_unique_job:App\\Jobs\\Sync:42");
    expect(uniqueJobLockName("App\\Jobs\\Sync", "42", 13)).toBe("laravel_unique_job:App\\Jobs\\Sync:42");
  });
});
