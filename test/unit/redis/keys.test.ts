import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  escapeGlob,
  hashSlot,
  prefixedKey,
  prefixedPattern,
  sameHashSlot,
  withoutPrefix,
} from "../../../src/redis/keys.js";

describe("key prefix helpers", () => {
  it("strips exactly the prefix it added", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (prefix, key) => {
        expect(withoutPrefix(prefix, prefixedKey(prefix, key))).toBe(key);
      }),
    );
  });

  it("leaves a key of another prefix unchanged", () => {
    expect(withoutPrefix("laravel_database_", "other_app_x")).toBe("other_app_x");
    expect(withoutPrefix("", "x")).toBe("x");
  });

  it("escapes every glob metacharacter of the prefix but keeps the pattern's", () => {
    expect(escapeGlob("a*b?c[d]e\\f")).toBe("a\\*b\\?c\\[d\\]e\\\\f");
    expect(prefixedPattern("app[1]_", "laravel_cache:*")).toBe("app\\[1\\]_laravel_cache:*");
  });
});

describe("hashSlot", () => {
  it("matches the slots Redis Cluster documents", () => {
    expect(hashSlot("123456789")).toBe(0x31c3 & 0x3fff);
    expect(hashSlot("foo")).toBe(12182);
    expect(hashSlot("queues:default")).toBe(11255);
    expect(hashSlot("queues:default:reserved")).toBe(5202);
  });

  it("hashes only the hash tag when there is a non-empty one", () => {
    expect(hashSlot("{user1000}.following")).toBe(hashSlot("{user1000}.followers"));
    expect(hashSlot("laravel_database_queues:{default}")).toBe(hashSlot("queues:{default}:reserved"));
    expect(hashSlot("foo{}{bar}")).toBe(hashSlot("foo{}{bar}"));
    expect(hashSlot("foo{}{bar}")).not.toBe(hashSlot("bar"));
    expect(hashSlot(Buffer.from("foo"))).toBe(12182);
  });

  it("always lands in 0..16383", () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        const slot = hashSlot(key);
        expect(slot).toBeGreaterThanOrEqual(0);
        expect(slot).toBeLessThan(16384);
      }),
    );
  });

  it("tells whether a script's keys share one slot", () => {
    expect(sameHashSlot(["queues:{default}", "queues:{default}:reserved", "queues:{default}:notify"])).toBe(
      true,
    );
    expect(sameHashSlot(["queues:default", "queues:default:reserved"])).toBe(false);
    expect(sameHashSlot(["only-one"])).toBe(true);
  });
});
