/**
 * PHP `unserialize()` for data written by PHP's serialize() (laravel-formats.md §8), safe by
 * construction: it builds inert {@link PhpValue} data and never instantiates a class or calls code.
 * Iterative (an explicit stack, so 100 000 nested arrays cannot overflow the JS stack), bounded by
 * {@link UnserializeLimits}, and strict: anything PHP 8.2 rejects is a PhpUnserializeError, and so
 * are trailing bytes, 64-bit overflow and duplicate keys, which PHP accepts silently.
 */
import { bytesToText, COLON, SEMICOLON } from "./byte-reader.js";
import { ContainerReader, OPENED } from "./container-reader.js";
import { resolveLimits, type UnserializeLimits } from "./limits.js";
import { nestedSlots } from "./nested-slots.js";
import { PhpCustom, PhpEnum, PhpObject, PhpObjectRef, PhpReference, type PhpValue } from "./values.js";

export interface UnserializeOptions extends Partial<UnserializeLimits> {
  /**
   * PHP's `allowed_classes`: `true` (default) keeps every object as a PhpObject; `false` or a list
   * of class names (case-insensitive, like PHP) turns every other `O:`/`C:` into an incomplete
   * object (`PhpObject` with `incomplete: true`, original class name kept, `C:` data dropped as PHP
   * does). Enums are not affected, as in PHP. Nothing is ever instantiated either way.
   */
  allowedClasses?: readonly string[] | boolean;
}

/**
 * Reads PHP serialize() bytes (PHP `unserialize($data, ['allowed_classes' => …])`). Strings come back
 * as JS strings when their bytes are valid UTF-8, else as Buffers (exact bytes); ints as bigint.
 * A JS string input is taken as UTF-8 text; pass a Buffer (ioredis `getBuffer`) for binary-safe data.
 * @throws PhpUnserializeError with the byte `offset` and what was `expected` there.
 */
export function unserialize(input: Buffer | Uint8Array | string, options?: UnserializeOptions): PhpValue {
  const limits = resolveLimits(options);
  const buf =
    typeof input === "string"
      ? Buffer.from(input, "utf8")
      : Buffer.isBuffer(input)
        ? input
        : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const reader = new Unserializer(buf, limits, allowedClassSet(options?.allowedClasses));
  if (buf.length > limits.maxBytes) reader.fail(`at most ${limits.maxBytes} bytes (maxBytes)`, 0);
  return reader.run();
}

function allowedClassSet(allowed: readonly string[] | boolean | undefined): Set<string> | boolean {
  if (allowed === undefined || typeof allowed === "boolean") return allowed ?? true;
  return new Set(allowed.map((name) => name.toLowerCase()));
}

class Unserializer extends ContainerReader {
  constructor(
    buf: Buffer,
    limits: UnserializeLimits,
    private readonly allowed: Set<string> | boolean,
  ) {
    super(buf, limits);
  }

  run(): PhpValue {
    let root = this.readValue();
    if (root === OPENED) {
      while (this.depth > 0) this.step();
      root = this.root;
      this.release();
    }
    if (this.pos !== this.end) this.fail("the end of the data (PHP 8.2 ignores trailing bytes; we do not)");
    return root;
  }

  /** One value of any type; for a container, OPENED: its frame is open and the loop in run() fills it. */
  override readValue(): PhpValue | typeof OPENED {
    const buf = this.buf;
    const p = this.pos;
    const type = buf[p];
    if (buf[p + 1] !== COLON) {
      if (type === 0x4e && buf[p + 1] === SEMICOLON) {
        this.countSlot();
        this.pos = p + 2;
        return null;
      }
      return this.fail("a value (N; b: i: d: s: a: O: C: E: r: R:)", p);
    }
    this.pos = p + 2;
    switch (type) {
      case 0x69: // i:
        this.countSlot();
        return this.readInt(SEMICOLON);
      case 0x73: {
        // s:
        this.countSlot();
        const start = this.readStringRange();
        return this.text(start, this.pos - 2);
      }
      case 0x61: // a:
        this.countSlot();
        return this.openContainer(p, null, false);
      case 0x4f: // O:
        return this.openObject(this.countSlot());
      case 0x64: // d:
        this.countSlot();
        return this.readFloat();
      case 0x62: // b:
        return this.readBool();
      case 0x72: // r:
        return this.readObjectRef();
      case 0x52: // R:
        return this.readReference();
      case 0x43: // C:
        return this.readCustom(this.countSlot());
      case 0x45: // E:
        return this.readEnum(this.countSlot());
      case 0x53: {
        // S:
        this.countSlot();
        const bytes = this.readEscapedString();
        return bytesToText(bytes, 0, bytes.length);
      }
      default:
        return this.fail("a value (N; b: i: d: s: a: O: C: E: r: R:)", p);
    }
  }

