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
    expect(serializePlain(payload)).toBe(
      'a:2:{s:4:"rows";a:1:{i:0;a:6:{s:2:"id";i:1;s:4:"name";s:3:"Ada";s:5:"price";d:12.5;s:4:"tags";a:1:{i:0;s:1:"a";}s:2:"ok";b:1;s:4:"note";N;}}s:5:"total";i:1;}',
    );
    expectSameAsFullPath(payload);
  });

  it("counts string lengths in UTF-8 bytes and keeps PHP's int-key rule", () => {
    expectSameAsFullPath({ "7": "seven", "07": "oh-seven", "-1": "minus", ünï: "cödé 🎉" });
    expect(serializePlain({ "7": "x" })).toBe('a:1:{i:7;s:1:"x";}');
  });

  it("skips undefined properties and writes -0 as the int 0, like fromPlain()", () => {
    expect(serializePlain({ a: undefined, b: -0 })).toBe('a:1:{s:1:"b";i:0;}');
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

  it("agrees on nesting deeper than its own fast-path limit", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 100; i++) deep = [deep];
    expectSameAsFullPath(deep);
  });
});
