/**
 * unserializePlain(): PHP serialize() bytes straight to the value `toPlain(unserialize(bytes))`
 * gives, without building the PhpValue model first. For hot read paths — a cache hit of a 1 KB
 * array, a session with its ViewErrorBag — where the intermediate model and its second walk cost
 * more than reading the bytes.
 *
 * Only the everyday subset is read here: `N;`, `b:0;`/`b:1;`, ints of up to 15 digits, plain
 * decimal floats of up to 15 digits, valid UTF-8 strings, arrays keyed by ints or by non-numeric
 * UTF-8 strings without duplicates, and `O:` objects with public, protected and private string
 * property names used once each, at most 64 levels deep. On anything else (enums, `C:`, references,
 * big ints, exponents, NAN, binary strings, numeric string keys, custom options, invalid or
 * trailing bytes) it starts over with the full `unserialize()` + `toPlain()`, so every result and
 * every error is exactly theirs. The differential property tests in
 * test/unit/codecs/php/unserialize-plain.test.ts hold the two paths equal.
 */
import { classNameAt } from "./byte-reader.js";
import type { SlicingBuffer } from "./bytes-to-text.js";
import { resolveLimits } from "./limits.js";
import { nameBitOf } from "./name-cache.js";
import { nullObject } from "./null-object.js";
import { CLASS_KEY, type PlainObject, type PlainValue, type ToPlainOptions, toPlain } from "./plain.js";
import {
  BAIL,
  bail,
  cursor,
  EMPTY_BUFFER,
  readCount,
  readFloat,
  readInt,
  readKey,
  readPropertyName,
  readString,
} from "./plain-scalars.js";
import { type UnserializeOptions, unserialize } from "./unserialize.js";

/** Deeper values take the full path (its limits and messages apply). */
const FAST_MAX_DEPTH = 64;
const COLON = 0x3a;
const SEMICOLON = 0x3b;
const QUOTE = 0x22;
/** `__class` is set before the properties: a property of that name must meet the duplicate check. */
const CLASS_KEY_BIT = nameBitOf(CLASS_KEY);
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
    const buf = input as SlicingBuffer;
    cursor.buf = buf;
    cursor.pos = 0;
    cursor.end = buf.length;
    cursor.elementsLeft = limits.maxElements;
    try {
      const value = readValue(Math.min(limits.maxDepth, FAST_MAX_DEPTH));
      if (cursor.pos === cursor.end) return value;
    } catch (error) {
      if (error !== BAIL) throw error;
    } finally {
      cursor.buf = EMPTY_BUFFER;
      cursor.view = undefined;
      cursor.latin1 = undefined;
    }
  }
  return toPlain(unserialize(input, options), toPlainOptions);
}

/** One value; `depthLeft` counts the containers it may still open. */
function readValue(depthLeft: number): PlainValue {
  if (--cursor.elementsLeft < 0) bail();
  const buf = cursor.buf;
  const p = cursor.pos;
  const type = buf[p];
  if (type === 0x4e) {
    if (buf[p + 1] !== SEMICOLON) bail();
    cursor.pos = p + 2;
    return null;
  }
  if (buf[p + 1] !== COLON) bail();
  cursor.pos = p + 2;
  switch (type) {
    case 0x73: // s:
      return readString();
    case 0x69: // i:
      return readInt();
    case 0x61: // a:
      if (depthLeft === 0) bail();
      return readArray(depthLeft - 1);
    case 0x4f: // O:
      if (depthLeft === 0) bail();
      return readObject(depthLeft - 1);
    case 0x62: {
      // b:
      const c = buf[p + 2];
      if ((c !== 0x30 && c !== 0x31) || buf[p + 3] !== SEMICOLON) bail();
      cursor.pos = p + 4;
      return c === 0x31;
    }
    case 0x64: // d:
      return readFloat();
    default:
      return bail();
  }
}

/** `<n>:{`, the count of a container. */
function readOpen(): number {
  const count = readCount(COLON);
  if (cursor.buf[cursor.pos] !== 0x7b) bail();
  cursor.pos++;
  return count;
}

function readClose(): void {
  if (cursor.buf[cursor.pos] !== 0x7d) bail();
  cursor.pos++;
}

/**
 * After `a:`: `<n>:{<key><value>…}`. Read as a JS array while the keys are 0, 1, 2…; the first
 * other key turns it into a null-prototype object, as toPlain() decides over the whole array.
 */
function readArray(depthLeft: number): PlainValue[] | PlainObject {
  const count = readOpen();
  let list: PlainValue[] | null = [];
  let object: PlainObject | null = null;
  // The name-cache bits of the keys so far: a key whose bit is not set cannot be a duplicate.
  let seen = 0;
  for (let i = 0; i < count; i++) {
    const buf = cursor.buf;
    const type = buf[cursor.pos];
    if (buf[cursor.pos + 1] !== COLON) bail();
    cursor.pos += 2;
    let key: string;
    if (type === 0x69) {
      const index = readInt();
      if (list !== null && index === i) {
        list.push(readValue(depthLeft));
        continue;
      }
      key = String(index);
      cursor.keyBit = 0;
    } else if (type === 0x73) {
      key = readKey();
    } else {
      return bail();
    }
    if (object === null) {
      object = listToObject(list as PlainValue[], count);
      list = null;
    }
    // PHP keeps the last of duplicate keys; the full path rejects them. Either way, not ours.
    const bit = cursor.keyBit;
    if ((seen & bit) !== 0 || bit === 0) {
      if (object[key] !== undefined) bail();
    }
    seen |= bit;
    object[key] = readValue(depthLeft);
  }
  readClose();
  return list ?? (object as PlainObject);
}

/**
 * After `O:`: `<len>:"<Class>":<n>:{<name><value>…}` as toPlain() gives it: a null-prototype object
 * with the class under `__class`, then every property by its bare name. A name used twice (a
 * private property shadowed in a subclass) and a property called `__class` take the full path.
 */
function readObject(depthLeft: number): PlainObject {
  const len = readCount(COLON);
  const buf = cursor.buf;
  const start = cursor.pos + 1;
  const close = start + len;
  if (len === 0 || buf[start - 1] !== QUOTE || close + 1 >= cursor.end || buf[close] !== QUOTE) bail();
  if (buf[close + 1] !== COLON) bail();
  const className = classNameAt(cursor, start, close, false) ?? bail();
  cursor.pos = close + 2;
  const count = readOpen();
  const object = nullObject(count + 1);
  object[CLASS_KEY] = className;
  let seen = CLASS_KEY_BIT;
  for (let i = 0; i < count; i++) {
    if (cursor.buf[cursor.pos] !== 0x73 || cursor.buf[cursor.pos + 1] !== COLON) bail();
    cursor.pos += 2;
    const name = readPropertyName();
    const bit = cursor.keyBit;
    if ((seen & bit) !== 0 || bit === 0) {
      if (object[name] !== undefined) bail();
    }
    seen |= bit;
    object[name] = readValue(depthLeft);
  }
  readClose();
  return object;
}

function listToObject(list: readonly PlainValue[], size: number): PlainObject {
  const object = nullObject(size);
  for (let i = 0; i < list.length; i++) object[i] = list[i] as PlainValue;
  return object;
}
