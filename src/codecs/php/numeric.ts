/**
 * PHP's `is_numeric()` and `(string)$float`, which the cache layer needs to write and read values
 * exactly like `Illuminate\Cache\RedisStore` (laravel-formats.md §2.1: numeric values are stored
 * raw, floats as `(string)$float` with `precision=14`).
 */
import { formatPhpDigits, splitExponential } from "./float-format.js";
import { PhpFloat } from "./values.js";

const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d); // " \t\n\v\f\r"
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * PHP 8 `is_numeric()`: ints and floats (even INF/NAN) are numeric; a string is numeric when it is
 * a decimal integer or float literal (optional sign, optional exponent) with optional leading AND
 * trailing whitespace (`" 12"`, `"12 "`, `".5"`, `"5."`, `"1e3"`). Hex, `"1_000"`, `""`, `"."`,
 * `"1e"` and non-ASCII digits are not. Strings are read as UTF-8 bytes, Uint8Arrays as they are.
 */
export function isNumeric(value: string | Uint8Array | number | bigint | PhpFloat): boolean {
  if (typeof value === "number" || typeof value === "bigint" || value instanceof PhpFloat) return true;
  const n = value.length;
  // Only ASCII matters (every non-ASCII code unit makes the string non-numeric), so char codes
  // of a JS string and bytes of a buffer can be scanned the same way.
  const at: (i: number) => number =
    typeof value === "string" ? (i) => value.charCodeAt(i) : (i) => value[i] as number;
  let i = 0;
  while (i < n && isSpace(at(i))) i++;
  if (i < n && (at(i) === 0x2b || at(i) === 0x2d)) i++;
  let mantissaDigits = 0;
  while (i < n && isDigit(at(i))) {
    i++;
    mantissaDigits++;
  }
  if (i < n && at(i) === 0x2e) {
    i++;
    while (i < n && isDigit(at(i))) {
      i++;
      mantissaDigits++;
    }
  }
  if (mantissaDigits === 0) return false;
  if (i < n && (at(i) === 0x65 || at(i) === 0x45)) {
    let j = i + 1;
    if (j < n && (at(j) === 0x2b || at(j) === 0x2d)) j++;
    const exponentStart = j;
    while (j < n && isDigit(at(j))) j++;
    // "1e" / "1e+" are not numeric: the exponent needs a digit (PHP does not backtrack to "1").
    if (j === exponentStart) return false;
    i = j;
  }
  while (i < n && isSpace(at(i))) i++;
  return i === n;
}

/**
 * PHP `(string)$float` with the default `precision=14`: `0.1+0.2` → `"0.3"`, `1/3` →
 * `"0.33333333333333"`, `1e25` → `"1.0E+25"`, `-0.0` → `"-0"`, `INF`, `-INF`, `NAN`. Rounds the exact
 * binary value to 14 significant digits with ties to even, as PHP's zend_dtoa does (JS
 * `toPrecision(14)` rounds ties up: `12345678901234.5` must give `"12345678901234"`).
 */
export function phpFloatToString(x: number): string {
  if (Number.isNaN(x)) return "NAN";
  if (x === Number.POSITIVE_INFINITY) return "INF";
  if (x === Number.NEGATIVE_INFINITY) return "-INF";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const ax = Math.abs(x);
  let { digits, exponent } = splitExponential(ax.toExponential(13));
  const wide = ax.toExponential(16); // 17 significant digits: "d.dddddddddddddddde±x"
  // Digits 15..17 are "500" only near an exact tie; then decide on the exact binary value.
  if (wide.slice(15, 18) === "500" && isExactTieAfter14Digits(ax)) {
    const truncated = splitExponential(`${wide.slice(0, 15)}e${wide.slice(wide.indexOf("e") + 1)}`);
    // Ties to even: keep the truncated digits when the 14th digit is even.
    if (((wide.charCodeAt(14) - 0x30) & 1) === 0) ({ digits, exponent } = truncated);
  }
  return formatPhpDigits(x < 0, digits, exponent, 14);
}

/** True when the exact decimal expansion of `ax` is d1…d14 5 000… (a tie at 14 digits). */
function isExactTieAfter14Digits(ax: number): boolean {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, ax);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let power2 = biased - 1075;
  if (biased === 0) power2 = -1074;
  else mantissa |= 1n << 52n;
  // ax = mantissa × 2^power2 exactly; as a decimal integer string (scaled by 10^-power2 if < 0):
  const exact =
    power2 >= 0 ? (mantissa << BigInt(power2)).toString() : (mantissa * 5n ** BigInt(-power2)).toString();
  if (exact.length < 15 || exact.charCodeAt(14) !== 0x35) return false;
  for (let i = 15; i < exact.length; i++) if (exact.charCodeAt(i) !== 0x30) return false;
  return true;
}
