import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ASCII_MAP } from "../../../src/support/ascii-map.js";
import { ascii, lower, slug, snake } from "../../../src/support/str.js";
import { assertPhpLaravelInstalled, runPhp } from "../../helpers/php.js";

type Row = [slugUnderscore: string, slugDash: string, snake: string, ascii: string, lower: string];

const pieces = fc.oneof(
  fc.constantFrom(...ASCII_MAP.keys()),
  fc.constantFrom(..." _-@.&%'+/#:AbZz09\t\n\u00a0\u0085\ufeff\u180e\u3000".split("")),
  fc.string({ unit: "grapheme", maxLength: 2 }),
);

describe("Str::slug / snake / ascii / lower against Laravel 8.83 on PHP", () => {
  beforeAll(() => assertPhpLaravelInstalled());

  it("gives PHP's result for every transliteration key and for generated app names", async () => {
    const texts = [...ASCII_MAP.keys()].map((key) => `Ab${key}${key} c${key}`);
    texts.push(
      ...fc.sample(
        fc.array(pieces, { maxLength: 10 }).map((parts) => parts.join("")),
        { numRuns: 3000, seed: 20261 },
      ),
    );
    const wellFormed = texts.filter((text) => !/\p{Surrogate}/u.test(text));
    const { results } = await runPhp<{ results: Row[] }>("str-helpers", { texts: wellFormed });
    let caseTableDifferences = 0;
    wellFormed.forEach((text, index) => {
      const php = results[index];
      expect([slug(text, "_"), slug(text), ascii(text)], JSON.stringify(text)).toEqual([
        php?.[0],
        php?.[1],
        php?.[3],
      ]);
      // snake() and lower() use the runtime's Unicode case tables; compare where PHP's and Node's agree.
      if (lower(text) !== php?.[4]) caseTableDifferences++;
      else expect(snake(text), JSON.stringify(text)).toBe(php?.[2]);
    });
    expect(caseTableDifferences).toBeLessThan(wellFormed.length / 200);
  });
});
