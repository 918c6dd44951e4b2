import { describe, expect, it } from "vitest";
import {
  PhpArray,
  PhpCustom,
  PhpEnum,
  PhpFloat,
  PhpObject,
  PhpObjectRef,
  PhpReference,
} from "../../../../src/codecs/php/index.js";
import { PhpJsonError, phpJsonEncode, phpJsonFloat } from "../../../../src/codecs/php-json/index.js";

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof PhpJsonError) return `${error.reason} ${error.path}`;
    throw error;
  }
  return "no error";
}

function nested(levels: number): PhpArray {
  let value = new PhpArray();
  for (let i = 1; i < levels; i++) value = new PhpArray([[0n, value]]);
  return value;
}

describe("phpJsonEncode", () => {
  it("prints floats as PHP 8.2 json_encode does with serialize_precision -1", () => {
    // Recorded with php -r 'echo json_encode([...]);'
    const cases: Array<[number, string]> = [
      [1.5, "1.5"],
      [1, "1"],
      [100, "100"],
      [0.1, "0.1"],
      [-0, "-0"],
      [0.0001, "0.0001"],
      [0.00001, "1.0e-5"],
      [1.5e-7, "1.5e-7"],
      [1e16, "10000000000000000"],
      [1e17, "1.0e+17"],
      [1.2345678901234568e17, "1.2345678901234568e+17"],
      [1e25, "1.0e+25"],
      [2.5e-300, "2.5e-300"],
      [5e-324, "5.0e-324"],
      [1.7976931348623157e308, "1.7976931348623157e+308"],
      [-123.456, "-123.456"],
    ];
    for (const [x, php] of cases) {
      expect(phpJsonFloat(x), String(x)).toBe(php);
      expect(phpJsonEncode(new PhpFloat(x)), String(x)).toBe(php);
    }
  });

  it("escapes slashes and control characters always, non-ASCII unless JSON_UNESCAPED_UNICODE", () => {
    const s = 'a/b\u2028\u2029é😀\u0000\u0001\u001f\u007f"\\\n\t\r\b\f';
    expect(phpJsonEncode(s, { unescapedUnicode: true })).toBe(
      '"a\\/b\\u2028\\u2029é😀\\u0000\\u0001\\u001f\u007f\\"\\\\\\n\\t\\r\\b\\f"',
    );
    expect(phpJsonEncode(s)).toBe(
      '"a\\/b\\u2028\\u2029\\u00e9\\ud83d\\ude00\\u0000\\u0001\\u001f\u007f\\"\\\\\\n\\t\\r\\b\\f"',
    );
    expect(phpJsonEncode(Buffer.from("é/", "utf8"))).toBe('"\\u00e9\\/"');
  });

  it("writes PHP lists as arrays and other PHP arrays as objects, keys as strings", () => {
    const list = new PhpArray([
      [0n, "a"],
      [1n, "b"],
    ]);
    const map = new PhpArray([
      [1n, "a"],
      ["x", new PhpFloat(1)],
    ]);
    const unordered = new PhpArray([
      [1n, "a"],
      [0n, "b"],
    ]);
    expect(
      phpJsonEncode(
        new PhpArray([
          [0n, list],
          [1n, map],
          [2n, unordered],
          [3n, new PhpArray()],
        ]),
      ),
    ).toBe('[["a","b"],{"1":"a","x":1},{"1":"a","0":"b"},[]]');
  });

  it("writes an object's public properties only; an incomplete one names its class first", () => {
    const props = [
      { name: "a", visibility: "public" as const, value: 1n },
      { name: "b", visibility: "protected" as const, value: 2n },
      { name: "c", visibility: "private" as const, declaringClass: "Foo", value: 3n },
      { name: 5n, visibility: "public" as const, value: "x" },
    ];
    expect(phpJsonEncode(new PhpObject("Foo", props))).toBe('{"a":1,"5":"x"}');
    expect(phpJsonEncode(new PhpObject("Foo", props, true))).toBe(
      '{"__PHP_Incomplete_Class_Name":"Foo","a":1,"5":"x"}',
    );
    expect(phpJsonEncode(new PhpObject("stdClass"))).toBe("{}");
  });

  it("takes plain JS values: integral numbers as ints, toJSON, undefined properties left out", () => {
    const value = {
      n: 1,
      f: 1.5,
      neg: -0,
      big: 2n ** 63n - 1n,
      when: new Date(0),
      gone: undefined,
      list: [true, null],
    };
    expect(phpJsonEncode(value)).toBe(
      '{"n":1,"f":1.5,"neg":0,"big":9223372036854775807,"when":"1970-01-01T00:00:00.000Z","list":[true,null]}',
    );
    // A plain object may well have a `kind` key: it is data, not a PhpValue tag.
    expect(phpJsonEncode({ kind: "ref", index: 1 })).toBe('{"kind":"ref","index":1}');
  });

  it("refuses what PHP refuses, and what has no JSON form here, saying where", () => {
    expect(reasonOf(() => phpJsonEncode({ a: [Number.NaN] }))).toBe("inf-or-nan $.a[0]");
    expect(reasonOf(() => phpJsonEncode(new PhpFloat(Number.POSITIVE_INFINITY)))).toBe("inf-or-nan $");
    expect(reasonOf(() => phpJsonEncode({ s: "a\ud800" }))).toBe("utf8 $.s");
    expect(reasonOf(() => phpJsonEncode("\udc00\ud800"))).toBe("utf8 $");
    expect(reasonOf(() => phpJsonEncode(new PhpArray([["k", Buffer.from([0xff])]])))).toBe("utf8 $.k");
    expect(reasonOf(() => phpJsonEncode(new PhpArray([[Buffer.from([0xff]), 1n]])))).toBe("utf8 $");
    expect(reasonOf(() => phpJsonEncode([1, undefined]))).toBe("unsupported-type $[1]");
    expect(reasonOf(() => phpJsonEncode({ f: () => 1 }))).toBe("unsupported-type $.f");
    for (const v of [
      new PhpEnum("Suit", "Hearts"),
      new PhpCustom("Legacy", Buffer.from("x")),
      new PhpObjectRef(1),
      new PhpReference(1),
    ]) {
      expect(reasonOf(() => phpJsonEncode([v]))).toBe("unsupported-type $[0]");
    }
  });

  it("nests 512 levels and refuses 513, like json_encode's default depth; a cycle fails the same way", () => {
    expect(phpJsonEncode(nested(512))).toBe(`${"[".repeat(512)}${"]".repeat(512)}`);
    expect(reasonOf(() => phpJsonEncode(nested(513))).split(" ")[0]).toBe("depth");
    expect(reasonOf(() => phpJsonEncode(nested(3), { depth: 2 })).split(" ")[0]).toBe("depth");
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(reasonOf(() => phpJsonEncode(cycle)).split(" ")[0]).toBe("depth");
  });
});
