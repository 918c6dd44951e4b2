/**
 * json_encode / json_decode as Laravel's Store runs them for `session.serialization = 'json'`,
 * compared byte for byte with real PHP 8.2 on random values (floats, big ints, unicode, slashes,
 * lists vs maps, nesting).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { phpJsonDecode, phpJsonEncode } from "../../../../adapters/session/php-json.js";
import {
  PhpArray,
  type PhpArrayKey,
  PhpFloat,
  type PhpValue,
  serialize,
} from "../../../../src/codecs/php/index.js";
import { assertPhpLaravelInstalled, runPhp } from "../../../helpers/php.js";

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom(
    "a/b",
    "http://x/y?z=1",
    "é",
    "😀",
    "\u2028",
    "\u007f",
    "\t\n\r\b\f",
    '"\\',
    "0",
    "07",
    "-0",
  ),
);
const scalar: fc.Arbitrary<PhpValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => new PhpFloat(x)),
  fc.constantFrom(0.1, 1e25, 1e-7, 0.0001, 1e17, 123456789.125, -0, 5e-324).map((x) => new PhpFloat(x)),
  text,
);
const value: fc.Arbitrary<PhpValue> = fc.letrec<{ v: PhpValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("v"), { maxLength: 4 }).map((xs) => new PhpArray(xs.map((x, i) => [BigInt(i), x]))),
    fc
      .uniqueArray(fc.tuple(fc.oneof(text, fc.bigInt({ min: -5n, max: 5n })), tie("v")), {
        maxLength: 4,
        selector: ([k]) => String(k),
      })
      .map((entries) => {
        const seen = new Set<string>();
        const out: Array<[PhpArrayKey, PhpValue]> = [];
        for (const [k, v] of entries) {
          const key: PhpArrayKey = typeof k === "string" && /^(0|-?[1-9]\d{0,17})$/.test(k) ? BigInt(k) : k;
          if (seen.has(String(key))) continue;
          seen.add(String(key));
          out.push([key, v]);
        }
        return new PhpArray(out);
      }),
  ),
})).v;

describe("PHP json for json-serialized sessions", () => {
  it("encodes random values exactly as PHP's json_encode, and decodes as json_decode(…, true)", async () => {
    assertPhpLaravelInstalled();
    const samples = fc.sample(value, { numRuns: 400, seed: 42 });
    const encodable = samples.filter((v) => {
      try {
        phpJsonEncode(v);
        return true;
      } catch {
        return false;
      }
    });
    const answer = await runPhp<{ encoded: Array<string | null>; decoded: Array<string | null> }>(
      "session-json",
      {
        encode: samples.map((v) => serialize(v).toString("base64")),
        decode: encodable.map((v) => phpJsonEncode(v).toString("utf8")),
      },
    );
    samples.forEach((v, i) => {
      const php = answer.encoded[i];
      let ours: string | null;
      try {
        ours = phpJsonEncode(v).toString("base64");
      } catch {
        ours = null;
      }
      expect(ours, `json_encode of ${serialize(v).toString("latin1")}`).toBe(php);
    });
    encodable.forEach((v, i) => {
      const json = phpJsonEncode(v);
      expect(serialize(phpJsonDecode(json)).toString("base64"), json.toString("utf8")).toBe(
        answer.decoded[i],
      );
    });
    expect(encodable.length).toBeGreaterThan(300);
  });
});
