import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanRateLimiterKey, decodeUtf8LikePhp } from "../../../../adapters/rate-limit/clean-key.js";
import { GOLDEN_VERSIONS, type GoldenBytes, goldenBytes, loadGolden } from "../../../helpers/golden.js";

interface KeysFile {
  clean: Array<{ id: string; group: string; input: GoldenBytes; cleaned: GoldenBytes }>;
}

describe.each(GOLDEN_VERSIONS)("cleanRateLimiterKey against %s", (version) => {
  const golden = loadGolden<KeysFile>(version, "rate-limiter-keys");

  it("cleans every recorded input to the bytes Laravel produced", () => {
    const mismatches = golden.clean
      .map((c) => {
        const input = goldenBytes(c.input);
        // Valid UTF-8 goes in as a string (the normal case), anything else as bytes.
        const asText = input.toString("utf8");
        const key = Buffer.from(asText, "utf8").equals(input) ? asText : input;
        return { id: c.id, got: Buffer.from(cleanRateLimiterKey(key), "utf8"), want: goldenBytes(c.cleaned) };
      })
      .filter((r) => !r.got.equals(r.want))
      .map((r) => `${r.id}: ${JSON.stringify(r.got.toString())} != ${JSON.stringify(r.want.toString())}`);
    expect(mismatches).toEqual([]);
    expect(golden.clean.length).toBeGreaterThan(400);
  });
});

describe("cleanRateLimiterKey", () => {
  it("turns named entities into their first letter and keeps entities with digits", () => {
    expect(cleanRateLimiterKey("Jöhn & <Æ>")).toBe("John a lAg");
    expect(cleanRateLimiterKey("o'brien²")).toBe("o&#039;brien&sup2;");
  });

  it("gives the same answer for a string and for its UTF-8 bytes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        expect(cleanRateLimiterKey(Buffer.from(s, "utf8"))).toBe(cleanRateLimiterKey(s));
      }),
    );
  });

  it("leaves keys without special characters as they are", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z0-9@.|:_-]*$/), (s) => {
        expect(cleanRateLimiterKey(s)).toBe(s);
      }),
    );
  });

  it("decodes valid UTF-8 exactly like TextDecoder", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const bytes = Buffer.from(s, "utf8");
        expect(decodeUtf8LikePhp(bytes)).toBe(new TextDecoder().decode(bytes));
      }),
    );
  });
});
