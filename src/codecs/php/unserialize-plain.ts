/**
 * unserializePlain(): PHP serialize() bytes straight to the value `toPlain(unserialize(bytes))`
 * gives, without building the PhpValue model first. For hot read paths — a cache hit of a 1 KB
 * array — where the intermediate model and its second walk cost more than reading the bytes.
 *
 * Only the everyday subset is read here: `N;`, `b:0;`/`b:1;`, ints of up to 15 digits, plain
 * decimal floats of up to 15 digits, valid UTF-8 strings, and arrays keyed by ints or by
 * non-numeric UTF-8 strings without duplicates, at most 64 levels deep. On anything else (objects,
 * enums, references, big ints, exponents, NAN, binary strings, numeric string keys, custom
 * options, invalid or trailing bytes) it starts over with the full `unserialize()` + `toPlain()`,
 * so every result and every error is exactly theirs. The differential property test in
 * test/unit/codecs/php/unserialize-plain.test.ts holds the two paths equal.
 *
 * Reentrancy: the reader state lives in module variables; a call never yields, so two calls cannot
 * interleave.
 */
import { isCanonicalIntKeyBytes } from "./array-key.js";
import { bytesToText, type SlicingBuffer } from "./bytes-to-text.js";
import { resolveLimits } from "./limits.js";
import { type PlainObject, type PlainValue, type ToPlainOptions, toPlain } from "./plain.js";
import { type UnserializeOptions, unserialize } from "./unserialize.js";

/** Deeper values take the full path (its limits and messages apply). */
const FAST_MAX_DEPTH = 64;
/** Up to 15 decimal digits an int or a float mantissa is exact in a double. */
const FAST_MAX_DIGITS = 15;
const COLON = 0x3a;
const SEMICOLON = 0x3b;
const QUOTE = 0x22;
const POWERS_OF_TEN: readonly number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** Thrown (one preallocated object, no stack) when the fast path meets something it leaves to the full one. */
const BAIL: unique symbol = Symbol("unserializePlain.bail");

let buf: Buffer = Buffer.alloc(0);
let pos = 0;
let end = 0;
let elementsLeft = 0;

/**
 * `toPlain(unserialize(input, options))` for PHP serialize() bytes, faster on the common subset
 * (see the file header). `toPlainOptions` other than the defaults always take the full path.
 * @throws PhpUnserializeError / PhpConversionError exactly as unserialize() and toPlain() do
 */
export function unserializePlain(
  input: Buffer,
  options?: UnserializeOptions,
  toPlainOptions?: ToPlainOptions,
): PlainValue {
  const limits = resolveLimits(options);
  if (toPlainOptions === undefined && input.length <= limits.maxBytes) {
    buf = input;
    pos = 0;
    end = input.length;
    elementsLeft = limits.maxElements;
    try {
      const value = readValue(Math.min(limits.maxDepth, FAST_MAX_DEPTH));
      if (pos === end) return value;
    } catch (error) {
      if (error !== BAIL) throw error;
    } finally {
      buf = EMPTY;
    }
  }
  return toPlain(unserialize(input, options), toPlainOptions);
}

const EMPTY = Buffer.alloc(0);

function bail(): never {
  throw BAIL;
}

/** One value; `depthLeft` counts the containers it may still open. */
function readValue(depthLeft: number): PlainValue {
  if (--elementsLeft < 0) bail();
  const type = buf[pos];
  if (type === 0x4e) {
    if (buf[pos + 1] !== SEMICOLON) bail();
    pos += 2;
    return null;
  }
  if (buf[pos + 1] !== COLON) bail();
  pos += 2;
  switch (type) {
    case 0x73: // s:
      return readString();
    case 0x69: // i:
      return readInt();
    case 0x61: // a:
      if (depthLeft === 0) bail();
      return readArray(depthLeft - 1);
    case 0x62: {
      // b:
      const c = buf[pos];
      if ((c !== 0x30 && c !== 0x31) || buf[pos + 1] !== SEMICOLON) bail();
      pos += 2;
      return c === 0x31;
    }
    case 0x64: // d:
      return readFloat();
    default:
      return bail();
  }
}

/** `[0-9]+` then `terminator`, as a count or length (leading zeros are left to the full path). */
function readCount(terminator: number): number {
  let c = buf[pos] as number;
  if (c === 0x30) {
    if (buf[pos + 1] !== terminator) bail();
    pos += 2;
    return 0;
  }
  let n = 0;
  const start = pos;
  while (c >= 0x30 && c <= 0x39) {
    n = n * 10 + (c - 0x30);
    c = buf[++pos] as number;
  }
  if (pos === start || pos - start > FAST_MAX_DIGITS || c !== terminator) bail();
  pos++;
  return n;
}

/** After `i:`: `-?[1-9][0-9]*` or `0`, up to 15 digits, then `;`. */
function readInt(): number {
  const negative = buf[pos] === 0x2d;
  if (negative) {
    pos++;
    // "-0" is not how PHP writes 0; let the full path judge it.
    if (buf[pos] === 0x30) bail();
  }
  const n = readCount(SEMICOLON);
  return negative ? -n : n;
}

