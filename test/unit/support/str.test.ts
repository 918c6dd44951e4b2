import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ascii, lower, slug, snake } from "../../../src/support/str.js";
import { GOLDEN_VERSIONS, loadGolden } from "../../helpers/golden.js";

interface NameCase {
  id: string;
  APP_NAME: string;
  slugUnderscore: string;
  slugDash: string;
  snake: string;
}

describe.each(GOLDEN_VERSIONS)("Str helpers match Laravel on APP_NAMEs (%s golden)", (version) => {
  const cases = loadGolden<{ cases: NameCase[] }>(version, "names").cases;

  it.each(cases.map((c) => [c.id, JSON.stringify(c.APP_NAME), c] as const))("%s %s", (_id, _name, c) => {
    expect(slug(c.APP_NAME, "_")).toBe(c.slugUnderscore);
    expect(slug(c.APP_NAME)).toBe(c.slugDash);
    expect(snake(c.APP_NAME)).toBe(c.snake);
  });
});

// Expectations recorded from PHP 8.2 + Laravel 8.83 (Str::slug/snake/ascii/lower).
describe("Str::slug", () => {
  it.each([
    ["Café Größe", "_", "cafe_grosse"],
    ["My App", "-", "my-app"],
    ["a@b", "_", "a_at_b"],
    ["ΑΥΤΟ Σ", "-", "auto-s"],
    ["x\u00a0y\u3000z", "-", "x-y-z"],
    ["price € 5", "-", "price-eur-5"],
    ["under_score-dash", "_", "under_score_dash"],
    ["", "-", ""],
  ])("slug(%j, %j) is %j", (title, separator, expected) => {
    expect(slug(title, separator)).toBe(expected);
  });

  it("only ever produces lower-case ASCII letters, digits and single inner separators", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.constantFrom("-", "_"), (title, separator) => {
        const out = slug(title, separator);
        expect(out).toMatch(
          separator === "-" ? /^([a-z0-9]+(-[a-z0-9]+)*)?$/ : /^([a-z0-9]+(_[a-z0-9]+)*)?$/,
        );
      }),
    );
  });

  it("is idempotent, so a derived prefix slugs to itself", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (title) => {
        expect(slug(slug(title, "_"), "_")).toBe(slug(title, "_"));
      }),
    );
  });
});

describe("Str::snake", () => {
  it.each([
    ["API v2.0", "a_p_i_v2.0"],
    ["fooBar", "foo_bar"],
    ["foo bar", "foo_bar"],
    ["lowercase", "lowercase"],
    ["Foo\u00a0Bar", "foo_bar"],
    ["Foo\uFEFFBar", "foo\uFEFF_bar"],
  ])("snake(%j) is %j", (value, expected) => {
    expect(snake(value)).toBe(expected);
  });
});

describe("Str::ascii and Str::lower", () => {
  it("transliterates multi-character sequences before single characters", () => {
    expect(ascii("ΑΥ")).toBe("AU");
    expect(ascii("Straße ✨")).toBe("Strasse ");
    expect(ascii("tab\there\nnewline")).toBe("tab here newline");
  });

  it("lower-cases code point by code point, without a final-sigma rule like PHP 8.2", () => {
    expect(lower("ΟΔΟΣ")).toBe("οδοσ");
    expect(lower("İ")).toBe("i̇");
  });
});
