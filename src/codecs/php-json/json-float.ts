/**
 * A double as PHP's json_encode() prints it (serialize_precision = -1): the shortest round-trip
 * digits, laid out by php_gcvt(value, 17, '.', 'e'): fixed notation while the decimal exponent is
 * within -4..16 (`0.0001`, `10000000000000000`), else `d.ddde±x` with `.0` after a single digit
 * (`1.0e-5`, `1.0e+17`); `-0` keeps its sign; integral values get no `.0` (no
 * JSON_PRESERVE_ZERO_FRACTION). Inf and NaN have no JSON form: the caller refuses them.
 */
export function phpJsonFloat(value: number): string {
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const sign = value < 0 ? "-" : "";
  // toExponential() without an argument gives exactly the shortest round-trip digits.
  const text = Math.abs(value).toExponential();
  const e = text.indexOf("e");
  const digits = text.charCodeAt(1) === 0x2e ? text[0] + text.slice(2, e) : text.slice(0, e);
  const exponent = Number(text.slice(e + 1));
  if (exponent < -4 || exponent >= 17) {
    const rest = digits.length > 1 ? digits.slice(1) : "0";
    return `${sign}${digits[0]}.${rest}e${exponent < 0 ? "-" : "+"}${Math.abs(exponent)}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = exponent + 1;
  if (digits.length <= whole) return sign + digits + "0".repeat(whole - digits.length);
  return `${sign}${digits.slice(0, whole)}.${digits.slice(whole)}`;
}
