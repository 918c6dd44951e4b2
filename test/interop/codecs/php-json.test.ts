/**
 * The php-json codec against real PHP 8.2's json_encode / json_decode (php-json.php): random
 * values encoded both ways Laravel does (JSON_UNESCAPED_UNICODE for queue payloads, no flags for
 * queue:retry and json sessions), byte for byte, refusals included; and random and edge JSON texts
 * decoded as json_decode($json, true), compared through serialize() so int/float and key order count.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { serialize } from "../../../src/codecs/php/index.js";
import { PhpJsonError, phpJsonDecode, phpJsonEncode } from "../../../src/codecs/php-json/index.js";
import { assertPhpLaravelInstalled, runPhp } from "../../helpers/php.js";
import { encodable, sometimesRefused } from "./php-json-values.js";

interface PhpJsonAnswer {
  encoded: string[];
  decoded: string[];
}

/** Ours in the script's answer form: base64 bytes, or "!" + PHP's json_last_error_msg(). */
function outcome(run: () => string | Buffer): string {
  try {
    const out = run();
    return (typeof out === "string" ? Buffer.from(out, "utf8") : out).toString("base64");
  } catch (error) {
    if (!(error instanceof PhpJsonError)) throw error;
    // Our message starts with PHP's text and goes on with where; compare PHP's part.
    const php = [
      "Maximum stack depth exceeded",
      "State mismatch (invalid or malformed JSON)",
      "Control character error, possibly incorrectly encoded",
      "Syntax error",
      "Malformed UTF-8 characters, possibly incorrectly encoded",
      "Single unpaired UTF-16 surrogate in unicode escape",
      "Inf and NaN cannot be JSON encoded",
      "Type is not supported",
    ].find((m) => error.message.startsWith(m));
    return `!${php ?? error.message}`;
  }
}

const EDGE_TEXTS = [
  "",
  " ",
  "\ufeff[1]",
  "[1]\u0000",
  "\u000b[1]",
  "TRUE",
  "nul",
  "-",
  "-0",
  "-0.0",
  "01",
  "1.",
  ".5",
  "+1",
  "1e400",
  "-1e400",
  "1E+2",
  "9223372036854775807",
  "9223372036854775808",
  "-9223372036854775808",
  "-9223372036854775809",
  "123456789012345678901234567890",
  '"\\ud800"',
  '"\\udc00"',
  '"\\ud800\\u0041"',
  '"\\ud83d\\ude00"',
  '"\\uD83D\\uDE00"',
  '"\\U0041"',
  '"\\x41"',
  '"\\',
  '"\\u12',
  '"abc',
  '["a',
  '{"a',
  '"a\u0001"',
  '"a\u007f"',
  '"a\u2028"',
  '"\\/"',
  '{"7":1,"-0":2,"07":3,"":4,"a":5,"a":6,"\\u0000x":7,"9223372036854775808":8,"-9223372036854775808":9}',
  '{"a":{"b":1},"a":2,"c":3}',
  '{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"b":10,"j":11,"a":12}',
  "[1,]",
  "[}",
  "{]",
  "[1}",
  '{"a":1]',
  '{"a"]',
  "[1,}",
  '{"a":1,}',
  "[1 2]",
  '{"a" 1}',
  "{1:1}",
  "[1] [2]",
  `${"[".repeat(511)}${"]".repeat(511)}`,
  `${"[".repeat(512)}${"]".repeat(512)}`,
  `${"[".repeat(511)}1${"]".repeat(511)}`,
  `${'{"a":'.repeat(511)}1${"}".repeat(511)}`,
  `${'{"a":'.repeat(512)}1${"}".repeat(512)}`,
];

/** A JSON text with one character replaced: mostly errors, some still valid. */
const mutatedJson = fc
  .tuple(
    fc.json(),
    fc.nat(),
    fc.constantFrom(",", "]", "}", '"', "\\", "e", "-", ".", "0", " ", "\u0001", "é"),
  )
  .map(([t, n, c]) => {
    const at = n % (t.length + 1);
    return t.slice(0, at) + c + t.slice(at + 1);
  });

beforeAll(() => assertPhpLaravelInstalled());

describe("the php-json codec against real PHP 8.2", () => {
  it("encodes random values exactly as json_encode, with and without JSON_UNESCAPED_UNICODE", async () => {
    const values = [
      ...fc.sample(encodable, { numRuns: 300 }),
      ...fc.sample(sometimesRefused, { numRuns: 150 }),
    ];
    const cases = values.flatMap((value) => [
      { value, unescapedUnicode: false },
      { value, unescapedUnicode: true },
    ]);
    const php = await runPhp<PhpJsonAnswer>("php-json", {
      encode: cases.map((c) => ({
        value: serialize(c.value).toString("base64"),
        unescapedUnicode: c.unescapedUnicode,
      })),
    });
    let refused = 0;
    cases.forEach((c, i) => {
      const ours = outcome(() => phpJsonEncode(c.value, { unescapedUnicode: c.unescapedUnicode }));
      if (ours.startsWith("!")) refused++;
      expect({ value: serialize(c.value).toString("latin1"), flags: c.unescapedUnicode, ours }).toEqual({
        value: serialize(c.value).toString("latin1"),
        flags: c.unescapedUnicode,
        ours: php.encoded[i],
      });
    });
    // Both kinds were exercised.
    expect(refused).toBeGreaterThan(20);
    expect(refused).toBeLessThan(cases.length / 2);
  });

  it("decodes random, encoded and edge JSON texts exactly as json_decode($json, true)", async () => {
    const texts = [
      ...EDGE_TEXTS,
      ...fc.sample(fc.json(), { numRuns: 300 }),
      ...fc.sample(mutatedJson, { numRuns: 300 }),
      ...fc.sample(encodable, { numRuns: 200 }).map((v) => phpJsonEncode(v, { unescapedUnicode: true })),
      ...fc.sample(encodable, { numRuns: 100 }).map((v) => phpJsonEncode(v)),
    ];
    const php = await runPhp<PhpJsonAnswer>("php-json", {
      decode: texts.map((t) => Buffer.from(t, "utf8").toString("base64")),
    });
    texts.forEach((text, i) => {
      const ours = outcome(() => serialize(phpJsonDecode(text)));
      const fromBytes = outcome(() => serialize(phpJsonDecode(Buffer.from(text, "utf8"))));
      expect({ text: text.slice(0, 200), ours, fromBytes }).toEqual({
        text: text.slice(0, 200),
        ours: php.decoded[i],
        fromBytes: php.decoded[i],
      });
    });
  });

  it("refuses bytes that are not UTF-8 as json_decode does", async () => {
    const bytes = [
      Buffer.from('"\xff"', "latin1"),
      Buffer.from('["a\xc3"]', "latin1"),
      Buffer.from('"\xed\xa0\x80"', "latin1"),
    ];
    const php = await runPhp<PhpJsonAnswer>("php-json", { decode: bytes.map((b) => b.toString("base64")) });
    bytes.forEach((b, i) => {
      expect(outcome(() => serialize(phpJsonDecode(b)))).toBe(php.decoded[i]);
    });
  });
});
