/**
 * The byte-level primitives of the unserializer: integers, lengths, strings, floats and class
 * names read straight from a Buffer. No regexes, no slicing of the whole input, UTF-8 decoded only
 * for string values (the grammar is PHP 8.2's ext/standard/var_unserializer.re, as observed).
 */
import { PhpUnserializeError } from "../../errors/codec-errors.js";
import { bytesToText, type SlicingBuffer, type TextSource, textOrBytes } from "./bytes-to-text.js";
import { readPhpFloat } from "./float-reader.js";
import {
  asciiName,
  CLASS_NAME_MAX,
  knownClassName,
  lastNameBit,
  NAME_MAX,
  nameHash,
  rememberClassName,
} from "./name-cache.js";
import type { PhpFloat } from "./values.js";

const COLON = 0x3a;
const SEMICOLON = 0x3b;
const QUOTE = 0x22;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
/** Shared bigints for small ints (list keys, counters): bigints are immutable, so sharing is safe. */
const SMALL_INTS: readonly bigint[] = Array.from({ length: 1024 }, (_, i) => BigInt(i));

export class ByteReader implements TextSource {
  pos = 0;
  readonly buf: SlicingBuffer;
  readonly end: number;
  view: DataView | undefined = undefined;
  latin1: string | undefined = undefined;

  constructor(buf: Buffer) {
    this.buf = buf as SlicingBuffer;
    this.end = buf.length;
  }

  fail(expected: string, at: number = this.pos): never {
    throw new PhpUnserializeError(at, expected, at < this.end ? this.buf[at] : undefined);
  }

  expect(byte: number, expected: string): void {
    if (this.buf[this.pos] !== byte) this.fail(expected);
    this.pos++;
  }

  /** `[+-]?[0-9]+` then `terminator`, as a 64-bit int. PHP clamps an overflow with a warning; we reject. */
  readInt(terminator: number): bigint {
    const buf = this.buf;
    let p = this.pos;
    let c = buf[p] as number;
    const negative = c === 0x2d;
    if (negative || c === 0x2b) c = buf[++p] as number;
    const start = p;
    let n = 0;
    while (c >= 0x30 && c <= 0x39) {
      n = n * 10 + (c - 0x30);
      c = buf[++p] as number;
    }
    if (p === start) this.fail("a digit", p);
    if (c !== terminator) this.fail(`"${String.fromCharCode(terminator)}"`, p);
    this.pos = p + 1;
    // Up to 15 digits the double accumulator is exact.
    if (p - start <= 15) return negative ? BigInt(-n) : n < 1024 ? (SMALL_INTS[n] as bigint) : BigInt(n);
    const magnitude = BigInt(buf.latin1Slice(start, p));
    const value = negative ? -magnitude : magnitude;
    if (value > INT64_MAX || value < INT64_MIN) {
      this.fail("an integer within the 64-bit range (PHP would clamp it to PHP_INT_MAX)", start);
    }
    return value;
  }

  /** `[0-9]+` then `terminator`: a length or count (no sign, leading zeros allowed like PHP). */
  readUint(terminator: number): number {
    const buf = this.buf;
    let p = this.pos;
    let c = buf[p] as number;
    const start = p;
    let n = 0;
    while (c >= 0x30 && c <= 0x39) {
      n = n * 10 + (c - 0x30);
      if (n > 0xffffffffff) this.fail("a length or count that fits in the input", start);
      c = buf[++p] as number;
    }
    if (p === start) this.fail("a digit", p);
    if (c !== terminator) this.fail(`"${String.fromCharCode(terminator)}"`, p);
    this.pos = p + 1;
    return n;
  }

  /** After `s:`: `<len>:"<len bytes>"`, then `;`. Returns the byte range of the content. */
  readStringRange(): number {
    const buf = this.buf;
    let p = this.pos;
    let c = buf[p] as number;
    let len = 0;
    // The length and `:"`, inline: this runs for every string and key.
    while (c >= 0x30 && c <= 0x39) {
      len = len * 10 + (c - 0x30);
      c = buf[++p] as number;
    }
    if (p === this.pos || p - this.pos > 15 || c !== COLON || buf[p + 1] !== QUOTE) {
      len = this.readUint(COLON); // the careful path, with its error messages
      this.expect(QUOTE, '"\\""');
      p = this.pos - 2;
    }
    const start = p + 2;
    const close = start + len;
    if (close + 1 >= this.end)
      this.fail(`${len} bytes of string data and '";' (the length counts bytes)`, start);
    if (buf[close] !== QUOTE) this.fail("'\"' after the string (its declared byte length is wrong)", close);
    if (buf[close + 1] !== SEMICOLON) this.fail('";"', close + 1);
    this.pos = close + 2;
    return start;
  }

