import { describe, expect, it } from "vitest";
import {
  PhpArray,
  PhpCustom,
  PhpEnum,
  PhpObject,
  PhpReference,
  PhpUnserializeError,
  type PhpValue,
  unserialize,
} from "../../../../src/codecs/php/index.js";
import { GOLDEN_VERSIONS, type GoldenBytes, goldenBytes, loadGolden } from "../../../helpers/golden.js";
import { type TypedValue, typedToPhp } from "../../../helpers/php-typed.js";

interface InvalidCase {
  id: string;
  description: string;
  bytes: GoldenBytes;
  outcome: "false" | "value" | "throws";
  result?: TypedValue;
}

type Ours = { throws: true } | { value: PhpValue; options?: { maxDepth: number } };

/**
 * Our deliberate deviations from PHP 8.2's outcome, one line of reason each. Every other case must
 * match PHP: PHP false/throws → PhpUnserializeError; PHP accepts → the same value.
 */
const DEVIATIONS: Record<string, { ours: Ours; why: string }> = {
  "bad-006": {
    ours: { throws: true },
    why: "PHP clamps an overflowing int to PHP_INT_MAX (money!); we refuse",
  },
  "bad-033": {
    ours: { throws: true },
    why: "trailing bytes after the value are an error (PHP 8.3 warns too)",
  },
  "bad-056": {
    ours: { throws: true },
    why: "trailing bytes after the value are an error (PHP 8.3 warns too)",
  },
  "bad-057": {
    ours: { throws: true },
    why: "trailing bytes after the value are an error (PHP 8.3 warns too)",
  },
  "bad-040": {
    ours: { value: new PhpObject("stdClass", [{ name: 2n, visibility: "public", value: "g" }]) },
    why: "an i: property key stays an int (lossless); PHP's stdClass turns it into the name '2'",
  },
  "bad-041": {
    ours: { value: new PhpCustom("stdClass", Buffer.alloc(0)) },
    why: "we cannot know that stdClass is not Serializable: the C: payload is kept as it is",
  },
  "bad-044": {
    ours: { value: new PhpEnum("Nope\\naiwis", "A") },
    why: "we load no classes, so an enum of a class we cannot check is kept as data",
  },
  "bad-045": {
    ours: { value: new PhpEnum("Golden\\Wubrapi\\StaiStatus", "Nopenaiwis") },
    why: "we load no classes, so an enum case we cannot check is kept as data",
  },
  "bad-046": {
    ours: { value: new PhpObject("Golden\\Wubrapi\\StaiStatus") },
    why: "we cannot know the class is an enum; O: stays inert data, nothing is instantiated",
  },
  "bad-052": {
    ours: {
      value: new PhpArray([
        [0n, 1n],
        [1n, new PhpReference(1)],
      ]),
    },
    why: "R:1 is kept as a reference (re-serializes to the same bytes); toPlain() gives null there like PHP",
  },
  "bad-060": {
    ours: { throws: true },
    why: "our default maxDepth is 512 (PHP: 4096); with { maxDepth: 4096 } we accept it (tested below)",
  },
};

describe.each(GOLDEN_VERSIONS)("golden unserialize_invalid.json (%s)", (version) => {
  const { cases } = loadGolden<{ cases: InvalidCase[] }>(version, "unserialize_invalid");

  it.each(cases.map((c) => [c.id, c.description, c] as const))(
    "%s (%s) has PHP's outcome or a documented deviation",
    (id, _d, c) => {
      const bytes = goldenBytes(c.bytes);
      const deviation = DEVIATIONS[id];
      const expected: Ours =
        deviation?.ours ??
        (c.outcome === "value" ? { value: typedToPhp(c.result as TypedValue) } : { throws: true });
      if ("throws" in expected) {
        expect(() => unserialize(bytes)).toThrow(PhpUnserializeError);
      } else {
        expect(unserialize(bytes)).toStrictEqual(expected.value);
      }
    },
  );

  it("accepts PHP's own depth limit of 4096 nested arrays when maxDepth allows it, and refuses 4097", () => {
    const accepted = cases.find((c) => c.id === "bad-060") as InvalidCase;
    const refused = cases.find((c) => c.id === "bad-059") as InvalidCase;
    expect(unserialize(goldenBytes(accepted.bytes), { maxDepth: 4096 })).toBeInstanceOf(PhpArray);
    expect(() => unserialize(goldenBytes(refused.bytes), { maxDepth: 4096 })).toThrow(PhpUnserializeError);
  });
});
