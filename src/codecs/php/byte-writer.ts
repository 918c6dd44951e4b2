/**
 * An append-only byte buffer for serialize(): ASCII written char by char, UTF-8 through Node's
 * native encoder, one reusable scratch area so a call allocates only its result.
 */

/** Node's internal write methods behind `buf.write(string, offset, encoding)`, minus argument checks. */
interface WritingBuffer extends Buffer {
  utf8Write(text: string, offset: number, length: number): number;
  latin1Write(text: string, offset: number, length: number): number;
}

const SCRATCH_BYTES = 64 * 1024;
/** Scratch areas up to this size are kept for the next call; larger ones are left to the GC. */
const KEEP_BYTES = 1024 * 1024;
let scratch = Buffer.allocUnsafe(SCRATCH_BYTES) as WritingBuffer;

export class ByteWriter {
  buf: WritingBuffer = scratch;
  pos = 0;

  ensure(extra: number): void {
    const needed = this.pos + extra;
    if (needed <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2)) as WritingBuffer;
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
    if (grown.length <= KEEP_BYTES) scratch = grown;
  }

  byte(c: number): void {
    this.ensure(1);
    this.buf[this.pos++] = c;
  }

  /** Text known to be ASCII (type letters, digits, class names already checked). */
  ascii(text: string): void {
    const n = text.length;
    this.ensure(n);
    if (n > 32) {
      this.pos += this.buf.latin1Write(text, this.pos, n);
      return;
    }
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = text.charCodeAt(i);
    this.pos = p;
  }

  /** A non-negative integer below 2^53 in decimal. */
  uint(n: number): void {
    if (n < 10) {
      this.byte(0x30 + n);
      return;
    }
    this.ascii(String(n));
  }

  /** UTF-8 bytes of a well-formed string whose encoded length is `byteLength`. */
  utf8(text: string, byteLength: number): void {
    this.ensure(byteLength);
    this.pos += this.buf.utf8Write(text, this.pos, byteLength);
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  /** A copy of what was written (the scratch area is reused by the next call). */
  result(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    return out;
  }
}
