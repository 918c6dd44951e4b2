/**
 * The byte level of serialize(): the output buffer and the writes every token needs (ASCII,
 * digits, counts, raw bytes, UTF-8 text), straight into the output: no intermediate strings, no
 * concatenation, no final copy. php-writer.ts writes PHP's tokens with them.
 */
import { markAsUntransferable } from "node:worker_threads";

/** Up to this length a JS loop scans or copies a string faster than a call into C++. */
export const SCAN_MAX = 32;
export const QUOTE = 0x22;

/** Node's internal write methods behind `buf.write(string, offset, encoding)`, minus its checks. */
export interface WritingBuffer extends Buffer {
  latin1Write(text: string, offset: number, length?: number): number;
  utf8Write(text: string, offset: number, length?: number): number;
}

/**
 * Outputs are written straight into shared slabs and handed out as views of them, the way Node's
 * own Buffer pool hands out small Buffers (and with its 8 KB size, so a kept result keeps no more
 * memory alive than `Buffer.from(string)` would): no copy, no per-call allocation. Only the writer
 * that owns the slab writes there; one started while another runs (through user code, a getter on
 * a value) writes into a buffer of its own, as do outputs bigger than half a slab.
 */
const SLAB_BYTES = 8 * 1024;
let slab = newSlab();
let slabView = viewOf(slab);
let slabUsed = 0;
let slabBusy = false;

function viewOf(buf: Buffer): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

function newSlab(): WritingBuffer {
  const buf = Buffer.allocUnsafeSlow(SLAB_BYTES) as WritingBuffer;
  // As Node does for its pool: transferring a result's ArrayBuffer to a worker would detach the
  // slab under every other result (and the next writes), so it throws instead.
  markAsUntransferable(buf.buffer);
  return buf;
}

/** Why a value cannot be serialized; the caller adds the path. */
export class SerializeFault extends Error {}

export function fault(reason: string): never {
  throw new SerializeFault(reason);
}

/** An output being written (one per serialize() call). */
export class ByteWriter {
  protected buf: WritingBuffer;
  /** `buf` as a DataView, for writes of four bytes at a time. */
  protected view: DataView;
  private start: number;
  protected pos: number;
  /** Writing into the shared slab (else into a buffer of its own). */
  private inSlab: boolean;
  private done = false;

  constructor() {
    if (slabBusy) {
      this.inSlab = false;
      this.buf = Buffer.allocUnsafeSlow(1024) as WritingBuffer;
      this.view = viewOf(this.buf);
      this.start = 0;
    } else {
      slabBusy = true;
      this.inSlab = true;
      if (SLAB_BYTES - slabUsed < 256) {
        slab = newSlab();
        slabView = viewOf(slab);
        slabUsed = 0;
      }
      this.buf = slab;
      this.view = slabView;
      this.start = slabUsed;
    }
    this.pos = this.start;
  }

  /** The bytes written, as a Buffer of their own (a view of the slab, or of the writer's buffer). */
  result(): Buffer {
    const out = Buffer.from(this.buf.buffer, this.buf.byteOffset + this.start, this.pos - this.start);
    if (this.inSlab) {
      // The next output starts 8-byte aligned, like Node's pool.
      slabUsed = (this.pos + 7) & ~7;
      slabBusy = false;
    }
    this.done = true;
    return out;
  }

  /** After a failure: wipes the partial output and gives the slab back. No-op after result(). */
  release(): void {
    if (this.done) return;
    this.done = true;
    this.buf.fill(0, this.start, this.pos);
    if (this.inSlab) slabBusy = false;
  }

  /** Room for `n` more bytes. */
  protected room(n: number): WritingBuffer {
    const buf = this.buf;
    if (this.pos + n <= buf.length) return buf;
    return this.grow(n);
  }

  /** Moves the output so far to a new slab, or to a buffer of its own once it is big. */
  private grow(n: number): WritingBuffer {
    const old = this.buf;
    const used = this.pos - this.start;
    let next: WritingBuffer;
    if (this.inSlab && used + n <= SLAB_BYTES / 2) {
      next = newSlab();
      slab = next;
      slabView = viewOf(next);
      slabUsed = 0;
      this.view = slabView;
    } else {
      next = Buffer.allocUnsafeSlow(Math.max(2 * (used + n), 4096)) as WritingBuffer;
      if (this.inSlab) {
        this.inSlab = false;
        slabBusy = false;
      }
    }
    old.copy(next, 0, this.start, this.pos);
    old.fill(0, this.start, this.pos);
    if (next !== slab) this.view = viewOf(next);
    this.buf = next;
    this.start = 0;
    this.pos = used;
    return next;
  }

