/**
 * Arrays and objects for the unserializer, on an explicit stack of frames (never JS recursion):
 * `a:<n>:{<key><value>…}` and the `<n>:{<name><value>…}` tail of `O:`. Also numbers the values for
 * r:/R: (root = 1, document order, keys not counted) and enforces depth, element count and key
 * uniqueness.
 *
 * An open container's entries pile up on one shared stack and become its array, exactly sized,
 * when it closes; only then is the PhpArray/PhpObject built and handed to its parent. A growing
 * array per container would over-allocate (17 slots for a 1-entry array) and copy as it grows.
 */
import { isCanonicalIntKeyBytes } from "./array-key.js";
import { ByteReader, COLON, SEMICOLON } from "./byte-reader.js";
import {
  type Entry,
  Frame,
  type Item,
  isDuplicateKey,
  isDuplicateProperty,
  mayRepeat,
  propertyHash,
} from "./duplicate-keys.js";
import { clearItems, ITEMS, takeItems } from "./item-stack.js";
import { hashInt, KeyTable } from "./key-table.js";
import type { UnserializeLimits } from "./limits.js";
import { unmangle } from "./unmangle.js";
import { PhpArray, type PhpArrayKey, PhpObject, type PhpProperty, type PhpValue } from "./values.js";

const OPEN = 0x7b;
const CLOSE = 0x7d;
/** The shortest entry is `i:0;N;`: a declared count that cannot fit the rest is rejected before reading. */
const MIN_ENTRY_BYTES = 6;
/** Up to this many entries a linear scan finds duplicate keys faster than hashing. */
const LINEAR_SCAN_MAX = 16;

/** What readValue() returns for an array or object: its frame is open and the loop fills it. */
export const OPENED: unique symbol = Symbol("container opened");

// Shared by every call: decoding is synchronous and calls no user code, so it never re-enters.
const FRAME_POOL: Frame[] = [];

export abstract class ContainerReader extends ByteReader {
  depth = 0;
  /** How many values have a number so far (the last value's number). */
  slots = 0;
  /** The root container, once its frame closed. */
  protected root: PhpValue = null;
  private elements = 0;
  private keyHash = 0;
  private readonly frames: Frame[] = FRAME_POOL;
  /**
   * The shared stack of the open containers' entries, used up to `top`. Slots above `top` are
   * not cleared when a container closes (setting `length` is a call into the runtime): release()
   * clears everything once, at the end of the call.
   */
  private readonly items: Array<Item | undefined> = ITEMS;
  private top = 0;
  private used = 0;

  constructor(
    buf: Buffer,
    protected readonly limits: UnserializeLimits,
  ) {
    super(buf);
  }

  abstract readValue(): PhpValue | typeof OPENED;

  /** On failure, also drop the pooled frames' and stack's references to the partly decoded value. */
  override fail(expected: string, at: number = this.pos): never {
    for (const frame of this.frames) frame.pending = null;
    this.release();
    return super.fail(expected, at);
  }

