/**
 * Laravel's rate-limiter key cleaning (`RateLimiter::cleanRateLimiterKey`, identical 8.x → 13.x):
 * `preg_replace('/&([a-z])[a-z]+;/i', '$1', htmlentities($key))`, i.e. HTML-4.01-entity-encode with
 * PHP ≥ 8.1's default flags (ENT_QUOTES | ENT_SUBSTITUTE | ENT_HTML401), then replace every
 * alphabetic named entity by its first letter (laravel-formats.md §4.2).
 *
 * Because every `&` in htmlentities' output starts an entity it wrote itself, the regex acts on each
 * entity alone, so the whole transformation is one replacement per character: `é → e`, `& → a`,
 * `< → l`, while entities with digits stay encoded (`' → &#039;`, `² → &sup2;`).
 */
import { HTML401_ENTITIES_DATA } from "./html-entities-table.js";

const REPLACEMENT = "\u{fffd}";

/** Code point → what cleanRateLimiterKey turns it into (only code points htmlentities encodes). */
const CLEANED: ReadonlyMap<number, string> = new Map(
  HTML401_ENTITIES_DATA.split("\u00b7").map((entry) => {
    const [hex = "", entity = ""] = entry.split(" ");
    const named = /^&([a-z])[a-z]+;$/i.exec(entity);
    return [Number.parseInt(hex, 16), named ? (named[1] as string) : entity];
  }),
);

// ASCII without the five characters htmlentities encodes (" & ' < >) is left as it is: the common
// case costs one regex test and no allocation.
const TOUCHED = /["&'<>\u0080-\uffff]/;

/**
 * `RateLimiter::cleanRateLimiterKey($key)`. Strings are taken as UTF-8 text (a lone surrogate counts
 * as invalid UTF-8 and becomes U+FFFD, as PHP's ENT_SUBSTITUTE does); bytes are decoded with PHP's
 * own rules for invalid sequences, so `"\xed\xa0\x80"` gives one U+FFFD, not three.
 */
export function cleanRateLimiterKey(key: string | Uint8Array): string {
  if (typeof key !== "string") return cleanCodePoints(decodeUtf8LikePhp(key));
  if (!TOUCHED.test(key)) return key;
  return cleanCodePoints(key);
}

function cleanCodePoints(text: string): string {
  let out = "";
  for (const char of text) {
    const cp = char.codePointAt(0) as number;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      out += REPLACEMENT;
      continue;
    }
    out += CLEANED.get(cp) ?? char;
  }
  return out;
}

const isTrail = (b: number | undefined): boolean => b !== undefined && b >= 0x80 && b <= 0xbf;
const isLead = (b: number | undefined): boolean => b === undefined || b < 0x80 || (b >= 0xc2 && b <= 0xf4);

/**
 * UTF-8 → text the way PHP's htmlentities reads it (ext/standard/html.c `php_next_utf8_char`): a bad
 * sequence is replaced by ONE U+FFFD covering the bytes up to the first byte that could start a
 * character; overlong forms, surrogates and code points above U+10FFFF are one U+FFFD for the
 * whole sequence.
 */
export function decodeUtf8LikePhp(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i] as number;
    const size = c < 0x80 ? 1 : c < 0xc2 ? 0 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : c < 0xf5 ? 4 : 0;
    if (size === 1) {
      out += String.fromCharCode(c);
      i += 1;
      continue;
    }
    if (size === 0) {
      out += REPLACEMENT;
      i += 1;
      continue;
    }
    let good = 1;
    while (good < size && isTrail(bytes[i + good])) good++;
    if (good < size) {
      // PHP swallows the bad sequence up to (not including) the first byte that could lead a
      // character, or the sequence's full length when none can.
      let skip = 1;
      while (skip < size && !isLead(bytes[i + skip])) skip++;
      out += REPLACEMENT;
      i += skip;
      continue;
    }
    let cp = c & (size === 2 ? 0x1f : size === 3 ? 0x0f : 0x07);
    for (let k = 1; k < size; k++) cp = (cp << 6) | ((bytes[i + k] as number) & 0x3f);
    const invalid =
      (size === 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
      (size === 4 && (cp < 0x10000 || cp > 0x10ffff));
    out += invalid ? REPLACEMENT : String.fromCodePoint(cp);
    i += size;
  }
  return out;
}
