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
 * The result is a Buffer written straight into serialize()'s output buffers (byte-writer.ts:
 * shared 8 KB slabs, as Node's Buffer pool): no strings built and concatenated, none for the
 * Redis client to flatten and encode again.
 */
import { fromPlain } from "./from-plain.js";
import { SerializeFault } from "./php-writer.js";
import { CLASS_KEY } from "./plain.js";
import { PlainWriter } from "./plain-writer.js";
import { serialize } from "./serialize.js";

/** Deeper values take the full path (its depth limit and cycle check apply). */
const FAST_MAX_DEPTH = 64;

/** Thrown (a preallocated symbol) when the fast path meets something it leaves to the full one. */
const BAIL: unique symbol = Symbol("serializePlain.bail");

/** `serialize(fromPlain(value))` for plain JS values, faster on the common subset (see the file header). */
export function serializePlain(value: unknown): Buffer {
  const out = new PlainWriter();
  try {
    if (!objectPrototypeIsClean()) bail();
    write(out, value, FAST_MAX_DEPTH);
    // A getter may have added one meanwhile (and record() would have written it).
    if (!objectPrototypeIsClean()) bail();
    return out.result();
  } catch (error) {
    // A SerializeFault is a lone surrogate: the full path reports it, with its path.
    if (error !== BAIL && !(error instanceof SerializeFault)) throw error;
  } finally {
    // Gives the shared output buffer back before the full path (or a caller) needs it.
    out.release();
  }
  return serialize(fromPlain(value));
}

/**
 * No enumerable property on Object.prototype: then `for…in` over a plain object visits exactly
 * its own enumerable keys, without an Object.hasOwn() per key (the priciest part of a walk).
 * Anything else (a polyfill, prototype pollution) takes the full path, which reads Object.keys().
 */
function objectPrototypeIsClean(): boolean {
  for (const _ in Object.prototype) return false;
  return true;
}

function bail(): never {
  throw BAIL;
}

function write(out: PlainWriter, value: unknown, depthLeft: number): void {
  switch (typeof value) {
    case "string":
      out.string(value);
      return;
    case "number":
      out.number(value);
      return;
    case "boolean":
      out.ascii(value ? "b:1;" : "b:0;");
      return;
    case "object":
      if (value === null) out.ascii("N;");
      else if (depthLeft === 0) bail();
      else if (Array.isArray(value)) list(out, value, depthLeft - 1);
      else record(out, value, depthLeft - 1);
      return;
    default:
      bail();
  }
}

function list(out: PlainWriter, values: readonly unknown[], depthLeft: number): void {
  out.arrayStart(values.length);
  for (let i = 0; i < values.length; i++) {
    // Holes and undefined have no PHP form: the full path names them.
    if (!(i in values) || values[i] === undefined) bail();
    out.safeInt(i);
    write(out, values[i], depthLeft);
  }
  out.byte(0x7d);
}

function record(out: PlainWriter, value: object, depthLeft: number): void {
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) bail();
  const fields = value as Record<string, unknown>;
  if (typeof fields[CLASS_KEY] === "string") bail();
  // The count comes first in the output, so it is taken before the entries are written.
  const count = definedFieldCount(fields);
  out.arrayStart(count);
  let written = 0;
  // Own keys only: the prototype is Object.prototype (checked clean) or null.
  for (const key in fields) {
    const item = fields[key];
    if (item === undefined) continue; // skipped, like JSON.stringify and fromPlain()
    out.key(key);
    write(out, item, depthLeft);
    written++;
  }
  // A getter that answered differently the second time: the full path reads each field once.
  if (written !== count) bail();
  out.byte(0x7d);
}

/** The own enumerable fields that are not undefined (fromPlain() skips those). */
function definedFieldCount(fields: Record<string, unknown>): number {
  let count = 0;
  for (const key in fields) {
    if (fields[key] !== undefined) count++;
  }
  return count;
}
