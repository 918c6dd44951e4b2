/**
 * PHP's `json_encode()` byte for byte, for queue payloads (laravel-formats.md §7.5):
 * - `escapeUnicode: false` = `JSON_UNESCAPED_UNICODE`, what `Queue::createPayload` uses: UTF-8 raw,
 *   except U+2028/U+2029, which PHP still escapes (there is no JSON_UNESCAPED_LINE_TERMINATORS here);
 * - `escapeUnicode: true` = plain `json_encode`, what `queue:retry` re-encodes with: `\uXXXX`.
 * Always: `/` → `\/`, control characters as `\b \f \n \r \t` or lower-case `\u00XX`, floats with
 * `serialize_precision = -1` (shortest round-trip digits, `1.0e+17`, `-0`), integral JS numbers as ints.
 * PHP arrays are lists (`[...]`) when their keys are exactly 0..n-1 in order, objects otherwise.
 */
import { PhpArray, PhpFloat } from "../../src/codecs/php/values.js";
import { InvalidPayloadError } from "../../src/errors/queue-errors.js";

/** What a payload may carry: plain JSON values, bigint ints, PhpFloat floats and ordered PhpArrays. */
export type JsonInput =
  | null
  | boolean
  | number
  | bigint
  | string
  | PhpFloat
  | PhpArray
  | readonly JsonInput[]
  | { readonly [key: string]: JsonInput | undefined };

export interface PhpJsonEncodeOptions {
  /** Plain json_encode (`\uXXXX` for non-ASCII) instead of JSON_UNESCAPED_UNICODE. @default false */
  escapeUnicode?: boolean;
}

const HEX = "0123456789abcdef";
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** `json_encode($value, $escapeUnicode ? 0 : JSON_UNESCAPED_UNICODE)`. Throws InvalidPayloadError like PHP's failures. */
export function phpJsonEncode(value: unknown, options: PhpJsonEncodeOptions = {}): string {
  return encodeValue(value, options.escapeUnicode === true, "$");
}

function encodeValue(value: unknown, escapeUni: boolean, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return encodeString(value, escapeUni, path);
    case "bigint":
      return value.toString();
    case "number":
      if (Number.isInteger(value)) {
        // An integral JS number is a PHP int (JS cannot tell 1 from 1.0); -0 too.
        return Number.isSafeInteger(value) ? String(value === 0 ? 0 : value) : BigInt(value).toString();
      }
      return phpJsonFloat(value, path);
    case "object":
      break;
    default:
      throw unsupported(path, typeof value);
  }
  if (value instanceof PhpFloat) return phpJsonFloat(value.value, path);
  if (value instanceof PhpArray) return encodePhpArray(value, escapeUni, path);
  if (value instanceof Uint8Array) return encodeString(decodeUtf8(value, path), escapeUni, path);
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (let i = 0; i < value.length; i++) {
      if (value[i] === undefined) throw unsupported(`${path}[${i}]`, "undefined");
      parts.push(encodeValue(value[i], escapeUni, `${path}[${i}]`));
    }
    return `[${parts.join(",")}]`;
  }
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === "function") return encodeValue(withToJson.toJSON(), escapeUni, path);
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    // Like JSON.stringify: an absent value (undefined) is no key at all.
    if (item === undefined) continue;
    parts.push(`${encodeString(key, escapeUni, path)}:${encodeValue(item, escapeUni, `${path}.${key}`)}`);
  }
  return `{${parts.join(",")}}`;
}

function encodePhpArray(array: PhpArray, escapeUni: boolean, path: string): string {
  const entries = array.entries;
  let isList = true;
  for (let i = 0; i < entries.length; i++) {
    if ((entries[i] as [unknown, unknown])[0] !== BigInt(i)) {
      isList = false;
      break;
    }
  }
  if (isList) return `[${entries.map(([k, v]) => encodeValue(v, escapeUni, `${path}[${k}]`)).join(",")}]`;
  const parts = entries.map(([key, item]) => {
    const name =
      typeof key === "bigint" ? key.toString() : typeof key === "string" ? key : decodeUtf8(key, path);
    return `${encodeString(name, escapeUni, path)}:${encodeValue(item, escapeUni, `${path}.${name}`)}`;
  });
  return `{${parts.join(",")}}`;
}

/** A double as json_encode prints it with serialize_precision = -1. */
export function phpJsonFloat(x: number, path = "$"): string {
  if (!Number.isFinite(x)) {
    throw new InvalidPayloadError(
      "unsupported-value",
      `Unable to JSON encode payload: ${x} at ${path} (Inf and NaN cannot be encoded).`,
      { path },
    );
  }
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const [mantissa = "", exponentText = "0"] = x.toExponential().split("e");
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith("-") ? "-" : "";
  const digits = mantissa.replace("-", "").replace(".", "");
  // php_gcvt(precision 17, mode 0): exponential when the decimal exponent is < -4 or >= 17.
  if (exponent < -4 || exponent >= 17) {
    const m = digits.length === 1 ? `${digits}.0` : `${digits[0]}.${digits.slice(1)}`;
    return `${sign}${m}e${exponent < 0 ? "-" : "+"}${Math.abs(exponent)}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole =
    digits.length > exponent + 1 ? digits.slice(0, exponent + 1) : digits.padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1);
  return fraction === "" ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}

function encodeString(s: string, escapeUni: boolean, path: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let replacement: string | undefined;
    if (c < 0x20) {
      replacement = CONTROL[c] ?? `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    } else if (c === 0x22) replacement = '\\"';
    else if (c === 0x5c) replacement = "\\\\";
    else if (c === 0x2f) replacement = "\\/";
    else if (c >= 0x80) {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = s.charCodeAt(i + 1);
        const paired = c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
        if (!paired) {
          throw new InvalidPayloadError(
            "unsupported-value",
            `Unable to JSON encode payload: malformed UTF-8 (a lone surrogate) in a string at ${path}.`,
            { path },
          );
        }
        if (escapeUni) {
          replacement = `${unicodeEscape(c)}${unicodeEscape(next)}`;
          out += s.slice(start, i) + replacement;
          i++;
          start = i + 1;
          continue;
        }
        i++;
        continue;
      }
      if (escapeUni || c === 0x2028 || c === 0x2029) replacement = unicodeEscape(c);
    }
    if (replacement !== undefined) {
      out += s.slice(start, i) + replacement;
      start = i + 1;
    }
  }
  return `${out + s.slice(start)}"`;
}

const CONTROL: Record<number, string> = { 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r" };

function unicodeEscape(c: number): string {
  return `\\u${HEX[(c >> 12) & 15]}${HEX[(c >> 8) & 15]}${HEX[(c >> 4) & 15]}${HEX[c & 15]}`;
}

function decodeUtf8(bytes: Uint8Array, path: string): string {
  try {
    return utf8.decode(bytes);
  } catch (cause) {
    throw new InvalidPayloadError(
      "unsupported-value",
      `Unable to JSON encode payload: malformed UTF-8 bytes at ${path}.`,
      { path, cause },
    );
  }
}

function unsupported(path: string, what: string): InvalidPayloadError {
  return new InvalidPayloadError(
    "unsupported-value",
    `Unable to JSON encode payload: a ${what} at ${path} has no JSON form; use null, booleans, numbers, strings, arrays and plain objects.`,
    { path },
  );
}
