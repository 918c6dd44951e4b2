/**
 * Arrays and objects for the unserializer, on an explicit stack of frames (never JS recursion):
 * `a:<n>:{<key><value>…}` and the `<n>:{<name><value>…}` tail of `O:`. Also numbers the values for
 * r:/R: (root = 1, document order, keys not counted) and enforces depth, element count and key
 * uniqueness.
 */
import { isCanonicalIntKeyBytes } from "./array-key.js";
import { ByteReader, COLON, SEMICOLON } from "./byte-reader.js";
import { type Entry, Frame, isDuplicateKey, isDuplicateProperty } from "./duplicate-keys.js";
import { hashBytes, hashInt, KeyTable } from "./key-table.js";
import type { UnserializeLimits } from "./limits.js";
import { unmangle } from "./unmangle.js";
import { PhpArray, type PhpArrayKey, type PhpObject, type PhpProperty, type PhpValue } from "./values.js";

const OPEN = 0x7b;
const CLOSE = 0x7d;
/** The shortest entry is `i:0;N;`: a declared count that cannot fit the rest is rejected before reading. */
const MIN_ENTRY_BYTES = 6;
/** Up to this many entries a linear scan finds duplicate keys faster than hashing. */
const LINEAR_SCAN_MAX = 16;

const FRAME_POOL: Frame[] = [];

export abstract class ContainerReader extends ByteReader {
  depth = 0;
  /** How many values have a number so far (the last value's number). */
  slots = 0;
  private elements = 0;
  private objectSlots: Set<number> | null = null;
  /** Shared by every call: decoding is synchronous and calls no user code, so it never re-enters. */
  private readonly frames: Frame[] = FRAME_POOL;

  constructor(
    buf: Buffer,
    protected readonly limits: UnserializeLimits,
  ) {
    super(buf);
  }

  abstract readValue(): PhpValue;

  /** On failure, also drop the pooled frames' references to the partly decoded value. */
  override fail(expected: string, at: number = this.pos): never {
    for (const frame of this.frames) {
      frame.entries = null;
      frame.props = null;
    }
    return super.fail(expected, at);
  }

  /** Gives the value being read its number (for r:/R:) and returns it. */
  countSlot(): number {
    this.countElement();
    return ++this.slots;
  }

  countElement(): void {
    if (++this.elements > this.limits.maxElements) {
      this.fail(`at most ${this.limits.maxElements} values (maxElements)`);
    }
  }

  markObject(slot: number): void {
    if (this.objectSlots === null) this.objectSlots = new Set();
    this.objectSlots.add(slot);
  }

  isObjectSlot(n: number): boolean {
    return this.objectSlots?.has(n) ?? false;
  }

  openArray(): PhpArray {
    const array = new PhpArray();
    this.openContainer(this.pos - 2, array.entries, null);
    return array;
  }

  /** Reads `<count>:{` and pushes a frame; the loop in {@link step} fills the container. */
  openContainer(start: number, entries: Entry[] | null, object: PhpObject | null): void {
    const count = object === null ? this.readUint(COLON) : this.readPropertyCount();
    this.expect(OPEN, '"{"');
    if (count * MIN_ENTRY_BYTES + 1 > this.end - this.pos) {
      this.fail(`room for ${count} entries (the declared count is larger than the input)`, start);
    }
    if (this.depth >= this.limits.maxDepth) {
      this.fail(`at most ${this.limits.maxDepth} nested arrays/objects (maxDepth)`, start);
    }
    let frame = this.frames[this.depth];
    if (frame === undefined) {
      frame = new Frame();
      this.frames.push(frame);
    }
    frame.entries = entries;
    frame.props = object === null ? null : object.properties;
    frame.remaining = count;
    frame.list = true;
    frame.hashed = count > LINEAR_SCAN_MAX;
    frame.exact = null;
    if (frame.hashed) {
      if (frame.table === null) frame.table = new KeyTable();
      else frame.table.reset();
    }
    this.depth++;
  }

