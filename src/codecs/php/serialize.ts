/**
 * PHP `serialize()` for {@link PhpValue}s: the exact bytes PHP 8.2 writes (laravel-formats.md §8):
 * string lengths in UTF-8 bytes, floats with `serialize_precision=-1`, canonical integer string keys
 * as `i:` keys, mangled protected/private property names. Iterative, so depth is bounded by
 * `maxDepth` (a guard against cyclic JS structures), not by the JS stack.
 */
import { PhpSerializeError } from "../../errors/codec-errors.js";
import { DEFAULT_MAX_DEPTH } from "./limits.js";
import { nestedSlots } from "./nested-slots.js";
import { PhpWriter, SerializeFault } from "./php-writer.js";
import type { PhpArrayKey, PhpEnum, PhpObject, PhpProperty, PhpValue } from "./values.js";

export interface SerializeOptions {
  /** Deepest nesting of arrays/objects written (a JS cycle fails here). @default 512 */
  maxDepth?: number;
}

/**
 * PHP `serialize($value)`: the bytes PHP 8.2 writes for the same value.
 * @throws PhpSerializeError for a value with no PHP form (a JS `number`: wrap it in PhpFloat or use
 * a bigint; an int beyond 64 bits; a lone UTF-16 surrogate; an r:/R: to a missing value), with
 * its `path`.
 */
export function serialize(value: PhpValue, options?: SerializeOptions): Buffer {
  const serializer = new Serializer(options?.maxDepth ?? DEFAULT_MAX_DEPTH);
  try {
    serializer.run(value);
    return serializer.out.result();
  } catch (error) {
    if (error instanceof SerializeFault) throw new PhpSerializeError(serializer.path(), error.message);
    throw error;
  } finally {
    serializer.out.release();
  }
}

interface Frame {
  entries: Array<[PhpArrayKey, PhpValue]> | null;
  props: PhpProperty[] | null;
  index: number;
}

class Serializer {
  readonly out = new PhpWriter();
  /** Number of the last value written, for checking r:/R: (root = 1, keys not counted). */
  private slots = 0;
  /** Numbers of the objects written (a list: cheaper than a Set when no r: needs checking). */
  private objectSlots: number[] | null = null;
  private objectSet: Set<number> | null = null;
  private enumSlots: Map<string, number> | null = null;
  private readonly frames: Frame[] = [];
  private depth = 0;

  constructor(private readonly maxDepth: number) {}

  run(root: PhpValue): void {
    this.value(root);
    const frames = this.frames;
    const out = this.out;
    while (this.depth > 0) {
      const frame = frames[this.depth - 1] as Frame;
      const entries = frame.entries;
      if (entries !== null) {
        if (frame.index < entries.length) {
          const entry = entries[frame.index++] as [PhpArrayKey, PhpValue];
          out.arrayKey(entry[0]);
          this.value(entry[1]);
          continue;
        }
      } else {
        const props = frame.props as PhpProperty[];
        if (frame.index < props.length) {
          const property = props[frame.index++] as PhpProperty;
          out.propertyName(property);
          this.value(property.value);
          continue;
        }
      }
      out.byte(0x7d);
      this.depth--;
    }
  }

  private value(v: PhpValue): void {
    const out = this.out;
    this.slots++;
    if (v === null) out.ascii("N;");
    else if (typeof v === "string") out.string(v);
    else if (typeof v === "bigint") out.int(v);
    else if (typeof v === "boolean") out.ascii(v ? "b:1;" : "b:0;");
    else if (typeof v !== "object") {
      throw new SerializeFault(
        `a ${typeof v} is not a PhpValue (wrap numbers in PhpFloat or use bigint for ints; fromPlain() converts plain JS values)`,
      );
    } else if (v instanceof Uint8Array) out.binary(v);
    else this.tagged(v);
  }

