/**
 * PHP's float-to-text rules (main/snprintf.c `php_gcvt`, observed on PHP 8.2; laravel-formats.md §8):
 * take significant digits d1d2…dn and a decimal exponent e (value = d1.d2…dn × 10^e); print
 * `<d1>.<d2…dn>E<sign><|e|>` (with a mandatory `.0` for a single digit) when e < -4 or e >= precision,
 * else fixed notation without a trailing `.0`. serialize() uses the shortest round-trip digits with
 * precision 17 (`serialize_precision=-1`); `(string)$float` uses 14 digits (`precision=14`).
 */

/** Formats digits (no leading/trailing zeros) and exponent the way php_gcvt does. */
export function formatPhpDigits(
  negative: boolean,
  digits: string,
  exponent: number,
  precision: number,
): string {
  const sign = negative ? "-" : "";
  const decimalPoint = exponent + 1;
  if (exponent < -4 || exponent >= precision) {
    const mantissa = digits.length === 1 ? `${digits}.0` : `${digits[0]}.${digits.slice(1)}`;
    return `${sign}${mantissa}E${exponent < 0 ? "-" : "+"}${Math.abs(exponent)}`;
  }
  if (decimalPoint <= 0) return `${sign}0.${"0".repeat(-decimalPoint)}${digits}`;
  if (digits.length <= decimalPoint) return `${sign}${digits}${"0".repeat(decimalPoint - digits.length)}`;
  return `${sign}${digits.slice(0, decimalPoint)}.${digits.slice(decimalPoint)}`;
}

/** Splits JS exponential notation ("1.2345e+17", "5e-324") into digits without trailing zeros and exponent. */
export function splitExponential(text: string): { digits: string; exponent: number } {
  const e = text.indexOf("e");
  const mantissa = text.slice(0, e);
  let digits = mantissa.length > 1 ? mantissa[0] + mantissa.slice(2) : mantissa;
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 0x30) end--;
  digits = digits.slice(0, end);
  return { digits, exponent: Number(text.slice(e + 1)) };
}

/**
 * The `d:` text of serialize() with `serialize_precision=-1`: `0.1`, `0.30000000000000004`, `1`,
 * `-0`, `1.0E+25`, `1.0E-5`, `INF`, `-INF`, `NAN`. JS and PHP both pick the shortest digits that
 * round-trip (nearest, ties to even), so only the layout differs.
 */
export function phpFloatRepr(x: number): string {
  const ax = x < 0 ? -x : x;
  // Fast path: here JS String() already prints fixed notation with the same shortest digits.
  if (ax >= 1e-4 && ax < 1e17) return String(x);
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  if (Number.isNaN(x)) return "NAN";
  if (ax === Number.POSITIVE_INFINITY) return x < 0 ? "-INF" : "INF";
  const { digits, exponent } = splitExponential(ax.toExponential());
  return formatPhpDigits(x < 0, digits, exponent, 17);
}
