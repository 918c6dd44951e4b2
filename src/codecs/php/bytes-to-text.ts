/**
 * Bytes to JS strings for the unserializer: the model's rule (valid UTF-8 → string, anything
 * else → an exact Buffer copy) with the cheapest decoder for each case, and the small caches of
 * names (array keys, property names, class names) that repeat from payload to payload.
 */
import { isUtf8 } from "node:buffer";

/** Node's internal slice methods behind `toString(encoding, start, end)`, minus its argument checks. */
export interface SlicingBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
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

export const SHORT_MAX = 8;
const fromCharCode = String.fromCharCode;

/**
 * Strings of up to 8 bytes (most keys and many values): one String.fromCharCode call is several
 * times cheaper than a call into C++ for a slice.
 */
export function shortText(buf: Buffer, a: number, n: number): string | Buffer {
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
export const NAME_CACHE_SIZE = 4096;
export const NAME_CACHE_MAX = 32;
export const CLASS_CACHE_MAX = 128;
export const nameCache: Array<string | undefined> = new Array(NAME_CACHE_SIZE).fill(undefined);
export const classNameCache: Array<string | undefined> = new Array(NAME_CACHE_SIZE).fill(undefined);

/** The cached string equal to the ASCII bytes start..end, if any (a hash, then an exact compare). */
export function cachedName(
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
export function storeName(cache: Array<string | undefined>, name: string): void {
  let h = name.length;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x80) return;
    h = (Math.imul(h, 31) + c) | 0;
  }
  cache[h & (NAME_CACHE_SIZE - 1)] = name;
}
