import { describe, expect, it } from "vitest";
import { ArrayStore } from "../../../../adapters/cache/array-store.js";
import { PhpArray, PhpFloat } from "../../../../src/codecs/php/index.js";
import { ManualClock } from "../../../../src/support/clock.js";

function store(): { store: ArrayStore; clock: ManualClock } {
  const clock = new ManualClock();
  return { store: new ArrayStore({ clock, prefix: "app_cache" }), clock };
}

describe("ArrayStore (Laravel's in-process store)", () => {
  it("keeps the PHP value itself, not bytes: ints stay ints, arrays stay arrays", async () => {
    const { store: s } = store();
    const list = new PhpArray([[0n, "a"]]);
    await s.put("int", 5n, 60);
    await s.put("list", list, 60);
    expect(await s.get("int")).toBe(5n);
    expect(await s.get("list")).toBe(list);
  });

  it("raises a TTL below one second to one second, like RedisStore's SETEX", async () => {
    const { store: s, clock } = store();
    await s.put("short", "x", 0);
    clock.advance(999);
    expect(await s.get("short")).toBe("x");
    clock.advance(1);
    expect(await s.get("short")).toBeNull();
  });

  it("increments like PHP's (int) cast: numeric strings and floats count, other values start from 0", async () => {
    const { store: s } = store();
    await s.put("text", "12abc", 60);
    await s.put("float", new PhpFloat(2.9), 60);
    await s.put("word", "abc", 60);
    expect(await s.increment("text", 1)).toBe(13);
    expect(await s.increment("float", 1)).toBe(3);
    expect(await s.increment("word", 2)).toBe(2);
  });

  it("keeps a value's expiry when it is incremented, as Laravel's ArrayStore updates in place", async () => {
    const { store: s, clock } = store();
    await s.put("hits", 1n, 10);
    expect(await s.increment("hits")).toBe(2);
    clock.advance(10_000);
    expect(await s.get("hits")).toBeNull();
  });

  it("reports its prefix, and forget() whether the key was there", async () => {
    const { store: s } = store();
    expect(s.getPrefix()).toBe("app_cache");
    await s.forever("k", "v");
    expect(await s.forget("k")).toBe(true);
    expect(await s.forget("k")).toBe(false);
  });

  it("keeps its locks apart from its values: flush() empties the cache, not the locks", async () => {
    const { store: s } = store();
    await s.lock("job", 10).get();
    await s.put("k", "v", 60);
    await s.flush();
    expect(await s.get("k")).toBeNull();
    expect(await s.lock("job", 10).get()).toBe(false);
  });

  it("namespaces tagged items by random tag ids kept forever, and flushing forgets the ids", async () => {
    const { store: s } = store();
    const tags = s.tagSet(["people"]);
    const before = await tags.namespace();
    expect(before).toMatch(/^[0-9a-f]{13}\d{9}$/);
    expect(await tags.namespace()).toBe(before);
    await tags.flush();
    expect(await tags.namespace()).not.toBe(before);
  });
});
