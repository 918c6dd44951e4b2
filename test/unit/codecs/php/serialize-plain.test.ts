import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromPlain, PhpArray, PhpFloat, serialize } from "../../../../src/codecs/php/index.js";
import { serializePlain } from "../../../../src/codecs/php/serialize-plain.js";

type Outcome = { bytes: string } | { error: { name: string; message: string } };

function outcome(run: () => string | Buffer): Outcome {
  try {
    const result = run();
    return { bytes: (typeof result === "string" ? Buffer.from(result, "utf8") : result).toString("hex") };
  } catch (error) {
    const { name, message } = error as Error;
    return { error: { name, message } };
  }
}

/** The fast path must write exactly serialize(fromPlain(value))'s bytes, or fail with the same error. */
function expectSameAsFullPath(value: unknown): void {
  const fast = outcome(() => serializePlain(value));
  const full = outcome(() => serialize(fromPlain(value)));
  if (JSON.stringify(fast) !== JSON.stringify(full)) {
    expect.fail(`differs for ${inspect(value)}: ${inspect(fast)} vs ${inspect(full)}`);
  }
}

const key = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom("0", "7", "-3", "07", "-0", "9223372036854775808", "__proto__", "__class", "é", "\uD800"),
);
const plain: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
    fc.integer(),
    fc.maxSafeInteger(),
    fc.double(),
    fc.constantFrom(-0, 0.1, 1e25, 1e-7, 2 ** 53, 12.5, Number.NaN, Number.POSITIVE_INFINITY),
    fc.string(),
    fc.string({ unit: "grapheme", maxLength: 6 }),
    fc.string({ unit: "binary", maxLength: 4 }),
    fc.bigInt(),
    fc.uint8Array({ maxLength: 4 }).map((b) => Buffer.from(b)),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.sparseArray(fc.integer(), { maxLength: 3 }),
    fc.dictionary(key, tie("value"), { maxKeys: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 3, noNullPrototype: false }),
  ),
})).value;