  /** Drops the stack's references to decoded values (at the end of every call, and on failure). */
  release(): void {
    clearItems(Math.max(this.used, this.top));
    this.top = 0;
    this.used = 0;
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

  /**
   * Reads `<count>:{` and pushes a frame for an array (`className` null) or an object; the loop
   * in {@link step} fills it.
   */
  openContainer(start: number, className: string | null, incomplete: boolean): typeof OPENED {
    const count = className === null ? this.readUint(COLON) : this.readPropertyCount();
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
    frame.base = this.top;
    frame.remaining = count;
    frame.className = className;
    frame.incomplete = incomplete;
    frame.list = true;
    frame.seen = 0;
    frame.hashed = count > LINEAR_SCAN_MAX;
    frame.exact = null;
    if (frame.hashed) {
      if (frame.table === null) frame.table = new KeyTable();
      else frame.table.reset();
    }
    this.depth++;
    return OPENED;
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

  /**
   * Reads entries of the innermost open container until one of them opens a container (which
   * is then the innermost one) or it has them all and its closing brace.
   */
  step(): void {
    const depth = this.depth;
    const frame = this.frames[depth - 1] as Frame;
    if (frame.className === null) {
      while (frame.remaining > 0) {
        frame.remaining--;
        this.readEntry(frame);
        if (this.depth !== depth) return;
      }
    } else {
      while (frame.remaining > 0) {
        frame.remaining--;
        this.readProperty(frame);
        if (this.depth !== depth) return;
      }
    }
    this.close(frame);
  }

  /** `}`: the container takes its entries off the stack and goes into its parent. */
  private close(frame: Frame): void {
    this.expect(CLOSE, '"}" (the container has more entries than its declared count)');
    const items = this.items;
    const own = takeItems(items, frame.base, this.top);
    if (this.top > this.used) this.used = this.top;
    this.top = frame.base;
    const container =
      frame.className === null
        ? new PhpArray(own as Entry[])
        : new PhpObject(frame.className, own as PhpProperty[], frame.incomplete);
    const pending = frame.pending;
    // Pooled frames must not keep decoded values alive after the call.
    frame.pending = null;
    this.depth--;
    if (this.depth === 0) this.root = container;
    else if ((this.frames[this.depth - 1] as Frame).className === null) {
      items[this.top++] = [pending as PhpArrayKey, container];
    } else {
      (pending as PhpProperty).value = container;
      items[this.top++] = pending as PhpProperty;
    }
  }

  private readEntry(frame: Frame): void {
    const at = this.pos;
    const key = this.readArrayKey(frame.hashed);
    const items = this.items;
    const top = this.top;
    if (!frame.list || typeof key !== "bigint" || Number(key) !== top - frame.base) {
      if (frame.list) {
        frame.list = false;
        // The keys so far were 0..n-1: give them (and their bits) to the table before checking this one.
        const n = top - frame.base;
        frame.seen = n >= 32 ? -1 : (1 << n) - 1;
        if (frame.hashed) {
          const table = frame.table as KeyTable;
          for (let i = 0; i < n; i++) table.add(hashInt(BigInt(i)));
        }
      }
      if (mayRepeat(frame, key, this.nameBit) && isDuplicateKey(frame, items, top, key, this.keyHash)) {
        this.fail("a key not used before in this array", at);
      }
    }
    const value = this.readValue();
    if (value === OPENED) (this.frames[this.depth - 1] as Frame).pending = key;
    else items[this.top++] = [key, value];
  }

  /** `i:<n>;` or `s:<len>:"…";` (or `S:`), with PHP's rule that `"7"` is the int key 7. */
  private readArrayKey(hashed: boolean): PhpArrayKey {
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
        const name = this.name(start, end);
        if (hashed) this.keyHash = this.nameHash();
        return name;
      }
      if (type === 0x53) {
        const bytes = this.readEscapedString();
        if (isCanonicalIntKeyBytes(bytes, 0, bytes.length)) return BigInt(bytes.toString("latin1"));
        // Through name() as well, so the hash is the one an s: key with these bytes gets.
        const reader = new ByteReader(bytes);
        const name = reader.name(0, bytes.length);
        this.keyHash = reader.nameHash();
        this.nameBit = reader.nameBit;
        return name;
      }
    }
    return this.fail("an array key (i: or s:)", p);
  }

  private readProperty(frame: Frame): void {
    const buf = this.buf;
    const at = this.pos;
    const type = buf[at];
    let property: PhpProperty;
    let hash = 0;
    if (buf[at + 1] === COLON && type === 0x73) {
      this.pos = at + 2;
      const start = this.readStringRange();
      property = unmangle(this, start, this.pos - 2);
      if (frame.hashed) hash = propertyHash(property, this.nameHash());
    } else if (buf[at + 1] === COLON && type === 0x69) {
      this.pos = at + 2;
      const name = this.readInt(SEMICOLON);
      property = { name, visibility: "public", value: null };
      if (frame.hashed) hash = hashInt(name);
    } else if (buf[at + 1] === COLON && type === 0x53) {
      this.pos = at + 2;
      const bytes = this.readEscapedString();
      const reader = new ByteReader(bytes);
      property = unmangle(reader, 0, bytes.length);
      this.nameBit = reader.nameBit;
      if (frame.hashed) hash = propertyHash(property, reader.nameHash());
    } else {
      this.fail("a property name (i: or s:)", at);
    }
    const items = this.items;
    if (
      mayRepeat(frame, property.name, this.nameBit) &&
      isDuplicateProperty(frame, items, this.top, property, hash)
    ) {
      this.fail("a property not set before in this object", at);
    }
    const value = this.readValue();
    if (value === OPENED) (this.frames[this.depth - 1] as Frame).pending = property;
    else {
      property.value = value;
      items[this.top++] = property;
    }
  }
}
