/**
 * Arrays and objects for the unserializer, on an explicit stack of frames (never JS recursion):
 * `a:<n>:{<key><value>…}` and the `<n>:{<name><value>…}` tail of `O:`. Also numbers the values for
 * r:/R: (root = 1, document order, keys not counted) and enforces depth, element count and key
 * uniqueness.
 */
import { isCanonicalIntKeyBytes } from "./array-key.js";
import { ByteReader, COLON, SEMICOLON } from "./byte-reader.js";
import type { UnserializeLimits } from "./limits.js";
import {
  PhpArray,
  type PhpArrayKey,
  type PhpObject,
  type PhpProperty,
  type PhpValue,
  sameKey,
} from "./values.js";

const OPEN = 0x7b;
const CLOSE = 0x7d;
/** The shortest entry is `i:0;N;`: a declared count that cannot fit the rest is rejected before reading. */
const MIN_ENTRY_BYTES = 6;
/** Below this many entries a linear scan finds duplicate keys faster than a Set. */
const LINEAR_SCAN_MAX = 16;

type Entry = [PhpArrayKey, PhpValue];

class Frame {
  entries: Entry[] | null = null;
  props: PhpProperty[] | null = null;
  remaining = 0;
  /** Keys so far are exactly 0, 1, 2, …: the next key cannot be a duplicate if it is the next index. */
  list = true;
  keys: Set<string | bigint> | null = null;
}

export abstract class ContainerReader extends ByteReader {
  depth = 0;
  /** How many values have a number so far (the last value's number). */
  slots = 0;
  private elements = 0;
  private objectSlots: Set<number> | null = null;
  private readonly frames: Frame[] = [];

  constructor(
    buf: Buffer,
    protected readonly limits: UnserializeLimits,
  ) {
    super(buf);
  }

  abstract readValue(): PhpValue;

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
    const count = this.readUint(COLON);
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
    frame.keys = null;
    this.depth++;
  }

  /** Reads one entry of the innermost open container, or its closing brace. */
  step(): void {
    const frame = this.frames[this.depth - 1] as Frame;
    if (frame.remaining === 0) {
      this.expect(CLOSE, '"}" (the container has more entries than its declared count)');
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
      frame.list = false;
      if (this.isDuplicateKey(frame, entries, key)) this.fail("a key not used before in this array", at);
    }
    const value = this.readValue();
    entries.push([key, value]);
  }

  private isDuplicateKey(frame: Frame, entries: Entry[], key: PhpArrayKey): boolean {
    if (frame.keys === null) {
      if (entries.length < LINEAR_SCAN_MAX) {
        for (let i = 0; i < entries.length; i++) if (sameKey((entries[i] as Entry)[0], key)) return true;
        return false;
      }
      frame.keys = new Set(entries.map(([k]) => setKey(k)));
    }
    const k = setKey(key);
    if (frame.keys.has(k)) return true;
    frame.keys.add(k);
    return false;
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
        return this.text(start, end);
      }
      if (type === 0x53) {
        const bytes = this.readEscapedString();
        if (isCanonicalIntKeyBytes(bytes, 0, bytes.length)) return BigInt(bytes.toString("latin1"));
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
    if (buf[at + 1] === COLON && type === 0x69) {
      this.pos = at + 2;
      property = { name: this.readInt(SEMICOLON), visibility: "public", value: null };
    } else if (buf[at + 1] === COLON && type === 0x73) {
      this.pos = at + 2;
      const start = this.readStringRange();
      property = unmangle(this, start, this.pos - 2);
    } else if (buf[at + 1] === COLON && type === 0x53) {
      this.pos = at + 2;
      const bytes = this.readEscapedString();
      property = unmangle(new ByteReader(bytes), 0, bytes.length);
    } else {
      this.fail("a property name (i: or s:)", at);
    }
    if (this.isDuplicateProperty(frame, props, property))
      this.fail("a property not set before in this object", at);
    property.value = this.readValue();
    props.push(property);
  }

  private isDuplicateProperty(frame: Frame, props: PhpProperty[], property: PhpProperty): boolean {
    if (props.length === 0) return false;
    if (frame.keys === null) {
      if (props.length < LINEAR_SCAN_MAX) {
        for (let i = 0; i < props.length; i++)
          if (sameProperty(props[i] as PhpProperty, property)) return true;
        return false;
      }
      frame.keys = new Set(props.map(propertyKey));
    }
    const k = propertyKey(property);
    if (frame.keys.has(k)) return true;
    frame.keys.add(k);
    return false;
  }
}

/**
 * Splits PHP's mangled property names: `\0*\0name` is protected, `\0Class\0name` private to Class;
 * anything else (including a lone `\0`) is a public name, kept byte for byte.
 */
function unmangle(reader: ByteReader, start: number, end: number): PhpProperty {
  const buf = reader.buf;
  if (end - start >= 3 && buf[start] === 0) {
    if (buf[start + 1] === 0x2a && buf[start + 2] === 0) {
      return { name: reader.text(start + 3, end), visibility: "protected", value: null };
    }
    const second = buf.indexOf(0, start + 1);
    if (second > start + 1 && second < end) {
      const declaringClass = reader.text(start + 1, second);
      if (typeof declaringClass === "string") {
        return { name: reader.text(second + 1, end), visibility: "private", declaringClass, value: null };
      }
    }
  }
  return { name: reader.text(start, end), visibility: "public", value: null };
}

function setKey(key: PhpArrayKey): string | bigint {
  return key instanceof Uint8Array ? `\u0000bin:${Buffer.from(key).toString("latin1")}` : key;
}

function sameProperty(a: PhpProperty, b: PhpProperty): boolean {
  return (
    a.visibility === b.visibility &&
    a.declaringClass === b.declaringClass &&
    typeof a.name === typeof b.name &&
    sameKey(a.name, b.name)
  );
}

function propertyKey(p: PhpProperty): string {
  const name = p.name;
  const n =
    typeof name === "bigint"
      ? `i${name}`
      : typeof name === "string"
        ? `s${name}`
        : `b${Buffer.from(name).toString("latin1")}`;
  return `${p.visibility}|${p.declaringClass ?? ""}|${n}`;
}
