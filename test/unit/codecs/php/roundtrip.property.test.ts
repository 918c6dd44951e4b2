import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { serialize, unserialize } from "../../../../src/codecs/php/index.js";
import { phpValueArbitrary } from "../../../helpers/php-arbitrary.js";

describe("serialize and unserialize", () => {
  it("read back every value they write, and write back the same bytes", () => {
    fc.assert(
      fc.property(phpValueArbitrary(), (value) => {
        const bytes = serialize(value);
        const decoded = unserialize(bytes);
        expect(decoded).toStrictEqual(value);
        expect(serialize(decoded).equals(bytes)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
