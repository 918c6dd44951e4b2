/**
 * PHP's `json_encode($v)` (default flags) and `json_decode($s, true)` over the PhpValue model, for
 * `session.serialization = 'json'` (Laravel 9+, laravel-formats.md §5.2). JSON.parse/stringify cannot
 * do it: PHP tells `1` (int) from `1.0` (float), keeps 64-bit ints, escapes `/` as `\/` and every
 * non-ASCII character as `\uXXXX`, and prints floats with serialize_precision -1 (`1.0e+25`).
 */
import {
  PhpArray,
  type PhpArrayKey,
  PhpFloat,
  PhpObject,
  type PhpValue,
} from "../../src/codecs/php/values.js";
import { phpKey } from "./php-array.js";

/** Input json_decode rejects (PHP returns null; Laravel then starts an empty session). */
export class PhpJsonError extends Error {
  override readonly name = "PhpJsonError";
}

const MAX_DEPTH = 512; // json_decode's default $depth
const HEX = "0123456789abcdef";

/** php_gcvt(value, 17) in mode 0, as json_encode prints a double with serialize_precision = -1. */
export function phpJsonFloat(value: number): string {
  if (!Number.isFinite(value)) throw new PhpJsonError("Inf and NaN cannot be JSON encoded");
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const sign = value < 0 ? "-" : "";
  const [mantissa, exp] = Math.abs(value).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const decpt = Number(exp) + 1;
  if (decpt < 0 ? decpt < -3 : decpt > 17) {
    const e = decpt - 1;
    const rest = digits.length > 1 ? digits.slice(1) : "0";
    return `${sign}${digits[0]}.${rest}e${e < 0 ? "-" : "+"}${Math.abs(e)}`;
  }
  if (decpt <= 0) return `${sign}0.${"0".repeat(-decpt)}${digits}`;
  if (digits.length <= decpt) return sign + digits + "0".repeat(decpt - digits.length);
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

const MALFORMED = "Malformed UTF-8 characters, possibly incorrectly encoded";
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

function unicodeEscape(c: number): string {
  return `\\u${HEX[c >> 12]}${HEX[(c >> 8) & 15]}${HEX[(c >> 4) & 15]}${HEX[c & 15]}`;
}

function encodeString(s: string, out: string[]): void {
  let r = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c && c !== 0x2f) {
      r += s[i];
      continue;
    }
    if (c === 0x22) r += '\\"';
    else if (c === 0x5c) r += "\\\\";
    else if (c === 0x2f) r += "\\/";
    else if (c === 0x08) r += "\\b";
    else if (c === 0x0c) r += "\\f";
    else if (c === 0x0a) r += "\\n";
    else if (c === 0x0d) r += "\\r";
    else if (c === 0x09) r += "\\t";
    else if (c === 0x7f) r += "\x7f";
    else {
      if (c >= 0xd800 && c <= 0xdbff) {
        const next = s.charCodeAt(i + 1);
        if (!(next >= 0xdc00 && next <= 0xdfff)) throw new PhpJsonError(MALFORMED);
        r += unicodeEscape(c) + unicodeEscape(next);
        i++;
        continue;
      }
      if (c >= 0xdc00 && c <= 0xdfff) throw new PhpJsonError(MALFORMED);
      r += unicodeEscape(c);
    }
  }
  out.push(`${r}"`);
}

function isList(array: PhpArray): boolean {
  return array.entries.every(([k], i) => k === BigInt(i));
}

function keyString(key: PhpArrayKey): string {
  if (typeof key === "string") return key;
  if (typeof key === "bigint") return key.toString();
  return utf8OrThrow(key);
}

function utf8OrThrow(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new PhpJsonError(MALFORMED);
  }
}

