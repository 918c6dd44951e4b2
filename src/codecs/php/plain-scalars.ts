/**
 * The byte-level reads of unserializePlain()'s fast path: counts, ints, floats, strings, array
 * keys and property names, straight from the bytes. Anything outside the everyday subset bails
 * (throws {@link BAIL}) and the caller starts over on the full path, which owns every error.
 */
import { isCanonicalIntKeyBytes } from "./array-key.js";
import { type SlicingBuffer, textAt as sourceText, type TextSource } from "./bytes-to-text.js";
import { asciiName, lastNameBit, NAME_MAX } from "./name-cache.js";

/** Thrown (one preallocated symbol, no stack) when the fast path meets something it leaves to the full one. */
export const BAIL: unique symbol = Symbol("unserializePlain.bail");

export function bail(): never {
  throw BAIL;
}

const COLON = 0x3a;
const SEMICOLON = 0x3b;
const QUOTE = 0x22;
/** Up to 15 decimal digits an int or a float mantissa is exact in a double. */
const FAST_MAX_DIGITS = 15;
const POWERS_OF_TEN: readonly number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);
export const EMPTY_BUFFER = Buffer.alloc(0) as SlicingBuffer;

/**
 * The reader's state. A call never yields, so two calls cannot interleave; the caller resets the
 * fields after each call so no payload stays referenced.
 */
export const cursor: TextSource & {
  buf: SlicingBuffer;
  pos: number;
  end: number;
  elementsLeft: number;
  /** The last key's bit from the name cache (lastNameBit), 0 when it has none. */
  keyBit: number;
} = {
  buf: EMPTY_BUFFER,
  view: undefined,
  latin1: undefined,
  pos: 0,
  end: 0,
  elementsLeft: 0,
  keyBit: 0,
};

/** `[0-9]+` then `terminator`, as a count or length (leading zeros are left to the full path). */
export function readCount(terminator: number): number {
  const buf = cursor.buf;
  let p = cursor.pos;
  let c = buf[p] as number;
  if (c === 0x30) {
    if (buf[p + 1] !== terminator) bail();
    cursor.pos = p + 2;
    return 0;
  }
  const start = p;
  let n = 0;
  while (c >= 0x30 && c <= 0x39) {
    n = n * 10 + (c - 0x30);
    c = buf[++p] as number;
  }
  if (p === start || p - start > FAST_MAX_DIGITS || c !== terminator) bail();
  cursor.pos = p + 1;
  return n;
}

/** After `i:`: `-?[1-9][0-9]*` or `0`, up to 15 digits, then `;`. */
export function readInt(): number {
  if (cursor.buf[cursor.pos] !== 0x2d) return readCount(SEMICOLON);
  cursor.pos++;
  // "-0" is not how PHP writes 0; let the full path judge it.
  if (cursor.buf[cursor.pos] === 0x30) bail();
  return -readCount(SEMICOLON);
}

/** After `d:`: `-?[0-9]+(\.[0-9]+)?;` with at most 15 digits, correctly rounded (Clinger's fast path). */
export function readFloat(): number {
  const buf = cursor.buf;
  let p = cursor.pos;
  const negative = buf[p] === 0x2d;
  if (negative) p++;
  let c = buf[p] as number;
  let mantissa = 0;
  const start = p;
  while (c >= 0x30 && c <= 0x39) {
    mantissa = mantissa * 10 + (c - 0x30);
    c = buf[++p] as number;
  }
  const digits = p - start;
  if (digits === 0) bail();
  let fraction = 0;
  if (c === 0x2e) {
    c = buf[++p] as number;
    while (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      fraction++;
      c = buf[++p] as number;
    }
    if (fraction === 0) bail();
  }
  if (c !== SEMICOLON || digits + fraction > FAST_MAX_DIGITS) bail();
  cursor.pos = p + 1;
  // Both operands are exact doubles, so one division is correctly rounded: strtod's result.
  const value = mantissa / (POWERS_OF_TEN[fraction] as number);
  return negative ? -value : value;
}

/** Reads `<len>:"`, checks `";` after the content, leaves `pos` after it and returns the content start. */
export function readStringStart(): number {
  const len = readCount(COLON);
  const buf = cursor.buf;
  const start = cursor.pos + 1;
  const close = start + len;
  if (buf[start - 1] !== QUOTE || close + 1 >= cursor.end || buf[close] !== QUOTE) bail();
  if (buf[close + 1] !== SEMICOLON) bail();
  cursor.pos = close + 2;
  return start;
}

/** After `s:`: the content as a JS string (binary strings take the full path). */
export function readString(): string {
  const start = readStringStart();
  return textAt(start, cursor.pos - 2);
}

/** The UTF-8 text of the bytes start..stop; bails on bytes that are not UTF-8. */
export function textAt(start: number, stop: number): string {
  return sourceText(cursor, start, stop) ?? bail();
}

/** After `s:` in an array: the key; numeric ones (PHP turns `"7"` into 7) and binary ones take the full path. */
export function readKey(): string {
  const start = readStringStart();
  const stop = cursor.pos - 2;
  const first = cursor.buf[start] as number;
  if ((first >= 0x30 && first <= 0x39) || first === 0x2d) {
    if (isCanonicalIntKeyBytes(cursor.buf, start, stop)) bail();
  }
  return nameAt(start, stop);
}

/**
 * After `s:` in an object: the property name without PHP's mangling (`\0*\0name` protected,
 * `\0Class\0name` private); toPlain() keeps only the bare name. Odd forms take the full path.
 */
export function readPropertyName(): string {
  const start = readStringStart();
  const stop = cursor.pos - 2;
  const buf = cursor.buf;
  if (buf[start] !== 0) return nameAt(start, stop);
  if (stop - start >= 3 && buf[start + 1] === 0x2a && buf[start + 2] === 0) return nameAt(start + 3, stop);
  const second = buf.indexOf(0, start + 1);
  // A private name: the declaring class must be text (toPlain() drops it, but the full path checks it).
  if (second > start + 1 && second < stop) {
    textAt(start + 1, second);
    return nameAt(second + 1, stop);
  }
  return bail();
}

/** A key or property name: short ASCII ones from the name cache (name-cache.ts). Sets `cursor.keyBit`. */
function nameAt(start: number, stop: number): string {
  const n = stop - start;
  if (n !== 0 && n <= NAME_MAX) {
    const cached = asciiName(cursor, start, stop);
    cursor.keyBit = lastNameBit();
    return cached ?? textAt(start, stop);
  }
  cursor.keyBit = 0;
  return textAt(start, stop);
}
