import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { phpJsonDecode } from "../../../../adapters/queue/php-json-decode.js";
import { phpJsonEncode, phpJsonFloat } from "../../../../adapters/queue/php-json-encode.js";
import { PhpArray, PhpFloat } from "../../../../src/codecs/php/values.js";
import { InvalidPayloadError } from "../../../../src/errors/queue-errors.js";

describe("phpJsonEncode", () => {
  it("prints floats as PHP 8.2 json_encode does with serialize_precision -1", () => {
    // Recorded with php -r 'echo json_encode([...], JSON_UNESCAPED_UNICODE);'
    const inputs = [1.5, 0.1, 1e17, 1e16, 1e-5, 0.0001, -0, 1.5e-7, 1e25, 2.5e-300, 123.456];
    expect(inputs.map((x) => phpJsonFloat(x))).toEqual([
      "1.5",
      "0.1",
      "1.0e+17",
      "10000000000000000",
      "1.0e-5",
      "0.0001",
      "-0",
      "1.5e-7",
      "1.0e+25",
      "2.5e-300",
      "123.456",
    ]);
  });

  it("escapes slashes, control characters and line terminators but keeps other UTF-8 raw", () => {
    expect(phpJsonEncode('a/b\u2028é\u0001\u007f"\\\n')).toBe('"a\\/b\\u2028é\\u0001\u007f\\"\\\\\\n"');
    expect(phpJsonEncode(["é😀"], { escapeUnicode: true })).toBe('["\\u00e9\\ud83d\\ude00"]');
  });

  it("writes PHP lists as arrays and other PHP arrays as objects", () => {
    const list = new PhpArray([
      [0n, "a"],
      [1n, "b"],
    ]);
    const map = new PhpArray([
      [1n, "a"],
      ["x", new PhpFloat(1)],
    ]);
    expect(phpJsonEncode({ list, map, empty: new PhpArray() })).toBe(
      '{"list":["a","b"],"map":{"1":"a","x":1},"empty":[]}',
    );
  });

  it("refuses values PHP cannot encode", () => {
    expect(() => phpJsonEncode({ a: Number.NaN })).toThrow(InvalidPayloadError);
    expect(() => phpJsonEncode("\ud800")).toThrow(/lone surrogate/);
    expect(() => phpJsonEncode([undefined])).toThrow(/no JSON form/);
  });
});

describe("phpJsonDecode", () => {
  it("decodes like json_decode(..., true): ordered keys, int keys, int64 ints, floats beyond", () => {
    const value = phpJsonDecode('{"7":1,"07":2,"-5":3,"":4,"a":{},"b":12345678901234567890,"c":-0,"d":1.0}');
    expect(value).toEqual(
      new PhpArray([
        [7n, 1n],
        ["07", 2n],
        [-5n, 3n],
        ["", 4n],
        ["a", new PhpArray()],
        ["b", new PhpFloat(Number("12345678901234567890"))],
        ["c", 0n],
        ["d", new PhpFloat(1)],
      ]),
    );
  });

  it("rejects what PHP rejects", () => {
    for (const bad of [
      '{"a":1',
      "[1,]",
      '"\\ud800"',
      '"a\u0001"',
      "01",
      "[1] x",
      "[".repeat(513) + "]".repeat(513),
    ]) {
      expect(() => phpJsonDecode(bad), bad).toThrow(InvalidPayloadError);
    }
  });

  it("round-trips any JSON text into the same PHP-encoded bytes (decode∘encode is stable)", () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const once = phpJsonEncode(phpJsonDecode(text));
        expect(phpJsonEncode(phpJsonDecode(once))).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with JSON.parse on the values of plain JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const fromPhp = JSON.parse(phpJsonEncode(phpJsonDecode(text)));
        // PHP turns {} into [] and integral floats into ints; compare through a normaliser.
        expect(normalise(fromPhp)).toEqual(normalise(JSON.parse(text)));
      }),
      { numRuns: 300 },
    );
  });
});

function normalise(value: unknown): unknown {
  if (Array.isArray(value))
    return value.length === 0 ? {} : Object.fromEntries(value.map((v, i) => [i, normalise(v)]));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  }
  if (typeof value === "number" && Object.is(value, -0)) return 0;
  return value;
}
