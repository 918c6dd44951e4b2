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
    return bytesToText(this.buf, start, end);
  }

  /** Hash (h·31 + byte) of the bytes of the last name() read: the duplicate-key check reuses it. */
  lastHash = 0;

  /**
   * Same for names (array keys, property names): short ASCII names come from a small
   * direct-mapped cache, so a repeated `_token` or `\0*\0items` costs a hash and a compare
   * instead of a new string. Only names go through here, never values, so no payload data
   * (tokens, input) is kept after a call.
   */
  name(start: number, end: number): string | Buffer {
    const buf = this.buf;
    const n = end - start;
    let h = n;
    let bits = 0;
    for (let i = start; i < end; i++) {
      const c = buf[i] as number;
      bits |= c;
      h = (Math.imul(h, 31) + c) | 0;
    }
    this.lastHash = h;
    // Up to 8 bytes a fresh string is as cheap as a cache hit's compare.
    if (bits >= 0x80 || n > NAME_CACHE_MAX || n <= SHORT_MAX) return bytesToText(buf, start, end);
    const slot = h & (NAME_CACHE_SIZE - 1);
    const cached = nameCache[slot];
    if (cached !== undefined && cached.length === n) {
      let i = 0;
      while (i < n && cached.charCodeAt(i) === buf[start + i]) i++;
      if (i === n) return cached;
    }
    const fresh = buf.latin1Slice(start, end);
    nameCache[slot] = fresh;
    return fresh;
  }

  /** After `d:`: PHP's float grammar (`1.5`, `.5`, `5.`, `-1.0E+25`, `5e3`, `NAN`, `INF`, `-INF`) then `;`. */
  readFloat(): PhpFloat {
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    let c = buf[p] as number;
    if (c === 0x4e || c === 0x49 || (c === 0x2d && buf[p + 1] === 0x49)) return this.readFloatWord(start);
    const negative = c === 0x2d;
    if (negative || c === 0x2b) c = buf[++p] as number;
    let digits = 0;
    let mantissa = 0;
    let fractionDigits = 0;
    while (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      c = buf[++p] as number;
    }
    if (c === 0x2e) {
      c = buf[++p] as number;
      while (c >= 0x30 && c <= 0x39) {
        mantissa = mantissa * 10 + (c - 0x30);
        digits++;
        fractionDigits++;
        c = buf[++p] as number;
      }
    }
    if (digits === 0) this.fail("a float", p);
    let exact = digits <= 15;
    if (c === 0x65 || c === 0x45) {
      exact = false;
      c = buf[++p] as number;
      if (c === 0x2b || c === 0x2d) c = buf[++p] as number;
      const exponentStart = p;
      while (c >= 0x30 && c <= 0x39) c = buf[++p] as number;
      if (p === exponentStart) this.fail("exponent digits", p);
    }
    if (c !== SEMICOLON) this.fail('";"', p);
    this.pos = p + 1;
    // Clinger's fast path: up to 15 digits the mantissa is an exact integer and 10^k (k <= 22) an
    // exact double, so one division is correctly rounded, the same double strtod gives.
    if (exact && fractionDigits <= 22) {
      const value = mantissa / (POWERS_OF_TEN[fractionDigits] as number);
      return new PhpFloat(negative ? -value : value);
    }
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
    if (buf[close] !== QUOTE) this.fail("'\"' after the class name (its declared length is wrong)", close);
    this.pos = close + 1;
    // Class names repeat: one already seen (and so already checked) is taken from the cache.
    const known = len <= CLASS_CACHE_MAX ? cachedName(classNameCache, buf, start, close) : undefined;
    if (known !== undefined && !(known.includes(":") && !allowColon)) return known;
    if (buf[start] === 0x5c) this.fail("a class name not starting with '\\'", start);
    for (let p = start; p < close; p++) {
      const c = buf[p] as number;
      if (c < 0x80 && !isClassNameByte(c) && !(allowColon && c === COLON))
        this.fail("a class name character", p);
    }
    const name = bytesToText(buf, start, close);
    if (typeof name !== "string") this.fail("a class name in UTF-8", start);
    if (close - start <= CLASS_CACHE_MAX) storeName(classNameCache, name);
    return name;
  }
}