  /** After `S:` (the escaped form PHP still reads): `<len>:"…"` where `\XX` is one hex-coded byte. */
  readEscapedString(): Buffer {
    const len = this.readUint(COLON);
    this.expect(QUOTE, '"\\""');
    if (len > this.end - this.pos) this.fail(`${len} bytes of string data`);
    const out = Buffer.allocUnsafe(len);
    const buf = this.buf;
    for (let i = 0; i < len; i++) {
      if (this.pos >= this.end) this.fail("more string data");
      const c = buf[this.pos] as number;
      if (c !== 0x5c) {
        out[i] = c;
        this.pos++;
        continue;
      }
      const hi = hexValue(buf[this.pos + 1]);
      const lo = hexValue(buf[this.pos + 2]);
      if (hi < 0 || lo < 0) this.fail("two hex digits after '\\' in an S: string", this.pos + 1);
      out[i] = (hi << 4) | lo;
      this.pos += 3;
    }
    this.expect(QUOTE, "'\"' after the string");
    this.expect(SEMICOLON, '";"');
    return out;
  }

  /** The bytes start..end as a JS string when they are valid UTF-8, else a copy as a Buffer. */
  text(start: number, end: number): string | Buffer {
    return textOrBytes(this, start, end);
  }

  /**
   * Same for names (array keys, property names): short ASCII names come from the name cache
   * (name-cache.ts), so a repeated `_token` or `\0*\0items` costs a compare, not a new string.
   */
  name(start: number, end: number): string | Buffer {
    this.nameStart = start;
    this.nameEnd = end;
    const n = end - start;
    if (n !== 0 && n <= NAME_MAX) {
      const cached = asciiName(this, start, end);
      this.nameBit = lastNameBit();
      if (cached !== undefined) return cached;
    } else this.nameBit = 0;
    return textOrBytes(this, start, end);
  }

  private nameStart = 0;
  private nameEnd = 0;
  /** The name cache's bit (lastNameBit) of the last name() read; 0 when it has none. */
  nameBit = 0;

  /**
   * A hash of the bytes of the last name() read (name-cache.ts nameHash: the same for the same
   * bytes, whatever the route), for the duplicate check of big containers.
   */
  nameHash(): number {
    return nameHash(this, this.nameStart, this.nameEnd);
  }

  /** After `d:`: a float (see float-reader.ts). */
  readFloat(): PhpFloat {
    return readPhpFloat(this);
  }

  /**
   * After `O:`/`C:`/`E:`: `<len>:"<name>"`. PHP accepts `[A-Za-z0-9_\x80-\xff\\]+` not starting
   * with a backslash; we also require UTF-8 (class names are text in our model). For `E:` the
   * body is `Class:Case`, checked by the caller, so `allowColon` lets it through here.
   */
  readClassName(allowColon: boolean): string {
    const len = this.readUint(COLON);
    this.expect(QUOTE, '"\\""');
    const start = this.pos;
    const close = start + len;
    if (len === 0) this.fail("a class name", start);
    if (close >= this.end) this.fail(`a class name of ${len} bytes`, start);
    const buf = this.buf;
    if (buf[close] !== QUOTE) this.fail("'\"' after the class name (its declared length is wrong)", close);
    this.pos = close + 1;
    const name = classNameAt(this, start, close, allowColon);
    if (name !== undefined) return name;
    // Not a valid name: find out why, for the message.
    if (buf[start] === 0x5c) this.fail("a class name not starting with '\\'", start);
    for (let p = start; p < close; p++) {
      const c = buf[p] as number;
      if (c < 0x80 && !isClassNameByte(c) && !(allowColon && c === COLON))
        this.fail("a class name character", p);
    }
    return this.fail("a class name in UTF-8", start);
  }
}

/**
 * The class name in the bytes start..close when PHP accepts it (`[A-Za-z0-9_\x80-\xff\\]+`, not
 * starting with a backslash; a colon only when `allowColon`) and it is UTF-8, else undefined.
 */
export function classNameAt(
  source: TextSource,
  start: number,
  close: number,
  allowColon: boolean,
): string | undefined {
  const buf = source.buf;
  // Class names repeat: one already seen (and so already checked) is taken from the cache.
  const cacheable = close - start <= CLASS_NAME_MAX;
  const known = cacheable ? knownClassName(source, start, close) : undefined;
  if (known !== undefined && (allowColon || !known.includes(":"))) return known;
  if (buf[start] === 0x5c) return undefined;
  for (let p = start; p < close; p++) {
    const c = buf[p] as number;
    if (c < 0x80 && !isClassNameByte(c) && !(allowColon && c === COLON)) return undefined;
  }
  const name = bytesToText(buf, start, close);
  if (typeof name !== "string") return undefined;
  if (cacheable) rememberClassName(source, start, close);
  return name;
}

function isClassNameByte(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c === 0x5c
  );
}

function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

// unserialize-plain.ts reads strings with the same rule.
export { bytesToText, COLON, QUOTE, SEMICOLON };