  /** Text known to be ASCII (type letters, digits, separators). */
  ascii(text: string): void {
    const n = text.length;
    const buf = this.room(n);
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = text.charCodeAt(i);
    this.pos = p;
  }

  /** `<tag>:<n><end>`, e.g. `a:3:{` or `r:2;`: two ASCII bytes, a count, one byte. */
  tagged(tag: number, n: number, end: number): void {
    const buf = this.room(24);
    buf[this.pos] = tag;
    buf[this.pos + 1] = 0x3a;
    this.pos += 2;
    this.decimal(n);
    buf[this.pos++] = end;
  }

  /** `:<n>:{` after a class name: a property count or a C: payload length. */
  count(n: number): void {
    const buf = this.room(24);
    buf[this.pos++] = 0x3a;
    this.decimal(n);
    buf[this.pos] = 0x3a;
    buf[this.pos + 1] = 0x7b;
    this.pos += 2;
  }

  byte(c: number): void {
    this.room(1)[this.pos++] = c;
  }

  /** The digits of a safe non-negative integer (room already made). */
  protected decimal(n: number): void {
    const buf = this.buf;
    let p = this.pos;
    if (n < 10) {
      buf[p] = 0x30 + n;
      this.pos = p + 1;
      return;
    }
    p += decimalLength(n);
    this.pos = p;
    while (n >= 10) {
      const digit = n % 10;
      buf[--p] = 0x30 + digit;
      n = (n - digit) / 10;
    }
    buf[p - 1] = 0x30 + n;
  }

  /** `s:<n>:"<bytes>";` for binary strings. */
  binary(data: Uint8Array): void {
    this.stringHeader(data.length);
    this.raw(data);
    this.stringEnd();
  }

  /** Bytes as they are (a C: payload). */
  raw(data: Uint8Array): void {
    this.room(data.length).set(data, this.pos);
    this.pos += data.length;
  }

  /** `s:<bytes>:"` */
  protected stringHeader(bytes: number): void {
    const buf = this.room(bytes + 24);
    buf[this.pos] = 0x73;
    buf[this.pos + 1] = 0x3a;
    this.pos += 2;
    this.decimal(bytes);
    buf[this.pos] = 0x3a;
    buf[this.pos + 1] = QUOTE;
    this.pos += 2;
  }

  protected stringEnd(): void {
    const buf = this.room(2);
    buf[this.pos] = QUOTE;
    buf[this.pos + 1] = 0x3b;
    this.pos += 2;
  }

  /** A string's UTF-8 bytes (`bytes` of them, room already made). */
  protected text(s: string, bytes: number): void {
    const n = s.length;
    const buf = this.buf;
    if (bytes !== n) buf.utf8Write(s, this.pos, bytes);
    else if (n > SCAN_MAX) buf.latin1Write(s, this.pos, n);
    else {
      let p = this.pos;
      for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    }
    this.pos += bytes;
  }
}

/** How many decimal digits a safe non-negative integer has. */
export function decimalLength(n: number): number {
  let length = 1;
  for (let limit = 10; n >= limit && length < 16; limit *= 10) length++;
  return length;
}

/** The UTF-8 byte length of a JS string; a lone surrogate (no UTF-8 form) is a fault. */
export function utf8Length(s: string): number {
  const n = s.length;
  if (n <= SCAN_MAX) {
    let i = 0;
    while (i < n && s.charCodeAt(i) < 0x80) i++;
    if (i === n) return n;
  } else {
    const bytes = Buffer.byteLength(s, "utf8");
    // Equal lengths mean no multi-byte char (a lone surrogate would count 3 bytes).
    if (bytes === n) return n;
  }
  if (!(s as unknown as { isWellFormed(): boolean }).isWellFormed()) {
    fault("the string has a lone UTF-16 surrogate (no UTF-8 form; pass a Buffer for binary data)");
  }
  return Buffer.byteLength(s, "utf8");
}