function encodeValue(value: PhpValue, out: string[], depth: number): void {
  if (depth > MAX_DEPTH) throw new PhpJsonError("Maximum stack depth exceeded");
  if (value === null) out.push("null");
  else if (typeof value === "boolean") out.push(value ? "true" : "false");
  else if (typeof value === "bigint") out.push(value.toString());
  else if (typeof value === "string") encodeString(value, out);
  else if (value instanceof Uint8Array) encodeString(utf8OrThrow(value), out);
  else if (value instanceof PhpFloat) out.push(phpJsonFloat(value.value));
  else if (value instanceof PhpArray) {
    if (isList(value)) {
      out.push("[");
      value.entries.forEach(([, v], i) => {
        if (i > 0) out.push(",");
        encodeValue(v, out, depth + 1);
      });
      out.push("]");
    } else {
      out.push("{");
      value.entries.forEach(([k, v], i) => {
        if (i > 0) out.push(",");
        encodeString(keyString(k), out);
        out.push(":");
        encodeValue(v, out, depth + 1);
      });
      out.push("}");
    }
  } else if (value instanceof PhpObject) {
    // json_encode of a plain object: its public properties only.
    const pub = value.properties.filter((p) => p.visibility === "public");
    out.push("{");
    pub.forEach((p, i) => {
      if (i > 0) out.push(",");
      encodeString(String(p.name), out);
      out.push(":");
      encodeValue(p.value, out, depth + 1);
    });
    out.push("}");
  } else throw new PhpJsonError(`a PHP ${value.kind} value cannot be JSON encoded`);
}

/** `json_encode($value)` with PHP's default flags. @throws PhpJsonError where PHP returns false. */
export function phpJsonEncode(value: PhpValue): Buffer {
  const out: string[] = [];
  encodeValue(value, out, 0);
  return Buffer.from(out.join(""), "utf8");
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** `json_decode($json, true)`: objects become arrays. @throws PhpJsonError where PHP returns null. */
export function phpJsonDecode(input: Buffer | string): PhpValue {
  const text = typeof input === "string" ? input : utf8OrThrow(input);
  let pos = 0;
  const fail = (what: string): never => {
    throw new PhpJsonError(`Syntax error: ${what} at offset ${pos}`);
  };
  const ws = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      pos++;
    }
  };
  const str = (): string => {
    pos++; // opening quote
    let r = "";
    let start = pos;
    while (true) {
      if (pos >= text.length) fail("unterminated string");
      const c = text.charCodeAt(pos);
      if (c === 0x22) break;
      if (c < 0x20) fail("control character in string");
      if (c !== 0x5c) {
        pos++;
        continue;
      }
      r += text.slice(start, pos);
      const e = text[pos + 1];
      pos += 2;
      if (e === "u") {
        const hex = text.slice(pos, pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("bad \\u escape");
        r += String.fromCharCode(Number.parseInt(hex, 16));
        pos += 4;
      } else {
        const m = e === undefined ? undefined : ESCAPES[e];
        if (m === undefined) fail("bad escape");
        r += m;
      }
      start = pos;
    }
    r += text.slice(start, pos);
    pos++;
    if (LONE_SURROGATE.test(r)) throw new PhpJsonError("Single unpaired UTF-16 surrogate in unicode escape");
    return r;
  };
  const value = (depth: number): PhpValue => {
    if (depth > MAX_DEPTH) throw new PhpJsonError("Maximum stack depth exceeded");
    ws();
    const c = text[pos];
    if (c === "{") {
      pos++;
      const array = new PhpArray();
      const index = new Map<bigint | string, number>();
      ws();
      if (text[pos] === "}") {
        pos++;
        return array;
      }
      while (true) {
        ws();
        if (text[pos] !== '"') fail("expected a key");
        const key = phpKey(str());
        ws();
        if (text[pos] !== ":") fail("expected ':'");
        pos++;
        const v = value(depth + 1);
        const at = index.get(key);
        // Duplicate keys: the last value wins, in the first key's place (PHP's array update).
        if (at === undefined) {
          index.set(key, array.entries.length);
          array.entries.push([key, v]);
        } else (array.entries[at] as [PhpArrayKey, PhpValue])[1] = v;
        ws();
        if (text[pos] === ",") pos++;
        else if (text[pos] === "}") {
          pos++;
          return array;
        } else fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      pos++;
      const array = new PhpArray();
      ws();
      if (text[pos] === "]") {
        pos++;
        return array;
      }
      for (let i = 0n; ; i++) {
        array.entries.push([i, value(depth + 1)]);
        ws();
        if (text[pos] === ",") pos++;
        else if (text[pos] === "]") {
          pos++;
          return array;
        } else fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    for (const [word, v] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (!m) return fail("unexpected character");
    pos += m[0].length;
    if (m[1] === undefined && m[2] === undefined) {
      const n = BigInt(m[0]);
      // Beyond int64 PHP gives a float (no JSON_BIGINT_AS_STRING).
      if (n <= 9223372036854775807n && n >= -9223372036854775808n) return n;
    }
    return new PhpFloat(Number(m[0]));
  };
  const result = value(1);
  ws();
  if (pos !== text.length) fail("trailing data");
  return result;
}