  private tagged(v: Exclude<PhpValue, null | boolean | bigint | string | Uint8Array>): void {
    const out = this.out;
    switch (v.kind) {
      case "float":
        if (typeof v.value !== "number") throw new SerializeFault("PhpFloat.value must be a number");
        out.float(v.value);
        break;
      case "array":
        out.byte(0x61);
        out.count(v.entries.length); // a:<n>:{
        this.push(v.entries, null);
        break;
      case "object":
        this.object(v);
        break;
      case "custom":
        this.markObject();
        out.ascii("C:");
        out.className(v.className);
        out.count(v.data.length);
        out.raw(v.data);
        out.byte(0x7d);
        this.nested(v.data);
        break;
      case "enum":
        this.enumCase(v);
        break;
      case "objref":
        this.checkTarget(v.index, this.slots - 1, true);
        this.markObject();
        this.out.tagged(0x72, v.index, 0x3b); // r:<n>;
        break;
      case "ref":
        this.slots--; // an R: entry takes no number of its own
        this.checkTarget(v.index, this.slots, false);
        this.out.tagged(0x52, v.index, 0x3b); // R:<n>;
        break;
      default:
        throw new SerializeFault("an object that is not a PhpValue (use fromPlain() for plain JS objects)");
    }
  }

  /**
   * An enum case is a single object in PHP, so PHP writes it once as `E:` and every later use as
   * `r:<its number>;`: so do we, to write PHP's exact bytes.
   */
  private enumCase(v: PhpEnum): void {
    const id = `${v.className}:${v.caseName}`;
    const first = this.enumSlots?.get(id);
    this.markObject();
    if (first !== undefined) {
      this.out.tagged(0x72, first, 0x3b);
      return;
    }
    if (this.enumSlots === null) this.enumSlots = new Map();
    this.enumSlots.set(id, this.slots);
    this.out.enumCase(v);
  }

  private object(v: PhpObject): void {
    const out = this.out;
    this.markObject();
    out.ascii("O:");
    out.className(v.className);
    out.count(v.properties.length);
    this.push(null, v.properties);
  }

  private push(entries: Array<[PhpArrayKey, PhpValue]> | null, props: PhpProperty[] | null): void {
    if (this.depth >= this.maxDepth) {
      throw new SerializeFault(`nesting deeper than ${this.maxDepth} (maxDepth; a cycle?)`);
    }
    const frame = this.frames[this.depth];
    if (frame === undefined) this.frames.push({ entries, props, index: 0 });
    else {
      frame.entries = entries;
      frame.props = props;
      frame.index = 0;
    }
    this.depth++;
  }

  /** Values serialized inside a C: payload take numbers too, as PHP counts them (nested-slots.ts). */
  private nested(data: Uint8Array): void {
    const nested = nestedSlots(data);
    if (nested === null) return;
    const slot = this.slots;
    for (const o of nested.objects) {
      this.slots = slot + o;
      this.markObject();
    }
    this.slots = slot + nested.count;
  }

  private markObject(): void {
    if (this.objectSlots === null) this.objectSlots = [this.slots];
    else this.objectSlots.push(this.slots);
    this.objectSet?.add(this.slots);
  }

  /** r:/R: must point at one of the `earlier` values; r: at an object. */
  private checkTarget(index: number, earlier: number, mustBeObject: boolean): void {
    if (!Number.isSafeInteger(index) || index < 1 || index > earlier) {
      throw new SerializeFault(
        `${mustBeObject ? "r" : "R"}:${index} does not point at an earlier value (1..${earlier})`,
      );
    }
    if (mustBeObject && !this.isObject(index)) {
      throw new SerializeFault(`r:${index} does not point at an object`);
    }
  }

  private isObject(index: number): boolean {
    if (this.objectSlots === null) return false;
    if (this.objectSet === null) this.objectSet = new Set(this.objectSlots);
    return this.objectSet.has(index);
  }

  /** Where the failing value sits, e.g. `[orders][3]->amount`, from the open frames. */
  path(): string {
    let path = "";
    for (let i = 0; i < this.depth; i++) {
      const frame = this.frames[i] as Frame;
      const at = frame.index - 1;
      if (at < 0) continue;
      const key = frame.entries !== null ? frame.entries[at]?.[0] : frame.props?.[at]?.name;
      const shown = key instanceof Uint8Array ? "<binary>" : String(key);
      path += frame.entries !== null ? `[${shown}]` : `->${shown}`;
    }
    return path;
  }
}
