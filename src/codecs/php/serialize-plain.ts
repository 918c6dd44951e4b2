/**
 * serializePlain(): everyday JS values straight to the text of `serialize(fromPlain(value))`,
 * without building the PhpValue model first. For hot write paths — caching a 1 KB API payload —
 * where the intermediate PhpArray entries cost more than writing the text.
 *
 * Only the everyday subset is written here: null, booleans, numbers, well-formed strings, arrays
 * without holes and plain objects without `__class`, at most 64 levels deep. Anything else (bigint,
 * Buffer, Map, PhpValue instances, objects with `__class`, lone surrogates, Dates, class instances,
 * cycles) starts over with the full `serialize(fromPlain(value))`, so every result and every error
 * is exactly theirs. The differential property test in
 * test/unit/codecs/php/serialize-plain.test.ts holds the two paths equal.
 *
 * The result is a JS string whose UTF-8 encoding is the serialize() bytes (Redis clients send
 * strings as UTF-8), or the full path's Buffer.
 */
import { isCanonicalIntKey } from "./array-key.js";
import { phpFloatRepr } from "./float-format.js";
import { fromPlain } from "./from-plain.js";
import { CLASS_KEY } from "./plain.js";
import { serialize } from "./serialize.js";

/** Deeper values take the full path (its depth limit and cycle check apply). */
const FAST_MAX_DEPTH = 64;

/** Thrown (a preallocated symbol) when the fast path meets something it leaves to the full one. */
const BAIL: unique symbol = Symbol("serializePlain.bail");

/** `serialize(fromPlain(value))` for plain JS values, faster on the common subset (see the file header). */
export function serializePlain(value: unknown): string | Buffer {
  try {
    return write(value, FAST_MAX_DEPTH);
  } catch (error) {
    if (error !== BAIL) throw error;
  }
  return serialize(fromPlain(value));
}

function bail(): never {
  throw BAIL;
}

function write(value: unknown, depthLeft: number): string {
  switch (typeof value) {
    case "string":
      return text(value);
    case "number":
      // fromPlain(): an integral number within ±(2^53−1) is an int (−0 → 0), any other a float.
      return Number.isSafeInteger(value) ? `i:${value === 0 ? 0 : value};` : `d:${phpFloatRepr(value)};`;
    case "boolean":
      return value ? "b:1;" : "b:0;";
    case "object":
      if (value === null) return "N;";
      if (depthLeft === 0) return bail();
      if (Array.isArray(value)) return list(value, depthLeft - 1);
      return record(value, depthLeft - 1);
    default:
      return bail();
  }
}

function text(value: string): string {
  return `s:${utf8Length(value)}:"${value}";`;
}

/**
 * The UTF-8 byte length of a string, in one pass of char codes (cheaper than a call into
 * Buffer.byteLength for the short strings payloads are made of). A lone surrogate has no UTF-8
 * form: the full path reports it.
 */
function utf8Length(value: string): number {
  const n = value.length;
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c < 0xd800 || c > 0xdfff) bytes += 2;
    else {
      const next = value.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) bail();
      bytes += 2; // 4 bytes for the pair's 2 code units
      i++;
    }
  }
  return bytes;
}

function list(values: readonly unknown[], depthLeft: number): string {
  let out = `a:${values.length}:{`;
  for (let i = 0; i < values.length; i++) {
    // Holes and undefined have no PHP form: the full path names them.
    if (!(i in values) || values[i] === undefined) bail();
    out += `i:${i};${write(values[i], depthLeft)}`;
  }
  return `${out}}`;
}

function record(value: object, depthLeft: number): string {
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) bail();
  const fields = value as Record<string, unknown>;
  if (typeof fields[CLASS_KEY] === "string") bail();
  let count = 0;
  let body = "";
  for (const key in fields) {
    if (!Object.hasOwn(fields, key)) continue;
    const item = fields[key];
    if (item === undefined) continue; // skipped, like JSON.stringify and fromPlain()
    // PHP's key rule: a canonical integer string is an int key.
    body += isCanonicalIntKey(key) ? `i:${key};` : text(key);
    body += write(item, depthLeft);
    count++;
  }
  return `a:${count}:{${body}}`;
}
