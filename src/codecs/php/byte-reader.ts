/**
 * The byte-level primitives of the unserializer: integers, lengths, strings, floats and class
 * names read straight from a Buffer. No regexes, no slicing of the whole input, UTF-8 decoded only
 * for string values (the grammar is PHP 8.2's ext/standard/var_unserializer.re, as observed).
 */
import { isUtf8 } from "node:buffer";
import { PhpUnserializeError } from "../../errors/codec-errors.js";
import { PhpFloat } from "./values.js";

/** Node's internal slice methods behind `toString(encoding, start, end)`, minus its argument checks. */
interface SlicingBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}

const COLON = 0x3a;
const SEMICOLON = 0x3b;
const QUOTE = 0x22;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
/** Shared bigints for small ints (list keys, counters): bigints are immutable, so sharing is safe. */
const SMALL_INTS: readonly bigint[] = Array.from({ length: 1024 }, (_, i) => BigInt(i));

export class ByteReader {
  pos = 0;
  readonly buf: SlicingBuffer;
  readonly end: number;

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
    const len = this.readUint(COLON);
    this.expect(QUOTE, '"\\""');
    const start = this.pos;
    const close = start + len;
    if (close + 1 >= this.end)
      this.fail(`${len} bytes of string data and '";' (the length counts bytes)`, start);
    if (this.buf[close] !== QUOTE)
      this.fail("'\"' after the string (its declared byte length is wrong)", close);
    if (this.buf[close + 1] !== SEMICOLON) this.fail('";"', close + 1);
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
    return bytesToText(this.buf, start, end);
  }

  /** After `d:`: PHP's float grammar (`1.5`, `.5`, `5.`, `-1.0E+25`, `5e3`, `NAN`, `INF`, `-INF`) then `;`. */
  readFloat(): PhpFloat {
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    let c = buf[p] as number;
    if (c === 0x4e || c === 0x49 || (c === 0x2d && buf[p + 1] === 0x49)) return this.readFloatWord(start);
    if (c === 0x2b || c === 0x2d) c = buf[++p] as number;
    let digits = 0;
    while (c >= 0x30 && c <= 0x39) {
      digits++;
      c = buf[++p] as number;
    }
    if (c === 0x2e) {
      c = buf[++p] as number;
      while (c >= 0x30 && c <= 0x39) {
        digits++;
        c = buf[++p] as number;
      }
    }
    if (digits === 0) this.fail("a float", p);
    if (c === 0x65 || c === 0x45) {
      c = buf[++p] as number;
      if (c === 0x2b || c === 0x2d) c = buf[++p] as number;
      const exponentStart = p;
      while (c >= 0x30 && c <= 0x39) c = buf[++p] as number;
      if (p === exponentStart) this.fail("exponent digits", p);
    }
    if (c !== SEMICOLON) this.fail('";"', p);
    this.pos = p + 1;
    // The grammar above is a subset of what Number() parses, with the same value (1e400 → INF).
    return new PhpFloat(Number(buf.latin1Slice(start, p)));
  }

  private readFloatWord(start: number): PhpFloat {
    for (const [word, value] of FLOAT_WORDS) {
      if (this.matches(start, word)) {
        this.pos = start + word.length;
        return new PhpFloat(value);
      }
    }
    return this.fail('a float ("NAN;", "INF;" or "-INF;")', start);
  }

  private matches(at: number, ascii: string): boolean {
    for (let i = 0; i < ascii.length; i++) if (this.buf[at + i] !== ascii.charCodeAt(i)) return false;
    return true;
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
    if (buf[start] === 0x5c) this.fail("a class name not starting with '\\'", start);
    let ascii = true;
    for (let p = start; p < close; p++) {
      const c = buf[p] as number;
      if (c >= 0x80) ascii = false;
      else if (!isClassNameByte(c) && !(allowColon && c === COLON)) this.fail("a class name character", p);
    }
    if (buf[close] !== QUOTE) this.fail("'\"' after the class name (its declared length is wrong)", close);
    this.pos = close + 1;
    if (ascii) return buf.latin1Slice(start, close);
    const name = this.text(start, close);
    if (typeof name !== "string") this.fail("a class name in UTF-8", start);
    return name;
  }
}

/** The bytes start..end as a JS string when they are valid UTF-8, else a copy as a Buffer. */
export function bytesToText(buf: Buffer, start: number, end: number): string | Buffer {
  if (start === end) return "";
  const s = (buf as SlicingBuffer).utf8Slice(start, end);
  // Invalid UTF-8 always decodes to U+FFFD; a real U+FFFD is rare, so confirm only then.
  if (s.indexOf("\uFFFD") === -1 || isUtf8(buf.subarray(start, end))) return s;
  return Buffer.from(buf.subarray(start, end));
}

const FLOAT_WORDS: ReadonlyArray<readonly [string, number]> = [
  ["NAN;", Number.NaN],
  ["INF;", Number.POSITIVE_INFINITY],
  ["-INF;", Number.NEGATIVE_INFINITY],
];

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

export { COLON, QUOTE, SEMICOLON };
