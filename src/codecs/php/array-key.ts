/**
 * PHP's array-key rule (Zend `ZEND_HANDLE_NUMERIC_STR`): a string key that is a canonical decimal
 * integer within int64 becomes an int key. `'7'` → 7, `'-5'` → -5; `'07'`, `'-0'`, `'+1'`, `' 1'`,
 * `'1.5'` and `'9223372036854775808'` stay strings. unserialize(), serialize() and fromPlain() all
 * apply it, so an array built in JS has the keys PHP would give it.
 */

import { PhpConversionError } from "../../errors/codec-errors.js";

const INT64_MAX_DIGITS = "9223372036854775807";
const INT64_MIN_DIGITS = "9223372036854775808";

/** Would PHP turn this string key into an int? Checks char codes, no regex, no allocation. */
export function isCanonicalIntKey(key: string): boolean {
  const n = key.length;
  if (n === 0 || n > 20) return false;
  const first = key.charCodeAt(0);
  const negative = first === 0x2d; // "-"
  const start = negative ? 1 : 0;
  const digits = n - start;
  if (digits === 0) return false;
  const lead = key.charCodeAt(start);
  if (lead < 0x30 || lead > 0x39) return false;
  // "0" alone is canonical; "00", "07" and "-0" are not (PHP keeps them as strings).
  if (lead === 0x30 && (digits > 1 || negative)) return false;
  for (let i = start + 1; i < n; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  if (digits < 19) return true;
  if (digits > 19) return false;
  // 19 digits: compare with the int64 bounds as strings (same length, so lexical order works).
  const body = negative ? key.slice(1) : key;
  return body <= (negative ? INT64_MIN_DIGITS : INT64_MAX_DIGITS);
}

/** Same rule over raw bytes (the decoder's view), without decoding them first. */
export function isCanonicalIntKeyBytes(buf: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (n === 0 || n > 20) return false;
  const first = buf[start] as number;
  // Fast exit for the common case: identifiers like "_token" or "url".
  if (first !== 0x2d && (first < 0x30 || first > 0x39)) return false;
  let key = "";
  for (let i = start; i < end; i++) key += String.fromCharCode(buf[i] as number);
  return isCanonicalIntKey(key);
}

/** The PHP array key for a JS key: canonical integer strings and integral numbers become bigint. */
export function phpArrayKey(key: string | number | bigint | Uint8Array): bigint | string | Uint8Array {
  if (typeof key === "bigint" || key instanceof Uint8Array) return key;
  if (typeof key === "number") {
    if (!Number.isSafeInteger(key)) {
      throw new PhpConversionError(
        "",
        `a PHP array key must be an integer or a string, got the number ${key}`,
      );
    }
    return BigInt(key);
  }
  return isCanonicalIntKey(key) ? BigInt(key) : key;
}
