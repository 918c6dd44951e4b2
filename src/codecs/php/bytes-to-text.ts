/**
 * Bytes to JS strings for the unserializers: the model's rule (valid UTF-8 → string, anything
 * else → an exact Buffer copy) with the cheapest decoder for each case.
 */
import { isUtf8 } from "node:buffer";

/** Node's internal slice methods behind `toString(encoding, start, end)`, minus its argument checks. */
export interface SlicingBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}

/**
 * Inputs up to this size are also viewed as one latin1 string, and ASCII string values are
 * slices of it: no call into C++ per string (each costs more than the slice itself). V8 shares
 * the characters of slices of 13 chars or more, so a kept string keeps that view alive: the
 * window bounds this to 16 KB per input; bigger inputs copy every string.
 */
export const TEXT_WINDOW = 16 * 1024;

/** The input of one decode, with the views made on first use for cheap ASCII checks and slices. */
export interface TextSource {
  readonly buf: SlicingBuffer;
  view: DataView | undefined;
  /** `buf` as latin1 text when it fits {@link TEXT_WINDOW}, else "". */
  latin1: string | undefined;
}

/** Are the bytes start..stop all below 0x80? Four at a time past a few bytes. */
export function isAsciiRange(source: TextSource, start: number, stop: number): boolean {
  const buf = source.buf;
  let i = start;
  if (stop - start >= 8) {
    let view = source.view;
    if (view === undefined) {
      view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      source.view = view;
    }
    let bits = 0;
    for (; i + 4 <= stop; i += 4) bits |= view.getUint32(i);
    if ((bits & 0x80808080) !== 0) return false;
  }
  for (; i < stop; i++) if ((buf[i] as number) >= 0x80) return false;
  return true;
}

/** The ASCII bytes start..stop as a string: a slice of the latin1 view, or a copy for big inputs. */
export function asciiText(source: TextSource, start: number, stop: number): string {
  let latin1 = source.latin1;
  if (latin1 === undefined) {
    const buf = source.buf;
    latin1 = buf.length <= TEXT_WINDOW ? buf.latin1Slice(0, buf.length) : "";
    source.latin1 = latin1;
  }
  return latin1.length !== 0 ? latin1.slice(start, stop) : source.buf.latin1Slice(start, stop);
}

/** The bytes start..stop as a JS string when they are valid UTF-8, else undefined. */
export function textAt(source: TextSource, start: number, stop: number): string | undefined {
  return isAsciiRange(source, start, stop)
    ? asciiText(source, start, stop)
    : utf8Text(source.buf, start, stop);
}

/** The bytes start..end as a JS string when they are valid UTF-8, else a copy as a Buffer. */
export function bytesToText(buf: Buffer, start: number, end: number): string | Buffer {
  for (let i = start; i < end; i++) {
    if ((buf[i] as number) >= 0x80) return utf8OrBytes(buf, start, end);
  }
  return (buf as SlicingBuffer).latin1Slice(start, end);
}

/** Same, for the ranges of a decode's input. */
export function textOrBytes(source: TextSource, start: number, stop: number): string | Buffer {
  if (isAsciiRange(source, start, stop)) return asciiText(source, start, stop);
  return utf8OrBytes(source.buf, start, stop);
}

function utf8OrBytes(buf: Buffer, start: number, end: number): string | Buffer {
  return utf8Text(buf, start, end) ?? Buffer.from(buf.subarray(start, end));
}

/** The bytes start..end decoded as UTF-8, or undefined when they are not valid UTF-8. */
export function utf8Text(buf: Buffer, start: number, end: number): string | undefined {
  const s = (buf as SlicingBuffer).utf8Slice(start, end);
  // Invalid UTF-8 always decodes to U+FFFD; a real U+FFFD is rare, so confirm only then.
  if (s.indexOf("\uFFFD") === -1 || isUtf8(buf.subarray(start, end))) return s;
  return undefined;
}
