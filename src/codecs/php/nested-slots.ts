/**
 * How many value numbers (for r:/R:) a `C:` payload takes. PHP numbers values across nested
 * calls: a Serializable class whose serialize() returns `serialize($this->data)` and whose
 * unserialize() calls `unserialize($data)` (the pattern of PHP's own manual) shares the outer
 * call's numbering, so every value inside the payload takes a number and what follows the `C:`
 * is numbered after them (checked with PHP 8.2: `[new Nest([1, 2]), $o, $o]` is written
 * `a:3:{i:0;C:4:"Nest":22:{a:2:{i:0;i:1;i:1;i:2;}}i:1;O:8:"stdClass":0:{}i:2;r:6;}`). A payload of
 * any other form (a class that stores raw bytes) takes no numbers.
 *
 * We cannot run the class's code, so the payload's form decides: exactly one complete serialize()
 * value means nested numbering, anything else none. Only a class storing raw bytes that happen
 * to be one complete serialize() value (`N;`, `i:5;` …) is numbered wrongly this way; it only
 * matters when an r:/R: follows.
 */

export interface NestedSlots {
  /** Numbers the payload takes (its values, r: entries included, R: entries not). */
  count: number;
  /** Which of them are objects (O:, C:, E:, r:), 1-based within the payload. */
  objects: number[];
}

/** Deeper C: inside C: is taken as opaque (a bound for crafted input; PHP writes a few levels). */
const MAX_CUSTOM_NESTING = 32;
const NONE = -1;

/** The numbers `data` takes when it is exactly one serialize() value, else null. */
export function nestedSlots(data: Uint8Array, nesting = 0): NestedSlots | null {
  if (data.length < 2 || nesting > MAX_CUSTOM_NESTING) return null;
  const scan = new Scanner(data, nesting);
  return scan.run() ? { count: scan.count, objects: scan.objects } : null;
}

class Scanner {
  pos = 0;
  count = 0;
  readonly objects: number[] = [];

  constructor(
    private readonly b: Uint8Array,
    private readonly nesting: number,
  ) {}

  run(): boolean {
    // Entries still to read in each open container (a key and a value each); no recursion.
    const open: number[] = [];
    if (!this.value(open)) return false;
    while (open.length > 0) {
      const last = open.length - 1;
      if (open[last] === 0) {
        if (this.b[this.pos++] !== 0x7d) return false;
        open.pop();
        continue;
      }
      open[last] = (open[last] as number) - 1;
      if (!this.key() || !this.value(open)) return false;
    }
    return this.pos === this.b.length;
  }

  private key(): boolean {
    const t = this.b[this.pos];
    if (this.b[this.pos + 1] !== 0x3a) return false;
    this.pos += 2;
    if (t === 0x69) return this.int();
    if (t === 0x73) return this.string(0x3b);
    return false;
  }

  /** One value; a container's count is pushed on `open` for run() to read its entries. */
  private value(open: number[]): boolean {
    const b = this.b;
    const t = b[this.pos];
    if (t === 0x4e) {
      this.count++;
      return b[++this.pos] === 0x3b && ++this.pos > 0;
    }
    if (b[this.pos + 1] !== 0x3a) return false;
    this.pos += 2;
    if (t === 0x52) return this.digits(0x3b) !== NONE; // R: takes no number
    const slot = ++this.count;
    switch (t) {
      case 0x62: // b:
        if ((b[this.pos] !== 0x30 && b[this.pos] !== 0x31) || b[this.pos + 1] !== 0x3b) return false;
        this.pos += 2;
        return true;
      case 0x69: // i:
        return this.int();
      case 0x64: // d:
        return this.float();
      case 0x73: // s:
        return this.string(0x3b);
      case 0x72: // r:
        this.objects.push(slot);
        return this.digits(0x3b) !== NONE;
      case 0x45: // E:
        this.objects.push(slot);
        return this.string(0x3b);
      case 0x61: // a:
        return this.container(open);
      case 0x4f: // O:
        this.objects.push(slot);
        return this.string(0x3a) && this.container(open);
      case 0x43: // C:
        this.objects.push(slot);
        return this.string(0x3a) && this.custom(slot);
      default:
        return false;
    }
  }

  private container(open: number[]): boolean {
    const n = this.digits(0x3a);
    if (n === NONE || this.b[this.pos++] !== 0x7b) return false;
    open.push(n);
    return true;
  }

  /** `<n>:{<n bytes>}`, numbered by the same rule one level down. */
  private custom(slot: number): boolean {
    const n = this.digits(0x3a);
    if (n === NONE || this.b[this.pos] !== 0x7b) return false;
    const start = this.pos + 1;
    if (this.b[start + n] !== 0x7d) return false;
    this.pos = start + n + 1;
    const inner = nestedSlots(this.b.subarray(start, start + n), this.nesting + 1);
    if (inner !== null) {
      for (const o of inner.objects) this.objects.push(slot + o);
      this.count += inner.count;
    }
    return true;
  }

  /** `<len>:"<len bytes>"` then `end` (`;` for s:/E:, `:` for a class name). */
  private string(end: number): boolean {
    const len = this.digits(0x3a);
    if (len === NONE || this.b[this.pos] !== 0x22) return false;
    const close = this.pos + 1 + len;
    if (this.b[close] !== 0x22 || this.b[close + 1] !== end) return false;
    this.pos = close + 2;
    return true;
  }

  private int(): boolean {
    if (this.b[this.pos] === 0x2d) this.pos++;
    return this.digits(0x3b) !== NONE;
  }

  /** What PHP writes after d: (digits, sign, '.', 'E', INF, NAN) up to ';'. */
  private float(): boolean {
    const start = this.pos;
    let c = this.b[this.pos];
    while (c !== undefined && c !== 0x3b && /[0-9.EINAF+-]/.test(String.fromCharCode(c)))
      c = this.b[++this.pos];
    return c === 0x3b && this.pos > start && ++this.pos > 0;
  }

  /** `[0-9]+` (up to 20 digits: an int64) then `end`: the number (exact up to 2^53), or NONE. */
  private digits(end: number): number {
    const start = this.pos;
    let n = 0;
    let c = this.b[this.pos];
    while (c !== undefined && c >= 0x30 && c <= 0x39 && this.pos - start < 20) {
      n = n * 10 + (c - 0x30);
      c = this.b[++this.pos];
    }
    if (this.pos === start || c !== end) return NONE;
    this.pos++;
    return n;
  }
}
