import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  isNumeric,
  PhpFloat,
  phpFloatToString,
  serialize,
  unserialize,
} from "../../../src/codecs/php/index.js";
import { assertPhpLaravelInstalled, runPhp } from "../../helpers/php.js";
import { phpValueArbitrary } from "../../helpers/php-arbitrary.js";

// Classes php-classes.php declares (C:, E:); O: classes are deliberately unknown to PHP, so it
// keeps them as __PHP_Incomplete_Class and must write back exactly what it read.
const arbitrary = phpValueArbitrary({
  classNames: ["stdClass", "Gone\\Model", "Foo_Bar9", "Ünï\\Cödé"],
  customClasses: ["App\\Legacy", "ArrayObjectish"],
  nestedClasses: ["App\\Nested"],
  enumCases: [
    ["App\\Status", "Active"],
    ["App\\Status", "Closed"],
    ["App\\Currency", "Eur"],
    ["Suit", "Hearts"],
  ],
});

interface Reserialized {
  bytes: string | null;
  errors: string[];
}

async function phpReserialize(payloads: Buffer[]): Promise<Reserialized[]> {
  return runPhp<Reserialized[]>("php-reserialize", { payloads: payloads.map((p) => p.toString("base64")) });
}

beforeAll(() => assertPhpLaravelInstalled());

describe("PHP serialize codec against real PHP 8.2", () => {
  it("writes values PHP reads back and re-serializes to the very same bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbitrary, { minLength: 80, maxLength: 80 }), async (values) => {
        const ours = values.map((v) => serialize(v));
        const theirs = await phpReserialize(ours);
        ours.forEach((bytes, i) => {
          const answer = theirs[i] as Reserialized;
          expect({ input: bytes.toString("latin1"), errors: answer.errors }).toEqual({
            input: bytes.toString("latin1"),
            errors: [],
          });
          expect(Buffer.from(answer.bytes ?? "", "base64").toString("latin1")).toBe(bytes.toString("latin1"));
        });
      }),
      { numRuns: 6 },
    );
  });

  it("reads values PHP makes (every visibility, Serializable, enums, references, Laravel objects) and writes PHP's bytes back", async () => {
    for (const seed of [1, 2, 3]) {
      const payloads = await runPhp<string[]>("php-generate", { seed, count: 250 });
      for (const b64 of payloads) {
        const bytes = Buffer.from(b64, "base64");
        expect(serialize(unserialize(bytes)).toString("latin1")).toBe(bytes.toString("latin1"));
      }
    }
  });

  it("formats random doubles exactly like PHP's (string)$float and serialize()", async () => {
    const special = [
      0,
      -0,
      0.1,
      1 / 3,
      1e14,
      1e15,
      1e17,
      1e25,
      5e-324,
      12345678901234.5,
      123456789012345,
      0.5e-4,
    ];
    const nice = fc
      .sample(fc.integer({ min: -99_999_999, max: 99_999_999 }), 500)
      .map((n, i) => n / 10 ** (i % 12));
    const ties = fc.sample(fc.integer({ min: 1, max: 9_999_999_999 }), 300).map((n) => n + 0.5);
    const random = fc.sample(fc.double(), 1500);
    const doubles = [...special, ...nice, ...ties, ...random];
    const bits = doubles.map((x) => {
      const b = Buffer.alloc(8);
      b.writeDoubleBE(x);
      return b.toString("hex");
    });
    const php = await runPhp<{ precision: string; results: Array<{ string: string; serialize: string }> }>(
      "php-floats",
      { bits },
    );
    expect(php.precision).toBe("14");
    doubles.forEach((x, i) => {
      const expected = php.results[i] as { string: string; serialize: string };
      expect({ x, string: phpFloatToString(x) }).toEqual({ x, string: expected.string });
      expect({ x, serialize: serialize(new PhpFloat(x)).toString() }).toEqual({
        x,
        serialize: expected.serialize,
      });
    });
  });

  it("agrees with PHP 8's is_numeric on random numeric-looking strings", async () => {
    const piece = fc.constantFrom(
      " ",
      "\t",
      "\n",
      "\v",
      "\f",
      "\r",
      "\0",
      "+",
      "-",
      ".",
      "e",
      "E",
      "0",
      "1",
      "9",
      "x",
      "_",
      ",",
      "\u00a0",
    );
    const strings = fc.sample(
      fc.array(piece, { maxLength: 8 }).map((p) => p.join("")),
      3000,
    );
    const php = await runPhp<boolean[]>("php-is-numeric", {
      strings: strings.map((s) => Buffer.from(s, "utf8").toString("base64")),
    });
    strings.forEach((s, i) => {
      expect({ s, numeric: isNumeric(s) }).toEqual({ s, numeric: php[i] });
    });
  });
});