/** The bytes start..end as a JS string when they are valid UTF-8, else a copy as a Buffer. */
export function bytesToText(buf: Buffer, start: number, end: number): string | Buffer {
  const n = end - start;
  if (n <= SHORT_MAX) return shortText(buf, start, n);
  // ASCII is the common case and latin1Slice its cheapest decoder.
  for (let i = start; i < end; i++) {
    if ((buf[i] as number) >= 0x80) return utf8OrBytes(buf, start, end);
  }
  return (buf as SlicingBuffer).latin1Slice(start, end);
}

const SHORT_MAX = 8;
const fromCharCode = String.fromCharCode;

/**
 * Strings of up to 8 bytes (most keys and many values): one String.fromCharCode call is several
 * times cheaper than a call into C++ for a slice.
 */
function shortText(buf: Buffer, a: number, n: number): string | Buffer {
  const b0 = buf[a] as number;
  const b1 = buf[a + 1] as number;
  const b2 = buf[a + 2] as number;
  const b3 = buf[a + 3] as number;
  switch (n) {
    case 0:
      return "";
    case 1:
      return b0 < 0x80 ? fromCharCode(b0) : utf8OrBytes(buf, a, a + n);
    case 2:
      return (b0 | b1) < 0x80 ? fromCharCode(b0, b1) : utf8OrBytes(buf, a, a + n);
    case 3:
      return (b0 | b1 | b2) < 0x80 ? fromCharCode(b0, b1, b2) : utf8OrBytes(buf, a, a + n);
    case 4:
      return (b0 | b1 | b2 | b3) < 0x80 ? fromCharCode(b0, b1, b2, b3) : utf8OrBytes(buf, a, a + n);
  }
  const b4 = buf[a + 4] as number;
  const b5 = buf[a + 5] as number;
  const b6 = buf[a + 6] as number;
  const b7 = buf[a + 7] as number;
  switch (n) {
    case 5:
      return (b0 | b1 | b2 | b3 | b4) < 0x80 ? fromCharCode(b0, b1, b2, b3, b4) : utf8OrBytes(buf, a, a + n);
    case 6:
      return (b0 | b1 | b2 | b3 | b4 | b5) < 0x80
        ? fromCharCode(b0, b1, b2, b3, b4, b5)
        : utf8OrBytes(buf, a, a + n);
    case 7:
      return (b0 | b1 | b2 | b3 | b4 | b5 | b6) < 0x80
        ? fromCharCode(b0, b1, b2, b3, b4, b5, b6)
        : utf8OrBytes(buf, a, a + n);
    default:
      return (b0 | b1 | b2 | b3 | b4 | b5 | b6 | b7) < 0x80
        ? fromCharCode(b0, b1, b2, b3, b4, b5, b6, b7)
        : utf8OrBytes(buf, a, a + n);
  }
}

function utf8OrBytes(buf: Buffer, start: number, end: number): string | Buffer {
  const s = (buf as SlicingBuffer).utf8Slice(start, end);
  // Invalid UTF-8 always decodes to U+FFFD; a real U+FFFD is rare, so confirm only then.
  if (s.indexOf("\uFFFD") === -1 || isUtf8(buf.subarray(start, end))) return s;
  return Buffer.from(buf.subarray(start, end));
}

/** Caches of decoded names (see ByteReader.name) and of class names that passed the check. */
const NAME_CACHE_SIZE = 4096;
const NAME_CACHE_MAX = 32;
const CLASS_CACHE_MAX = 128;
const nameCache: Array<string | undefined> = new Array(NAME_CACHE_SIZE).fill(undefined);
const classNameCache: Array<string | undefined> = new Array(NAME_CACHE_SIZE).fill(undefined);

/** The cached string equal to the ASCII bytes start..end, if any (a hash, then an exact compare). */
function cachedName(
  cache: Array<string | undefined>,
  buf: Buffer,
  start: number,
  end: number,
): string | undefined {
  const n = end - start;
  let h = n;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + (buf[i] as number)) | 0;
  const cached = cache[h & (NAME_CACHE_SIZE - 1)];
  if (cached === undefined || cached.length !== n) return undefined;
  for (let i = 0; i < n; i++) if (cached.charCodeAt(i) !== buf[start + i]) return undefined;
  return cached;
}

/** Stores an ASCII string under the same hash cachedName() computes from its bytes. */
function storeName(cache: Array<string | undefined>, name: string): void {
  let h = name.length;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x80) return;
    h = (Math.imul(h, 31) + c) | 0;
  }
  cache[h & (NAME_CACHE_SIZE - 1)] = name;
}

const POWERS_OF_TEN: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

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
