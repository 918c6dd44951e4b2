import { describe, expect, it } from "vitest";
import { serialize, unserialize } from "../../../../src/codecs/php/index.js";
import { GOLDEN_VERSIONS, type GoldenBytes, goldenBytes, loadGolden } from "../../../helpers/golden.js";
import { type TypedValue, typedToPhp } from "../../../helpers/php-typed.js";

interface SerializeCase {
  id: string;
  php: string;
  value: TypedValue;
  bytes: GoldenBytes;
}

// Every value PHP 8.2 serialized for the golden set (Laravel 8 and 12 environments), both directions.
describe.each(GOLDEN_VERSIONS)("golden serialize.json (%s)", (version) => {
  const { cases } = loadGolden<{ cases: SerializeCase[] }>(version, "serialize");

  it("has the recorded cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(170);
  });

  it.each(cases.map((c) => [c.id, c] as const))("reads PHP's bytes of %s as the typed value", (_id, c) => {
    expect(unserialize(goldenBytes(c.bytes))).toStrictEqual(typedToPhp(c.value));
  });

  it.each(cases.map((c) => [c.id, c] as const))(
    "writes the typed value of %s as PHP's exact bytes",
    (_id, c) => {
      expect(serialize(typedToPhp(c.value)).toString("latin1")).toBe(goldenBytes(c.bytes).toString("latin1"));
    },
  );
});