describe("serializePlain", () => {
  it("writes a cached API payload as serialize(fromPlain()) does", () => {
    const payload = {
      rows: [{ id: 1, name: "Ada", price: 12.5, tags: ["a"], ok: true, note: null }],
      total: 1,
    };
    expect(serializePlain(payload).toString()).toBe(
      'a:2:{s:4:"rows";a:1:{i:0;a:6:{s:2:"id";i:1;s:4:"name";s:3:"Ada";s:5:"price";d:12.5;s:4:"tags";a:1:{i:0;s:1:"a";}s:2:"ok";b:1;s:4:"note";N;}}s:5:"total";i:1;}',
    );
    expectSameAsFullPath(payload);
  });

  it("counts string lengths in UTF-8 bytes and keeps PHP's int-key rule", () => {
    expectSameAsFullPath({ "7": "seven", "07": "oh-seven", "-1": "minus", ünï: "cödé 🎉" });
    expect(serializePlain({ "7": "x" }).toString()).toBe('a:1:{i:7;s:1:"x";}');
  });

  it("skips undefined properties and writes -0 as the int 0, like fromPlain()", () => {
    expect(serializePlain({ a: undefined, b: -0 }).toString()).toBe('a:1:{s:1:"b";i:0;}');
    expectSameAsFullPath({ a: undefined, b: -0, c: 1.5 });
  });

  it("gives the full path's answer for values outside the everyday subset", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const holey: unknown[] = new Array(3);
    holey[0] = 1;
    holey[2] = 3;
    for (const value of [
      10n,
      Buffer.from([0xff]),
      new Map([["a", 1]]),
      new PhpArray([[0n, new PhpFloat(1)]]),
      { __class: "App\\Models\\User", id: 5 },
      "lone \uD800",
      holey,
      [undefined],
      new Date(0),
      cycle,
      () => 1,
      Symbol("s"),
    ]) {
      expectSameAsFullPath(value);
    }
  });

  it("agrees with serialize(fromPlain()) on random plain values, errors included", () => {
    fc.assert(
      fc.property(plain, (value) => {
        expectSameAsFullPath(value);
      }),
      { numRuns: 2000 },
    );
  });

  it("writes floats with few fraction digits exactly as phpFloatRepr() does", () => {
    // m / 10^j: the floats serializePlain() writes from m's digits instead of String(x).
    const shortDecimal = fc
      .tuple(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.integer({ min: 0, max: 8 }))
      .map(([m, j]) => m / 10 ** j);
    fc.assert(
      fc.property(shortDecimal, (x) => {
        expectSameAsFullPath(x);
      }),
      { numRuns: 5000 },
    );
    const everyday = [0.07, 1.1, 0.1 + 0.2, 4.35, -12.5, 1.000001];
    // Around the edges of the digits path: 1e-4, 10^15 and 2^53.
    const edges = [1e-4, 9.99999e-5, 99999999999999.98, 999999999999999.9, 1e15 + 0.5, 2 ** 53 - 0.5];
    const unsafeIntegers = [2 ** 53, 1e16, 1e21];
    for (const x of [...everyday, ...edges, ...unsafeIntegers]) {
      expectSameAsFullPath(x);
      expectSameAsFullPath({ x });
    }
  });

  it("keeps to own keys when Object.prototype has an enumerable property", () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = 1;
    try {
      expectSameAsFullPath({ a: 1, b: { c: [1] } });
    } finally {
      delete proto.polluted;
    }
  });

  it("gives a consistent answer when a getter changes its mind", () => {
    let reads = 0;
    // undefined on odd reads: the fast path's count and entries disagree, the full path reads once.
    const fickle = {
      get x() {
        reads++;
        return reads % 2 === 1 ? undefined : 1;
      },
    };
    expect(serializePlain(fickle).toString()).toBe("a:0:{}");
  });

  it("stays correct when re-entered from a getter, after a bail and after a throw", () => {
    const inner = { x: [1.5, "é"] };
    const outer = {
      get nested() {
        return serializePlain(inner).toString("latin1");
      },
    };
    expectSameAsFullPath(outer);
    expectSameAsFullPath({ a: "ok", b: ["lone \uD800"] });
    const throwing = {
      a: "x".repeat(100),
      get b(): never {
        throw new Error("getter failed");
      },
    };
    expect(() => serializePlain(throwing)).toThrow("getter failed");
    expectSameAsFullPath(inner);
  });

  it("writes values larger than its output buffer (20 KB, long and non-ASCII strings)", () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({
      id: i,
      price: 12.5 + i / 100,
      note: i % 3 === 0 ? "ü".repeat(40 + i) : "x".repeat(i),
    }));
    expectSameAsFullPath({ rows, total: rows.length, big: "€".repeat(9000) });
    expectSameAsFullPath(Object.fromEntries(rows.map((row, i) => [`k${i}`, row])));
  });

  it("writes keys it has met before (its key token cache) as it wrote them the first time", () => {
    const keys = ["a", "ab", "abc", "abcd", "x".repeat(24), "y".repeat(25), "é".repeat(24), "🎉".repeat(12)];
    const value = Object.fromEntries(keys.map((k, i) => [k, i]));
    // More distinct keys than the cache holds, so it starts over on the way.
    const many = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`key_${i}`, i % 2 === 0]));
    for (let round = 0; round < 3; round++) {
      expectSameAsFullPath(value);
      expectSameAsFullPath(many);
    }
  });

  it("writes keys met before at the end of its output buffer", () => {
    // Outputs of many lengths (short strings, so no big room asked for ahead) fill the shared
    // 8 KB buffer: the keys land at every distance from its end.
    const keys = { a: 1, ab: 2, abcdefgh: 3, ["x".repeat(24)]: 4, ["é".repeat(9)]: 5 };
    for (let k = 0; k < 600; k++) {
      const pad = ["q".repeat(k % 31), ...Array.from({ length: k % 97 }, () => "p".repeat(24))];
      expectSameAsFullPath({ pad, ...keys });
      // A non-ASCII key met for the first time there, then again.
      const firstSeen = { pad, [`${"é".repeat(9)}${k}`]: 6 };
      expectSameAsFullPath(firstSeen);
      expectSameAsFullPath(firstSeen);
    }
  });

  it("agrees on nesting deeper than its own fast-path limit", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 100; i++) deep = [deep];
    expectSameAsFullPath(deep);
  });
});
