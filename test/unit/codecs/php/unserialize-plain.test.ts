import { inspect, isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  fromPlain,
  type PlainObject,
  type PlainValue,
  serialize,
  toPlain,
  type UnserializeOptions,
  unserialize,
} from "../../../../src/codecs/php/index.js";
import { unserializePlain } from "../../../../src/codecs/php/unserialize-plain.js";
import { GOLDEN_VERSIONS, type GoldenBytes, goldenBytes, loadGolden } from "../../../helpers/golden.js";
import { phpValueArbitrary } from "../../../helpers/php-arbitrary.js";

type Outcome = { value: PlainValue } | { error: { name: string; message: string } };

function outcome(run: () => PlainValue): Outcome {
  try {
    return { value: run() };
  } catch (error) {
    const { name, message } = error as Error;
    return { error: { name, message } };
  }
}

/** The fast path must give exactly what the full path gives: the same value (prototypes, -0, Buffers) or the same error. */
function expectSameAsFullPath(bytes: Buffer, options?: UnserializeOptions): void {
  const fast = outcome(() => unserializePlain(bytes, options));
  const full = outcome(() => toPlain(unserialize(bytes, options)));
  if (!isDeepStrictEqual(fast, full)) {
    expect.fail(
      `differs for ${JSON.stringify(bytes.toString("latin1"))}: ${inspect(fast)} vs ${inspect(full)}`,
    );
  }
}

const jsonish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.maxSafeInteger(),
    fc.double({ noNaN: true }),
    fc.constantFrom(0.5, 12.25, -0, 1e21, 19.99),
    fc.string({ maxLength: 10 }),
    fc.string({ unit: "grapheme", maxLength: 6 }),
    fc.constantFrom("", "7", "-1", "07", "__proto__", "constructor", "toString"),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(
      fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("0", "1", "-3", "__proto__")),
      tie("value"),
      {
        maxKeys: 5,
      },
    ),
  ),
})).value;

describe("unserializePlain", () => {
  it("reads a cached list of rows as toPlain(unserialize()) does", () => {
    const bytes = serialize(
      fromPlain({ rows: [{ id: 1, name: "Ada", price: 12.5, tags: ["a"], ok: true, note: null }] }),
    );
    const plain = unserializePlain(bytes) as PlainObject;
    expect(Object.getPrototypeOf(plain)).toBeNull();
    expect(plain).toEqual({ rows: [{ id: 1, name: "Ada", price: 12.5, tags: ["a"], ok: true, note: null }] });
    expectSameAsFullPath(bytes);
  });

  it("turns an array into an object when its keys stop counting 0, 1, 2…, as toPlain() does", () => {
    const bytes = Buffer.from('a:3:{i:0;s:1:"a";i:1;s:1:"b";i:5;s:1:"c";}', "latin1");
    const plain = unserializePlain(bytes);
    expect(Array.isArray(plain)).toBe(false);
    expect(plain).toEqual({ 0: "a", 1: "b", 5: "c" });
    expectSameAsFullPath(bytes);
  });

  it("keeps __proto__ an ordinary own key of a null-prototype object", () => {
    const bytes = Buffer.from('a:1:{s:9:"__proto__";a:1:{s:7:"isAdmin";b:1;}}', "latin1");
    const plain = unserializePlain(bytes) as PlainObject;
    expect(Object.keys(plain)).toEqual(["__proto__"]);
    expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
    expectSameAsFullPath(bytes);
  });

  it("gives the full path's answer for objects, references, big ints, floats with exponents and binary strings", () => {
    for (const text of [
      'O:8:"stdClass":1:{s:1:"a";i:1;}',
      "a:2:{i:0;a:0:{}i:1;r:2;}",
      "i:9007199254740993;",
      "d:1.0E+25;",
      "d:NAN;",
      "d:-0;",
      's:2:"\xff\xfe";',
      'a:1:{s:1:"7";i:1;}',
      'a:2:{s:1:"a";i:1;s:1:"a";i:2;}',
      "i:007;",
      "i:-0;",
      "b:2;",
      "N;trailing",
    ]) {
      expectSameAsFullPath(Buffer.from(text, "latin1"));
    }
  });

  it("applies the caller's limits exactly as unserialize() does", () => {
    const nested = serialize(fromPlain([[[[1]]]]));
    expectSameAsFullPath(nested, { maxDepth: 3 });
    expectSameAsFullPath(nested, { maxDepth: 4 });
    expectSameAsFullPath(serialize(fromPlain([1, 2, 3])), { maxElements: 3 });
    expectSameAsFullPath(serialize(fromPlain([1, 2, 3])), { maxElements: 4 });
    expectSameAsFullPath(serialize(fromPlain("x".repeat(100))), { maxBytes: 50 });
    expectSameAsFullPath(serialize(fromPlain(Array.from({ length: 200 }, () => [[]]))));
  });

  it.each(GOLDEN_VERSIONS)("agrees with the full path on every %s serialize.json value", (version) => {
    const golden = loadGolden<{ cases: Array<{ bytes: GoldenBytes }> }>(version, "serialize");
    for (const c of golden.cases) expectSameAsFullPath(goldenBytes(c.bytes));
  });

  it.each(GOLDEN_VERSIONS)(
    "fails like the full path on every %s unserialize_invalid.json input",
    (version) => {
      const golden = loadGolden<{ cases: Array<{ bytes: GoldenBytes }> }>(version, "unserialize_invalid");
      for (const c of golden.cases) expectSameAsFullPath(goldenBytes(c.bytes));
    },
  );

  it("agrees with the full path on random JSON-like values", () => {
    fc.assert(
      fc.property(jsonish, (value) => {
        expectSameAsFullPath(serialize(fromPlain(value)));
      }),
      { numRuns: 500 },
    );
  });

  it("agrees with the full path on random PHP values (objects, enums, references, binary strings)", () => {
    fc.assert(
      fc.property(phpValueArbitrary(), (value) => {
        expectSameAsFullPath(serialize(value));
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with the full path on truncated and corrupted bytes", () => {
    fc.assert(
      fc.property(jsonish, fc.nat(), fc.integer({ min: 0, max: 255 }), (value, at, byte) => {
        const bytes = Buffer.from(serialize(fromPlain(value)));
        const cut = at % (bytes.length + 1);
        expectSameAsFullPath(bytes.subarray(0, cut));
        if (bytes.length > 0) {
          const corrupted = Buffer.from(bytes);
          corrupted[at % bytes.length] = byte;
          expectSameAsFullPath(corrupted);
        }
      }),
      { numRuns: 500 },
    );
  });
});
