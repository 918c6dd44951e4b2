/**
 * How session values look from JavaScript. `req.session.get()` returns plain data; `put()` takes
 * plain data or exact PHP values. Rules (lossless where JS can tell the difference):
 *
 *   PHP int            → number when it is a safe integer, else bigint (never a rounded amount)
 *   PHP float          → number
 *   PHP string         → string (UTF-8) or Buffer (other bytes)
 *   PHP list (0..n-1)  → array;   other PHP arrays → null-prototype object (int keys as strings)
 *   PHP objects (O:, C:, E:, r:, R:) → the inert PhpObject/PhpCustom/... record: data, never instantiated
 *
 * Writing: integer numbers and bigints → int, other numbers → float, arrays → lists, plain objects and
 * Maps → arrays with PHP's key cast ('7' → 7), PhpValue instances (PhpFloat, PhpArray, PhpObject…)
 * as they are. A value that was read and not replaced is written back with its original bytes.
 */

import {
  PhpArray,
  type PhpArrayKey,
  PhpCustom,
  PhpEnum,
  PhpFloat,
  PhpObject,
  PhpObjectRef,
  PhpReference,
  type PhpValue,
} from "../../src/codecs/php/values.js";
import { SessionEncodeError } from "../../src/errors/session-errors.js";
import { phpKey } from "./php-array.js";

/** A plain value read from the session. */
export type SessionValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Buffer
  | SessionValue[]
  | { [key: string]: SessionValue }
  | PhpObject
  | PhpCustom
  | PhpEnum
  | PhpObjectRef
  | PhpReference;

function keyToString(key: PhpArrayKey): string {
  if (typeof key === "string") return key;
  if (typeof key === "bigint") return key.toString();
  return Buffer.from(key).toString("latin1");
}

function isList(array: PhpArray): boolean {
  const entries = array.entries;
  for (let i = 0; i < entries.length; i++) {
    if ((entries[i] as [PhpArrayKey, PhpValue])[0] !== BigInt(i)) return false;
  }
  return true;
}

/** PHP value → plain JS (see the table above). Returns fresh objects: mutating them changes nothing. */
export function toSessionValue(value: PhpValue): SessionValue {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "bigint") {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value;
  }
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (value instanceof PhpFloat) return value.value;
  if (value instanceof PhpArray) {
    if (isList(value)) return value.entries.map(([, v]) => toSessionValue(v));
    const out: { [key: string]: SessionValue } = Object.create(null);
    for (const [k, v] of value.entries) out[keyToString(k)] = toSessionValue(v);
    return out;
  }
  return value;
}

function isPhpValueInstance(value: object): value is PhpValue & object {
  return (
    value instanceof PhpArray ||
    value instanceof PhpFloat ||
    value instanceof PhpObject ||
    value instanceof PhpCustom ||
    value instanceof PhpEnum ||
    value instanceof PhpObjectRef ||
    value instanceof PhpReference
  );
}

/** Plain JS → PHP value; throws SessionEncodeError for what PHP cannot hold. `path` names the key. */
export function fromSessionValue(value: unknown, path: string): PhpValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "boolean":
    case "string":
    case "bigint":
      return value;
    case "number":
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? BigInt(value) : new PhpFloat(value);
    case "object":
      break;
    default:
      throw new SessionEncodeError(path, `a ${typeof value} has no PHP equivalent.`);
  }
  if (value instanceof Uint8Array) return value;
  if (isPhpValueInstance(value)) return value;
  if (Array.isArray(value)) {
    return new PhpArray(value.map((v, i) => [BigInt(i), fromSessionValue(v, `${path}.${i}`)]));
  }
  if (value instanceof Map) {
    const entries: Array<[PhpArrayKey, PhpValue]> = [];
    for (const [k, v] of value)
      entries.push([phpKey(String(k)), fromSessionValue(v, `${path}.${String(k)}`)]);
    return new PhpArray(entries);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new SessionEncodeError(
      path,
      `a ${(value as object).constructor?.name ?? "class"} instance is not plain data; store its fields (a Date as an ISO string or a UNIX time).`,
    );
  }
  const entries: Array<[PhpArrayKey, PhpValue]> = [];
  for (const k of Object.keys(value)) {
    entries.push([phpKey(k), fromSessionValue((value as Record<string, unknown>)[k], `${path}.${k}`)]);
  }
  return new PhpArray(entries);
}