/** After `d:`: `-?[0-9]+(\.[0-9]+)?;` with at most 15 digits, correctly rounded (Clinger's fast path). */
function readFloat(): number {
  const negative = buf[pos] === 0x2d;
  if (negative) pos++;
  let c = buf[pos] as number;
  let mantissa = 0;
  let digits = 0;
  while (c >= 0x30 && c <= 0x39) {
    mantissa = mantissa * 10 + (c - 0x30);
    digits++;
    c = buf[++pos] as number;
  }
  if (digits === 0) bail();
  let fraction = 0;
  if (c === 0x2e) {
    c = buf[++pos] as number;
    while (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      fraction++;
      c = buf[++pos] as number;
    }
    if (fraction === 0) bail();
  }
  if (c !== SEMICOLON || digits + fraction > FAST_MAX_DIGITS) bail();
  pos++;
  // Both operands are exact doubles, so one division is correctly rounded: strtod's result.
  const value = mantissa / (POWERS_OF_TEN[fraction] as number);
  return negative ? -value : value;
}

/** After `s:`: `<len>:"<bytes>";`, the bytes as a JS string (binary strings take the full path). */
function readString(): string {
  const start = readStringStart();
  const text = bytesToText(buf, start, pos);
  pos += 2;
  if (typeof text !== "string") bail();
  return text;
}

/** Reads `<len>:"`, checks `";` after the content, leaves `pos` at the closing quote. */
function readStringStart(): number {
  const len = readCount(COLON);
  if (buf[pos] !== QUOTE) bail();
  const start = pos + 1;
  const close = start + len;
  if (close + 1 >= end || buf[close] !== QUOTE || buf[close + 1] !== SEMICOLON) bail();
  pos = close;
  return start;
}

/**
 * After `a:`: `<n>:{<key><value>…}`. Read as a JS array while the keys are 0, 1, 2…; the first
 * other key turns it into a null-prototype object, as toPlain() decides over the whole array.
 */
function readArray(depthLeft: number): PlainValue[] | PlainObject {
  const count = readCount(COLON);
  if (buf[pos] !== 0x7b) bail();
  pos++;
  let list: PlainValue[] | null = [];
  let object: PlainObject | null = null;
  for (let i = 0; i < count; i++) {
    const type = buf[pos];
    if (buf[pos + 1] !== COLON) bail();
    pos += 2;
    let key: string;
    if (type === 0x69) {
      const index = readInt();
      if (list !== null && index === i) {
        list.push(readValue(depthLeft));
        continue;
      }
      key = String(index);
    } else if (type === 0x73) {
      key = readKey();
    } else {
      return bail();
    }
    if (object === null) {
      object = listToObject(list as PlainValue[]);
      list = null;
    }
    // PHP keeps the last of duplicate keys; the full path rejects them. Either way, not ours.
    if (object[key] !== undefined) bail();
    object[key] = readValue(depthLeft);
  }
  if (buf[pos] !== 0x7d) bail();
  pos++;
  return list ?? (object as PlainObject);
}

/**
 * A string key; numeric ones (PHP turns `"7"` into 7) and binary ones take the full path. Keys
 * repeat (every row of a list has the same ones), so short ASCII keys come from a small
 * direct-mapped cache: the same string object each time, which V8 has already internalized for
 * property access. The slot comes from the length and three bytes, so a hit costs one compare
 * pass over the key. Only keys are cached, never values.
 */
function readKey(): string {
  const start = readStringStart();
  const stop = pos;
  pos += 2;
  const n = stop - start;
  if (n === 0) return "";
  const first = buf[start] as number;
  if ((first >= 0x30 && first <= 0x39) || first === 0x2d) {
    if (isCanonicalIntKeyBytes(buf, start, stop)) bail();
  }
  if (n > KEY_CACHE_MAX_LENGTH) return keyText(start, stop);
  const last = buf[stop - 1] as number;
  const middle = buf[start + (n >> 1)] as number;
  const slot = (n * 0x9e5 + first * 0x3b + middle * 0x11 + last) & (KEY_CACHE_SIZE - 1);
  const cached = keyCache[slot];
  if (cached !== undefined && cached.length === n) {
    let i = 0;
    while (i < n && cached.charCodeAt(i) === buf[start + i]) i++;
    if (i === n) return cached;
  }
  for (let i = start; i < stop; i++) if ((buf[i] as number) >= 0x80) return keyText(start, stop);
  const fresh = (buf as SlicingBuffer).latin1Slice(start, stop);
  keyCache[slot] = fresh;
  return fresh;
}

function keyText(start: number, stop: number): string {
  const text = bytesToText(buf, start, stop);
  if (typeof text !== "string") bail();
  return text;
}

const KEY_CACHE_SIZE = 1024;
const KEY_CACHE_MAX_LENGTH = 32;
const keyCache: Array<string | undefined> = new Array(KEY_CACHE_SIZE).fill(undefined);

function listToObject(list: readonly PlainValue[]): PlainObject {
  const object: PlainObject = Object.create(null);
  for (let i = 0; i < list.length; i++) object[i] = list[i] as PlainValue;
  return object;
}