  /**
   * An object's property count, which PHP reads more loosely than an array's: an optional sign and
   * optional digits (`O:8:"stdClass"::{}` and `-0` mean 0, `+1` means 1); a negative count fails.
   */
  private readPropertyCount(): number {
    const c = this.buf[this.pos];
    if (c === COLON) {
      this.pos++;
      return 0;
    }
    const at = this.pos;
    const count = this.readInt(COLON);
    if (count < 0n) this.fail("a property count of 0 or more", at);
    return Number(count);
  }

  /** Reads one entry of the innermost open container, or its closing brace. */
  step(): void {
    const frame = this.frames[this.depth - 1] as Frame;
    if (frame.remaining === 0) {
      this.expect(CLOSE, '"}" (the container has more entries than its declared count)');
      // Pooled frames must not keep decoded values alive after the call.
      frame.entries = null;
      frame.props = null;
      this.depth--;
      return;
    }
    frame.remaining--;
    if (frame.entries !== null) this.readEntry(frame, frame.entries);
    else this.readProperty(frame, frame.props as PhpProperty[]);
  }

  private readEntry(frame: Frame, entries: Entry[]): void {
    const at = this.pos;
    const key = this.readArrayKey();
    if (!frame.list || typeof key !== "bigint" || Number(key) !== entries.length) {
      if (frame.list) {
        frame.list = false;
        // The keys so far were 0..n-1: give them to the table before checking this one.
        if (frame.table !== null && frame.hashed) {
          for (let i = 0; i < entries.length; i++) frame.table.add(hashInt(BigInt(i)));
        }
      }
      if (isDuplicateKey(frame, entries, key, this.lastHash))
        this.fail("a key not used before in this array", at);
    }
    const value = this.readValue();
    entries.push([key, value]);
  }

  /** `i:<n>;` or `s:<len>:"…";` (or `S:`), with PHP's rule that `"7"` is the int key 7. */
  private readArrayKey(): PhpArrayKey {
    const buf = this.buf;
    const p = this.pos;
    const type = buf[p];
    if (buf[p + 1] === COLON) {
      this.pos = p + 2;
      if (type === 0x69) return this.readInt(SEMICOLON);
      if (type === 0x73) {
        const start = this.readStringRange();
        const end = this.pos - 2;
        if (isCanonicalIntKeyBytes(buf, start, end)) return BigInt(buf.latin1Slice(start, end));
        return this.name(start, end);
      }
      if (type === 0x53) {
        const bytes = this.readEscapedString();
        if (isCanonicalIntKeyBytes(bytes, 0, bytes.length)) return BigInt(bytes.toString("latin1"));
        this.lastHash = hashBytes(bytes, 0, bytes.length);
        return new ByteReader(bytes).text(0, bytes.length);
      }
    }
    return this.fail("an array key (i: or s:)", p);
  }

  private readProperty(frame: Frame, props: PhpProperty[]): void {
    const buf = this.buf;
    const at = this.pos;
    const type = buf[at];
    let property: PhpProperty;
    let hash = 0;
    if (buf[at + 1] === COLON && type === 0x69) {
      this.pos = at + 2;
      const name = this.readInt(SEMICOLON);
      property = { name, visibility: "public", value: null };
      if (frame.hashed) hash = hashInt(name);
    } else if (buf[at + 1] === COLON && type === 0x73) {
      this.pos = at + 2;
      const start = this.readStringRange();
      property = unmangle(this, start, this.pos - 2);
      if (frame.hashed) hash = hashBytes(buf, start, this.pos - 2);
    } else if (buf[at + 1] === COLON && type === 0x53) {
      this.pos = at + 2;
      const bytes = this.readEscapedString();
      property = unmangle(new ByteReader(bytes), 0, bytes.length);
      if (frame.hashed) hash = hashBytes(bytes, 0, bytes.length);
    } else {
      this.fail("a property name (i: or s:)", at);
    }
    if (isDuplicateProperty(frame, props, property, hash)) {
      this.fail("a property not set before in this object", at);
    }
    property.value = this.readValue();
    props.push(property);
  }
}