  private objectSlots: number[] | null = null;
  private objectSet: Set<number> | null = null;

  /** Remembers that value number `slot` is an object (an `r:` may only point at one). */
  markObject(slot: number): void {
    // A plain list is cheaper than a Set for the common case: objects but no r: to check.
    if (this.objectSlots === null) this.objectSlots = [slot];
    else this.objectSlots.push(slot);
    this.objectSet?.add(slot);
  }

  isObjectSlot(n: number): boolean {
    if (this.objectSlots === null) return false;
    if (this.objectSet === null) this.objectSet = new Set(this.objectSlots);
    return this.objectSet.has(n);
  }

  private readBool(): boolean {
    this.countSlot();
    const c = this.buf[this.pos];
    if ((c !== 0x30 && c !== 0x31) || this.buf[this.pos + 1] !== SEMICOLON) this.fail('"0;" or "1;"');
    this.pos += 2;
    return c === 0x31;
  }

  private openObject(slot: number): typeof OPENED {
    const start = this.pos;
    const className = this.readClassName(false);
    this.expect(COLON, '":"');
    this.markObject(slot);
    return this.openContainer(start, className, !this.isAllowed(className));
  }

  /** `C:<len>:"Class":<n>:{<n bytes>}`: kept as opaque bytes (PHP would hand them to Class::unserialize()). */
  private readCustom(slot: number): PhpCustom | PhpObject {
    const className = this.readClassName(false);
    this.expect(COLON, '":"');
    const len = this.readUint(COLON);
    this.expect(0x7b, '"{"');
    const start = this.pos;
    if (start + len >= this.end) this.fail(`${len} bytes of C: data and "}"`, start);
    if (this.buf[start + len] !== 0x7d)
      this.fail('"}" after the C: data (its declared length is wrong)', start + len);
    this.pos = start + len + 1;
    this.markObject(slot);
    const data = this.buf.subarray(start, start + len);
    // Values serialized inside the payload share PHP's numbering (nested-slots.ts).
    const nested = nestedSlots(data);
    if (nested !== null) {
      for (const o of nested.objects) this.markObject(slot + o);
      this.slots += nested.count;
    }
    if (!this.isAllowed(className)) return new PhpObject(className, [], true);
    return new PhpCustom(className, Buffer.from(data));
  }

  /** `E:<len>:"Class:Case";`. We cannot check that the case exists (PHP can); the shape must be right. */
  private readEnum(slot: number): PhpEnum {
    const start = this.pos;
    const body = this.readClassName(true);
    const colon = body.indexOf(":");
    const caseName = body.slice(colon + 1);
    if (colon <= 0 || !isIdentifier(caseName)) this.fail('an enum "Class:Case"', start);
    this.expect(SEMICOLON, '";"');
    this.markObject(slot);
    return new PhpEnum(body.slice(0, colon), caseName);
  }

  /** `r:N;`: PHP requires N to be an earlier value that is an object (or enum). */
  private readObjectRef(): PhpObjectRef {
    const at = this.pos;
    const n = this.readUint(SEMICOLON);
    if (n < 1 || n > this.slots || !this.isObjectSlot(n)) this.fail("r: to an earlier object's number", at);
    this.markObject(this.countSlot());
    return new PhpObjectRef(n);
  }

  /** `R:N;`: N is any earlier value; an R: entry takes no number of its own. */
  private readReference(): PhpReference {
    const at = this.pos;
    const n = this.readUint(SEMICOLON);
    if (n < 1 || n > this.slots) this.fail("R: to an earlier value's number", at);
    this.countElement();
    return new PhpReference(n);
  }

  private isAllowed(className: string): boolean {
    const allowed = this.allowed;
    return typeof allowed === "boolean" ? allowed : allowed.has(className.toLowerCase());
  }
}

function isIdentifier(name: string): boolean {
  if (name.length === 0) return false;
  const first = name.charCodeAt(0);
  if (first >= 0x30 && first <= 0x39) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c || c === COLON) return false;
  }
  return true;
}
