/**
 * Key parity with the real Laravel 8.83 on generated inputs (reliability catalogue R4): Str::lower,
 * Str::transliterate, the login throttle key and cleanRateLimiterKey (text and raw bytes) must give
 * PHP's bytes for every input, so no variant of an e-mail buys a fresh budget.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { cleanRateLimiterKey } from "../../../../adapters/rate-limit/clean-key.js";
import { loginThrottleKey, lower, transliterate } from "../../../../adapters/rate-limit/transliterate.js";
import { assertPhpLaravelInstalled, runPhp } from "../../../helpers/php.js";

interface PhpKeys {
  texts: Array<{ lower: string; transliterate: string; clean: string }>;
  bytes: string[];
  logins: string[];
}

const b64 = (s: string): string => Buffer.from(s, "utf8").toString("base64");

// Characters attackers and real users type: ASCII, Latin letters with marks, full-width and
// enclosed letters, Greek/Cyrillic/CJK, zero-width and bidi controls, Unicode spaces, emoji.
const interesting = fc.constantFrom(
  ..."aZ09@.+_-|'\"&<>;# \t\n\x00\x10\x13\x7f",
  ..."éÉöÖßẞæÆœŒøØłŁđĐþÞðÐçÇñÑİıǄǅǆﬁﬀ²½€™©",
  ..."ＵＳＥＲａｂｃⓣⓔⓢⓣ𝐀𝐁𝒶",
  ..."ΣσςΟΔαβМарияПривет日本語中文한국어עבריתالعربية",
  ..."\u200b\u200c\u200d\u2060\ufeff\u00a0\u2002\u3000\u202a\u202e\u2066",
  ..."😀🚀👩‍💻🇯🇵",
  "e\u0301",
  "\ud800",
);
const text = fc
  .array(fc.oneof(interesting, fc.string({ unit: "grapheme", maxLength: 2 })), { maxLength: 12 })
  .map((parts) => parts.join(""));

describe("rate-limit keys against Laravel 8.83", () => {
  let texts: string[];
  let bytes: Buffer[];
  let logins: Array<[string, string]>;
  let php: PhpKeys;

  beforeAll(async () => {
    assertPhpLaravelInstalled();
    // Lone surrogates cannot travel through JSON to PHP as text; they are covered as bytes.
    texts = fc
      .sample(text, { numRuns: 400, seed: 6 })
      .map((s) => s.replace(/[\ud800-\udfff]/gu, (c) => (c.length === 2 ? c : "?")));
    bytes = fc.sample(fc.uint8Array({ maxLength: 12 }), { numRuns: 300, seed: 6 }).map((b) => Buffer.from(b));
    const ips = ["127.0.0.1", "2001:db8::1", "::ffff:10.0.0.1"];
    logins = texts.slice(0, 200).map((t, i) => [`${t}@Example.COM`, ips[i % ips.length] as string]);
    php = await runPhp<PhpKeys>("rate-limit-keys", {
      texts: texts,
      bytes: bytes.map((b) => b.toString("base64")),
      logins,
    });
  });

  it("lower-cases, transliterates and cleans every generated string like PHP", () => {
    const mismatches = texts.flatMap((t, i) => {
      const want = php.texts[i];
      const got = {
        lower: b64(lower(t)),
        transliterate: b64(transliterate(t)),
        clean: b64(cleanRateLimiterKey(t)),
      };
      return JSON.stringify(got) === JSON.stringify(want) ? [] : [{ input: t, got, want }];
    });
    expect(mismatches).toEqual([]);
  });

  it("cleans arbitrary bytes, invalid UTF-8 included, like PHP", () => {
    const mismatches = bytes.flatMap((b, i) => {
      const got = b64(cleanRateLimiterKey(b));
      return got === php.bytes[i] ? [] : [{ input: b.toString("hex"), got, want: php.bytes[i] }];
    });
    expect(mismatches).toEqual([]);
  });

  it("builds the Breeze/Fortify login key of every generated e-mail like PHP", () => {
    const mismatches = logins.flatMap(([email, ip], i) => {
      const got = b64(loginThrottleKey(email, ip));
      return got === php.logins[i] ? [] : [{ email, got, want: php.logins[i] }];
    });
    expect(mismatches).toEqual([]);
  });
});
