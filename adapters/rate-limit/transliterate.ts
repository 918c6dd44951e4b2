/**
 * PHP's `Str::lower` and `Str::transliterate` as Laravel's login throttles use them
 * (`Str::transliterate(Str::lower($email).'|'.$ip)`, laravel-formats.md §4.4), from tables computed
 * by the real PHP 8.2 + Laravel 8.83 (see the *-table.ts headers).
 *
 * `Str::transliterate($s)` is voku `ASCII::to_transliterate($s, '?', false)`. With `$strict = false`
 * it never calls intl: a string of printable ASCII (plus TAB, LF, CR and, by a quirk of its regex,
 * \x10 and \x13) is returned untouched; anything else goes character by character through
 * clean() (invalid bytes, Unicode spaces → " ", MS-Word punctuation, ASCII control characters
 * removed) and voku's per-bank tables. Each of those steps maps one code point to a fixed string,
 * so one table per code point reproduces the whole function.
 */
import { PHP_LOWER_DATA } from "./lower-table.js";
import { TRANSLITERATION_BANKS } from "./transliterate-table.js";

const SEP = "\u00b7";
const UNKNOWN = "?";

const PHP_LOWER: ReadonlyMap<number, string> = new Map(
  PHP_LOWER_DATA.split(SEP).map((entry) => {
    const space = entry.indexOf(" ");
    return [Number.parseInt(entry.slice(0, space), 16), entry.slice(space + 1)];
  }),
);

/** Banks are split on first use: most keys touch one or two of the 187. */
const banks = new Map<number, readonly string[]>();

function bank(index: number): readonly string[] | undefined {
  let values = banks.get(index);
  if (values === undefined) {
    const data = TRANSLITERATION_BANKS[index];
    if (data === undefined) return undefined;
    values = data.split(SEP);
    banks.set(index, values);
  }
  return values;
}

/**
 * `Str::lower($value)` = `mb_strtolower($value, 'UTF-8')` of PHP 8.2: full, context-free case
 * mapping (`İ → i̇`, `Σ → σ` even at the end of a word), from PHP's Unicode tables rather than
 * Node's ICU, so both agree whatever Node version runs.
 */
export function lower(value: string): string {
  // Fast path: ASCII lower-cases the same everywhere.
  if (!/[\u0080-\uffff]/.test(value)) return value.toLowerCase();
  let out = "";
  for (const char of value) out += PHP_LOWER.get(char.codePointAt(0) as number) ?? char;
  return out;
}

// voku's `is_ascii` regex: [^\x09\x10\x13\x0A\x0D\x20-\x7E]. \x10 and \x13 are in it by accident
// (meant as \x0d), and they matter: "a\x10b" comes back untouched, "é\x10" loses the \x10.
// biome-ignore lint/suspicious/noControlCharactersInRegex: voku's own set of "ASCII" bytes, control characters included.
const VOKU_ASCII = /^[\x09\x0a\x0d\x10\x13\x20-\x7e]*$/;

/**
 * `Str::transliterate($string)` with Laravel's defaults (unknown `'?'`, not strict): `ß → ss`,
 * `ⓣ → t`, `Ｆ → F`, zero-width space → " ", `日本 → "Ri Ben "`, emoji → `?`. A lone surrogate (which
 * PHP would receive as the CESU bytes of U+D800–U+DFFF) is unknown: `?`.
 */
export function transliterate(value: string): string {
  if (value === "" || VOKU_ASCII.test(value)) return value;
  let out = "";
  for (const char of value) {
    const cp = char.codePointAt(0) as number;
    out += bank(cp >> 8)?.[cp & 255] ?? UNKNOWN;
  }
  return out;
}

/**
 * The login throttle key of Laravel Breeze / the starter kits (`LoginRequest::throttleKey()`) and
 * Fortify (`LoginRateLimiter::throttleKey()`): `Str::transliterate(Str::lower($email).'|'.$ip)`.
 */
export function loginThrottleKey(username: string, ip: string): string {
  return transliterate(`${lower(username)}|${ip}`);
}
