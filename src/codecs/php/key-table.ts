/**
 * Duplicate-key detection for one array or object being decoded: an open-addressing table of
 * 32-bit key hashes (no strings hashed twice, no allocation per key). A hash seen before only
 * means "maybe": the caller then compares the real keys. Crafted colliding keys cannot make this
 * quadratic: after a few collisions the caller switches the container to an exact Set.
 */
const EMPTY = 0;
/** More collisions than this in one container and the caller stops trusting the hashes. */
export const MAX_COLLISIONS = 8;

export class KeyTable {
  private slots = new Int32Array(32);
  private bits = 5;
  private used = 0;
  collisions = 0;

  /** Empties the table for a new container (the storage is reused). */
  reset(): void {
    if (this.slots.length > 4096) {
      this.slots = new Int32Array(32);
      this.bits = 5;
    } else if (this.used > 0) this.slots.fill(EMPTY);
    this.used = 0;
    this.collisions = 0;
  }

  /** Records `hash`; true if it was recorded before (a possible duplicate). */
  add(hash: number): boolean {
    const h = hash === EMPTY ? 1 : hash;
    const slots = this.slots;
    const mask = slots.length - 1;
    let i = Math.imul(h, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const v = slots[i] as number;
      if (v === EMPTY) break;
      if (v === h) {
        this.collisions++;
        return true;
      }
      i = (i + 1) & mask;
    }
    slots[i] = h;
    if (++this.used * 2 > slots.length) this.grow();
    return false;
  }

  private grow(): void {
    const old = this.slots;
    this.bits++;
    this.slots = new Int32Array(old.length * 2);
    this.used = 0;
    for (let i = 0; i < old.length; i++) {
      const v = old[i] as number;
      if (v !== EMPTY) this.insert(v);
    }
  }

  private insert(h: number): void {
    const mask = this.slots.length - 1;
    let i = Math.imul(h, 0x9e3779b1) >>> (32 - this.bits);
    while (this.slots[i] !== EMPTY) i = (i + 1) & mask;
    this.slots[i] = h;
    this.used++;
  }
}

/** Hash of a key as the decoder computes it from bytes: h = h·31 + byte over the UTF-8 bytes. */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = end - start;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + (buf[i] as number)) | 0;
  return h;
}

/** Hash of an int key (only needs to agree with itself). */
export function hashInt(key: bigint): number {
  return (Number(key) | 0) ^ 0x5bd1e995;
}
