import { describe, expect, it } from "vitest";
import { isNumeric, PhpFloat, phpFloatToString, serialize } from "../../../../src/codecs/php/index.js";
import { GOLDEN_VERSIONS, type GoldenBytes, goldenBytes, loadGolden } from "../../../helpers/golden.js";
import { type TypedValue, typedToPhp } from "../../../helpers/php-typed.js";

interface FloatCase {
  id: string;
  php: string;
  value: TypedValue;
  string: string;
  serialize: string;
}

interface NumericCase {
  id: string;
  input: GoldenBytes;
  is_numeric: boolean;
}

describe.each(GOLDEN_VERSIONS)("golden floats-string.json and is_numeric.json (%s)", (version) => {
  const floats = loadGolden<{ cases: FloatCase[] }>(version, "floats-string").cases;
  const numerics = loadGolden<{ cases: NumericCase[] }>(version, "is_numeric").cases;

  it.each(floats.map((c) => [c.id, c.php, c] as const))("%s: (string)%s is PHP's text", (_id, _php, c) => {
    const x = (typedToPhp(c.value) as PhpFloat).value;
    expect(phpFloatToString(x)).toBe(c.string);
  });

  it.each(floats.map((c) => [c.id, c.php, c] as const))(
    "%s: serialize(%s) is PHP's bytes",
    (_id, _php, c) => {
      expect(serialize(typedToPhp(c.value)).toString()).toBe(c.serialize);
    },
  );

  it.each(numerics.map((c) => [c.id, JSON.stringify(goldenBytes(c.input).toString("latin1")), c] as const))(
    "%s: is_numeric(%s) as in PHP 8",
    (_id, _shown, c) => {
      const bytes = goldenBytes(c.input);
      expect(isNumeric(bytes)).toBe(c.is_numeric);
      expect(isNumeric(bytes.toString("utf8"))).toBe(c.is_numeric);
    },
  );
});

describe("isNumeric", () => {
  it("treats ints and floats as numeric, even INF and NAN, like PHP", () => {
    expect(isNumeric(5n)).toBe(true);
    expect(isNumeric(Number.NaN)).toBe(true);
    expect(isNumeric(new PhpFloat(Number.POSITIVE_INFINITY))).toBe(true);
  });
});
