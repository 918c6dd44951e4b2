import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PhpArray, PhpFloat } from "../../../../src/codecs/php/index.js";
import { PhpJsonError, phpJsonDecode, phpJsonEncode } from "../../../../src/codecs/php-json/index.js";

function reasonOf(input: string | Buffer): string {
  try {
    phpJsonDecode(input);
  } catch (error) {
    if (error instanceof PhpJsonError) return error.reason;
    throw error;
  }
  return "no error";
}

describe("phpJsonDecode", () => {
  it("decodes like json_decode(..., true): ordered keys, int keys, int64 ints, floats beyond", () => {
    const value = phpJsonDecode(
      '{"7":1,"07":2,"-5":3,"":4,"a":{},"b":12345678901234567890,"c":-0,"d":1.0,"e":-0.0,"f":1E2,"g":9223372036854775807}',
    );
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
        ["e", new PhpFloat(-0)],
        ["f", new PhpFloat(100)],
        ["g", 2n ** 63n - 1n],
      ]),
    );
    expect(phpJsonDecode("-9223372036854775808")).toBe(-(2n ** 63n));
    expect(phpJsonDecode("-9223372036854775809")).toEqual(new PhpFloat(Number("-9223372036854775809")));
    expect(phpJsonDecode("1e400")).toEqual(new PhpFloat(Number.POSITIVE_INFINITY));
  });

  it("keeps a repeated key in its first place with the last value, in small and large objects", () => {
    expect(phpJsonDecode('{"a":1,"b":2,"a":3}')).toEqual(
      new PhpArray([
        ["a", 3n],
        ["b", 2n],
      ]),
    );
    const keys = "abcdefghijkl".split("");
    const text = `{${keys.map((k, i) => `"${k}":${i}`).join(",")},"b":99,"7":1,"7":2}`;
    const decoded = phpJsonDecode(text) as PhpArray;
    expect(decoded.size).toBe(13);
    expect(decoded.get("b")).toBe(99n);
    expect(decoded.entries[1]).toEqual(["b", 99n]);
    expect(decoded.get(7)).toBe(2n);
  });

  it("decodes escapes, surrogate pairs and raw UTF-8, from a string or from bytes", () => {
    const text = '["\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\uD83D\\uDE00\\u0000", "é😀\u007f"]';
    const expected = new PhpArray([
      [0n, '"\\/\b\f\n\r\tAé😀\u0000'],
      [1n, "é😀\u007f"],
    ]);
    expect(phpJsonDecode(text)).toEqual(expected);
    expect(phpJsonDecode(Buffer.from(text, "utf8"))).toEqual(expected);
  });

  it("rejects what PHP rejects, with PHP's reason", () => {
    const cases: Array<[string | Buffer, string]> = [
      ["", "syntax"],
      [" ", "syntax"],
      ['{"a":1', "syntax"],
      ["[1,]", "syntax"],
      ["[1}", "state-mismatch"],
      ['{"a":1]', "state-mismatch"],
      ["[}", "state-mismatch"],
      ['[false"', "ctrl-char"],
      ['"abc', "ctrl-char"],
      ["01", "syntax"],
      ["1.", "syntax"],
      ["-", "syntax"],
      ["+1", "syntax"],
      ["TRUE", "syntax"],
      ["[1] x", "syntax"],
      ["\u000b[1]", "ctrl-char"],
      ["[1]\u0000", "ctrl-char"],
      ["[1,\u0001]", "ctrl-char"],
      ["1.\u0001", "syntax"],
      ["\ufeff[1]", "syntax"],
      [Buffer.from("\xef\xbb\xbf[1]", "latin1"), "syntax"],
      ['"\\x41"', "syntax"],
      ['"a\u0001"', "ctrl-char"],
      ['"\\ud800"', "utf16"],
      ['"\\ud800\\u0041"', "utf16"],
      ['"\\udc00"', "utf16"],
      ['"a\ud800"', "utf8"],
      [Buffer.from('"\xff"', "latin1"), "utf8"],
    ];
    for (const [input, reason] of cases) expect(reasonOf(input), JSON.stringify(String(input))).toBe(reason);
  });

  it("nests 511 levels and refuses 512 (json_decode's default depth 512 counts the values inside)", () => {
    expect(reasonOf(`${"[".repeat(511)}1${"]".repeat(511)}`)).toBe("no error");
    expect(reasonOf(`${"[".repeat(512)}${"]".repeat(512)}`)).toBe("depth");
    expect(reasonOf("[[1]]")).toBe("no error");
    expect(() => phpJsonDecode("[[1]]", { depth: 2 })).toThrow(PhpJsonError);
    expect(phpJsonDecode("[1]", { depth: 2 })).toEqual(new PhpArray([[0n, 1n]]));
  });

  it("round-trips any JSON text into the same PHP-encoded bytes (decode∘encode is stable)", () => {
    fc.assert(
      fc.property(fc.json(), fc.boolean(), (text, unescapedUnicode) => {
        const once = phpJsonEncode(phpJsonDecode(text), { unescapedUnicode });
        expect(phpJsonEncode(phpJsonDecode(once), { unescapedUnicode })).toBe(once);
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
