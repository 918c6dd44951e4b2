import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cleanRateLimiterKey } from "../../../../adapters/rate-limit/clean-key.js";
import { loginThrottleKey, lower, transliterate } from "../../../../adapters/rate-limit/transliterate.js";
import { GOLDEN_VERSIONS, loadGolden } from "../../../helpers/golden.js";

interface KeysFile {
  loginThrottleKeys: Array<{
    id: string;
    email: string;
    ip: string;
    lower: string;
    throttleKey: string;
    cleanedKey: string;
    fortifyNamedLimiterKey: string;
  }>;
}

describe.each(GOLDEN_VERSIONS)("login throttle keys against %s", (version) => {
  const cases = loadGolden<KeysFile>(version, "rate-limiter-keys").loginThrottleKeys;

  it.each(cases)("$id: $email folds like Laravel", (c) => {
    expect(lower(c.email)).toBe(c.lower);
    expect(loginThrottleKey(c.email, c.ip)).toBe(c.throttleKey);
    expect(cleanRateLimiterKey(c.throttleKey)).toBe(c.cleanedKey);
    expect(createHash("md5").update(`login${c.throttleKey}`).digest("hex")).toBe(c.fortifyNamedLimiterKey);
  });
});

describe("transliterate", () => {
  // The reliability catalogue's table (§4): every variant shares one bucket.
  it.each([
    ["User@Example.com", "user@example.com|127.0.0.1"],
    ["ＵＳＥＲ@example.com", "user@example.com|127.0.0.1"],
    ["user@exämple.com", "user@example.com|127.0.0.1"],
    ["İSTANBUL@x.tr", "istanbul@x.tr|127.0.0.1"],
    ["straße@x.de", "strasse@x.de|127.0.0.1"],
    ["STRASSE@x.de", "strasse@x.de|127.0.0.1"],
    ["user\u200b@example.com", "user @example.com|127.0.0.1"],
    ["user@EXAMPLE.COM\u0000", "user@example.com|127.0.0.1"],
    ["😀@x", "?@x|127.0.0.1"],
  ])("folds %j to %j", (email, key) => {
    expect(loginThrottleKey(email, "127.0.0.1")).toBe(key);
  });

  it("keeps printable ASCII untouched, including voku's stray \\x10 and \\x13", () => {
    expect(transliterate("a\x10b\x13c")).toBe("a\x10b\x13c");
    expect(transliterate("é\x10")).toBe("e");
  });

  it("lower-cases with PHP's context-free mapping", () => {
    expect(lower("ΟΔΟΣ")).toBe("οδοσ");
    expect(lower("İ")).toBe("i\u0307");
  });
});
