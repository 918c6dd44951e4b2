/**
 * PHP-compatible ports of the `Illuminate\Support\Str` helpers Laravel uses to derive default names
 * from APP_NAME (REDIS_PREFIX, CACHE_PREFIX, SESSION_COOKIE; laravel-formats.md §1.2). Same results as
 * Laravel 8.83–13 on PHP 8.2 with voku/portable-ascii 2.0.1 (checked against golden names.json and a
 * table recorded from real PHP).
 */
import { ASCII_MAP, ASCII_MAP_MAX_KEY } from "./ascii-map.js";

/**
 * What voku's to_ascii() calls "non-ASCII": anything but TAB, LF, CR, 0x10, 0x13 and printable ASCII.
 * (0x10/0x13 look like a typo for \x0B/\x0C upstream, but they are what PHP does, so we keep them.)
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: voku's exact character class, controls included.
const NON_ASCII = /[^\x09\x10\x13\x0A\x0D\x20-\x7E]/gu;

/**
 * PCRE's `\s` under PHP's `/u` (UTF + UCP): ASCII whitespace, NEL, U+180E and the Z categories —
 * not U+FEFF, which JavaScript's `\s` includes.
 */
const PHP_SPACE = String.raw`\t\n\v\f\r \x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000`;
const SPACE_RUN = new RegExp(`[${PHP_SPACE}]+`, "gu");
const UCWORDS_DELIMITERS = new Set([" ", "\t", "\r", "\n", "\f", "\v"]);

/**
 * `Str::lower()` = `mb_strtolower($value, 'UTF-8')`: full Unicode lower-casing, code point by code
 * point. (Per code point because PHP 8.2 has no final-sigma rule, while JS `toLowerCase()` does.)
 */
export function lower(value: string): string {
  let out = "";
  for (const char of value) out += char.toLowerCase();
  return out;
}

/**
 * `Str::ascii($value, 'en')` = voku `ASCII::to_ascii()`: multi-character sequences first (three, then
 * two code points), then single characters, each replaced everywhere it occurs; TAB/CR/LF become
 * spaces and whatever is still not ASCII is dropped.
 */
export function ascii(value: string): string {
  if (value === "") return "";
  const found = value.match(NON_ASCII) ?? [];
  let str = value;
  const done = new Set<string>();
  const replace = (key: string): void => {
    if (done.has(key)) return;
    const replacement = ASCII_MAP.get(key);
    if (replacement === undefined || !str.includes(key)) return;
    done.add(key);
    str = str.replaceAll(key, replacement);
  };
  // voku looks at runs of consecutive *matches*; only runs that occur in the string do anything.
  for (let length = ASCII_MAP_MAX_KEY; length >= 2; length--) {
    for (let i = 0; i + length <= found.length; i++) replace(found.slice(i, i + length).join(""));
  }
  for (const char of found) replace(char);
  str = str.replaceAll("\n\r", " ").replaceAll("\n", " ").replaceAll("\r", " ").replaceAll("\t", " ");
  return str.replace(NON_ASCII, "");
}

function escapeForClass(text: string): string {
  return text.replace(/[\\\]^-]/g, "\\$&");
}

function trimChars(value: string, chars: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && chars.includes(value.charAt(start))) start++;
  while (end > start && chars.includes(value.charAt(end - 1))) end--;
  return value.slice(start, end);
}

/**
 * `Str::slug($title, $separator)` with language `en` and Laravel's `@` → `at` dictionary:
 * transliterate, turn the other of `-`/`_` into the separator, replace `@`, lower-case, drop everything
 * but letters, digits, whitespace and the separator, collapse runs, trim.
 */
export function slug(title: string, separator = "-"): string {
  const sep = escapeForClass(separator);
  const flip = separator === "-" ? "_" : "-";
  let t = ascii(title);
  t = t.replace(new RegExp(`[${escapeForClass(flip)}]+`, "gu"), separator);
  t = t.replaceAll("@", `${separator}at${separator}`);
  t = lower(t).replace(new RegExp(`[^${sep}\\p{L}\\p{N}${PHP_SPACE}]+`, "gu"), "");
  t = t.replace(new RegExp(`[${sep}${PHP_SPACE}]+`, "gu"), separator);
  return trimChars(t, separator);
}

/** PHP `ucwords()`: ASCII upper-case of the first byte and of every byte after a delimiter. */
function ucwords(value: string): string {
  let out = "";
  let atWordStart = true;
  for (const char of value) {
    out += atWordStart && char >= "a" && char <= "z" ? char.toUpperCase() : char;
    atWordStart = UCWORDS_DELIMITERS.has(char);
  }
  return out;
}

/**
 * `Str::snake($value, $delimiter)`: unless the value is all ASCII lower-case letters, upper-case word
 * starts, remove whitespace, put the delimiter before every ASCII capital, lower-case. Not a slug:
 * `Str::snake('API v2.0')` is `a_p_i_v2.0`.
 */
export function snake(value: string, delimiter = "_"): string {
  if (/^[a-z]+$/.test(value)) return value;
  const joined = ucwords(value).replace(SPACE_RUN, "");
  return lower(joined.replace(/(.)(?=[A-Z])/gsu, (_match, char: string) => `${char}${delimiter}`));
}
