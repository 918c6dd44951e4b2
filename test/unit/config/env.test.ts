import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { envValue, phpString, phpTruthy } from "../../../src/config/env.js";
import { GOLDEN_VERSIONS, loadGolden } from "../../helpers/golden.js";

interface EnvCase {
  id: string;
  raw: string | null;
  result: { t: "bool" | "string" | "null"; v?: boolean | string };
  default?: string;
}

function expected(result: EnvCase["result"]): unknown {
  return result.t === "null" ? null : result.v;
}

describe.each(GOLDEN_VERSIONS)("env() casts match Laravel's Env::get (%s golden)", (version) => {
  const cases = loadGolden<{ envCases: EnvCase[] }>(version, "env").envCases;

  it.each(cases.map((c) => [c.id, JSON.stringify(c.raw), c] as const))("%s %s", (_id, _raw, c) => {
    expect(envValue(c.raw ?? undefined, c.default)).toEqual(expected(c.result));
  });
});

describe("envValue", () => {
  it("returns the default only for an absent variable, never for one that casts to null or empty", () => {
    expect(envValue(undefined, "fallback")).toBe("fallback");
    expect(envValue("null", "fallback")).toBeNull();
    expect(envValue("", "fallback")).toBe("");
    expect(envValue("(empty)", "fallback")).toBe("");
  });

  it("leaves every string that is not a keyword and not wrapped in one quote pair unchanged", () => {
    const keywords = new Set(["true", "false", "empty", "null", "(true)", "(false)", "(empty)", "(null)"]);
    fc.assert(
      fc.property(fc.string(), (raw) => {
        fc.pre(!keywords.has(raw.toLowerCase()) && !/^(['"])[^\n]*\1$/.test(raw));
        expect(envValue(raw)).toBe(raw);
      }),
    );
  });

  it("strips exactly one pair of matching quotes around a single-line value", () => {
    fc.assert(
      fc.property(
        fc.constantFrom('"', "'"),
        fc.string().filter((s) => !s.includes("\n")),
        (quote, inner) => {
          expect(envValue(`${quote}${inner}${quote}`)).toBe(inner);
        },
      ),
    );
  });
});

describe("PHP conversions of env() results", () => {
  it("casts to string like PHP's (string)", () => {
    expect([phpString(null), phpString(true), phpString(false), phpString("x")]).toEqual(["", "1", "", "x"]);
  });

  it("treats empty, '0', false and null as false like PHP", () => {
    expect([phpTruthy(""), phpTruthy("0"), phpTruthy(false), phpTruthy(null)]).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect([phpTruthy("1"), phpTruthy("yes"), phpTruthy("00"), phpTruthy(true)]).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });
});
