/**
 * The cache Store contract, through the Repository API Laravel users call: every driver (RedisStore
 * in test/integration, ArrayStore in test/unit) must pass the same behaviour sentences. Time is the
 * harness's business: `elapse(seconds)` moves the Repository's clock and the store's TTLs together
 * (the Redis harness shortens every key's PTTL; the array store reads the clock), so no test sleeps.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Repository } from "../../adapters/cache/repository.js";

export interface StoreHarness {
  /** A Repository with plain values and tag support over the store under test. */
  cache: Repository;
  /** Lets `seconds` pass for the store's TTLs, its locks and the Repository's clock. */
  elapse(seconds: number): Promise<void>;
  /** Empties the store (and its locks) before each test. */
  reset(): Promise<void>;
}

export function describeStore(name: string, makeStore: () => StoreHarness | Promise<StoreHarness>): void {
  describe(`${name}: the cache store contract`, () => {
    let h: StoreHarness;
    let cache: Repository;
    beforeAll(async () => {
      h = await makeStore();
      cache = h.cache;
    });
    beforeEach(async () => {
      await h.reset();
    });

    it("answers null, a given default, or the default callback's value on a miss", async () => {
      let calls = 0;
      expect(await cache.get("missing")).toBeNull();
      expect(await cache.get("missing", "fallback")).toBe("fallback");
      expect(await cache.get("missing", () => ++calls)).toBe(1);
      await cache.put("present", "value", 60);
      expect(await cache.get("present", () => ++calls)).toBe("value");
      expect(calls).toBe(1);
    });

    it("round-trips plain values: strings, booleans, lists and objects with numbers inside", async () => {
      const values = {
        text: "héllo wörld",
        numericText: "0042",
        yes: true,
        no: false,
        list: [1, "two", [3.25, -7]],
        object: { id: 5, price: 9.99, tags: ["a", "b"], nested: { ok: true } },
        empty: [],
      };
      for (const [key, value] of Object.entries(values)) await cache.put(key, value, 60);
      for (const [key, value] of Object.entries(values)) expect(await cache.get(key)).toEqual(value);
    });

    it("keeps the value of a top-level int or float (Redis hands it back as PHP's numeric string)", async () => {
      await cache.put("count", 5, 60);
      await cache.put("ratio", 0.1, 60);
      expect(Number(await cache.get("count"))).toBe(5);
      expect(Number(await cache.get("ratio"))).toBe(0.1);
    });

    it("expires a value after its TTL in seconds, a Date or a duration", async () => {
      await cache.put("seconds", "a", 10);
      await cache.put("date", "b", new Date(cache.clock.now() + 20_000));
      await cache.put("duration", "c", { minutes: 1 });
      await h.elapse(11);
      expect(await cache.get("seconds")).toBeNull();
      expect(await cache.get("date")).toBe("b");
      await h.elapse(10);
      expect(await cache.get("date")).toBeNull();
      expect(await cache.get("duration")).toBe("c");
      await h.elapse(40);
      expect(await cache.get("duration")).toBeNull();
    });

    it("keeps a value put without a TTL (null) or with forever()", async () => {
      await cache.put("no-ttl", "kept");
      await cache.forever("forever", "kept too");
      await h.elapse(86_400 * 30);
      expect(await cache.get("no-ttl")).toBe("kept");
      expect(await cache.get("forever")).toBe("kept too");
    });

    it("deletes the key when put() is given a TTL of zero or less", async () => {
      await cache.put("doomed", "x", 60);
      expect(await cache.put("doomed", "y", 0)).toBe(true);
      expect(await cache.has("doomed")).toBe(false);
      await cache.put("doomed", "x", 60);
      await cache.put("doomed", "y", -5);
      expect(await cache.missing("doomed")).toBe(true);
      await cache.put("doomed", "x", 60);
      await cache.put("doomed", "y", new Date(cache.clock.now() - 1000));
      expect(await cache.get("doomed")).toBeNull();
    });

    it("adds only when the key is missing, and never with a TTL of zero or less", async () => {
      expect(await cache.add("once", "first", 60)).toBe(true);
      expect(await cache.add("once", "second", 60)).toBe(false);
      expect(await cache.get("once")).toBe("first");
      expect(await cache.add("never", "x", 0)).toBe(false);
      expect(await cache.has("never")).toBe(false);
      await h.elapse(61);
      expect(await cache.add("once", "third", 60)).toBe(true);
      expect(await cache.get("once")).toBe("third");
    });

    it("increments and decrements, starting a missing key at 0 without a TTL", async () => {
      expect(await cache.increment("hits")).toBe(1);
      expect(await cache.increment("hits", 5)).toBe(6);
      expect(await cache.decrement("hits", 2)).toBe(4);
      expect(await cache.decrement("fresh")).toBe(-1);
      await h.elapse(86_400);
      expect(String(await cache.get("hits"))).toBe("4");
    });

    it("increments a value that put() stored", async () => {
      await cache.put("stock", 10, 60);
      expect(await cache.increment("stock", 3)).toBe(13);
    });

    it("forgets a key (true when it existed) and pulls a value out", async () => {
      await cache.put("gone", "x", 60);
      expect(await cache.forget("gone")).toBe(true);
      expect(await cache.forget("gone")).toBe(false);
      await cache.put("pulled", "y", 60);
      expect(await cache.pull("pulled")).toBe("y");
      expect(await cache.has("pulled")).toBe(false);
      expect(await cache.pull("pulled", "default")).toBe("default");
    });

    it("reads and writes many keys at once, with defaults for misses", async () => {
      expect(await cache.putMany({ a: "one", b: ["two"] }, 60)).toBe(true);
      expect(await cache.many(["a", "b", "c"])).toEqual({ a: "one", b: ["two"], c: null });
      expect(await cache.many({ a: "x", c: "fallback" })).toEqual({ a: "one", c: "fallback" });
      await h.elapse(61);
      expect(await cache.many(["a", "b"])).toEqual({ a: null, b: null });
    });

    it("touches an existing key with a new TTL, and reports false for a missing one", async () => {
      await cache.put("session", "s", 10);
      expect(await cache.touch("session", 100)).toBe(true);
      await h.elapse(50);
      expect(await cache.get("session")).toBe("s");
      expect(await cache.touch("nobody", 100)).toBe(false);
    });

    it("flushes every key", async () => {
      await cache.put("one", "1", 60);
      await cache.forever("two", "2");
      expect(await cache.flush()).toBe(true);
      expect(await cache.many(["one", "two"])).toEqual({ one: null, two: null });
    });

    it("remembers: computes on a miss, stores for the TTL, and serves the stored value after", async () => {
      let calls = 0;
      const compute = (): { n: number } => ({ n: ++calls });
      expect(await cache.remember("report", 30, compute)).toEqual({ n: 1 });
      expect(await cache.remember("report", 30, compute)).toEqual({ n: 1 });
      await h.elapse(31);
      expect(await cache.remember("report", 30, compute)).toEqual({ n: 2 });
      expect(await cache.rememberForever("forever-report", compute)).toEqual({ n: 3 });
      await h.elapse(86_400 * 365);
      expect(await cache.rememberForever("forever-report", compute)).toEqual({ n: 3 });
    });

    it("runs the callback once for 1000 concurrent remember() misses of one key", async () => {
      let calls = 0;
      const results = await Promise.all(
        Array.from({ length: 1000 }, () =>
          cache.remember("stampede", 60, async () => {
            calls++;
            await new Promise((resolve) => setTimeout(resolve, 5));
            return "computed once";
          }),
        ),
      );
      expect(calls).toBe(1);
      expect(new Set(results)).toEqual(new Set(["computed once"]));
      expect(await cache.get("stampede")).toBe("computed once");
    });

    it("serves flexible() values fresh, then stale while one background refresh runs", async () => {
      let calls = 0;
      const compute = (): string => `v${++calls}`;
      expect(await cache.flexible("dash", [10, 60], compute)).toBe("v1");
      await h.elapse(5);
      expect(await cache.flexible("dash", [10, 60], compute)).toBe("v1");
      await h.elapse(10);
      // Stale: the old value now, a refresh in the background, started once for parallel readers.
      const stale = await Promise.all([
        cache.flexible("dash", [10, 60], compute),
        cache.flexible("dash", [10, 60], compute),
      ]);
      expect(stale).toEqual(["v1", "v1"]);
      await cache.whenRefreshed();
      expect(calls).toBe(2);
      expect(await cache.flexible("dash", [10, 60], compute)).toBe("v2");
      await h.elapse(61);
      expect(await cache.flexible("dash", [10, 60], compute)).toBe("v3");
    });

    it("keeps tagged values apart and flushes only the items of the tags flushed", async () => {
      await cache.tags(["people", "authors"]).put("john", "John", 60);
      await cache.tags(["people"]).forever("anne", "Anne");
      await cache.put("untagged", "stays", 60);
      expect(await cache.tags(["people", "authors"]).get("john")).toBe("John");
      expect(await cache.get("john")).toBeNull();
      await cache.tags(["people"]).flush();
      expect(await cache.tags(["people", "authors"]).get("john")).toBeNull();
      expect(await cache.tags(["people"]).get("anne")).toBeNull();
      expect(await cache.get("untagged")).toBe("stays");
    });
  });
}
