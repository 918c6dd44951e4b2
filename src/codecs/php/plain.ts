/**
 * toPlain(): PHP values as everyday JS values, so a handler can read `{orderId: 5}` instead of a
 * PhpArray. The loss rules (each tested):
 *   int            → number when within ±(2^53−1); beyond that a bigint (or a decimal string, or an error)
 *   float          → number (`1.0` becomes 1: the int/float distinction is lost)
 *   string         → string; non-UTF-8 bytes stay a Buffer
 *   array 0..n−1   → JS array (an empty PHP array becomes [])
 *   other arrays   → null-prototype object (default; int keys become "7", and JS lists integer-like
 *                    keys first in ascending order) or, with `arrays: "map"`, a Map keeping order and key types
 *   object         → null-prototype object `{ __class: "App\\Foo", prop: … }` with public, protected
 *                    and private properties by bare name (visibility is lost; a name used twice,
 *                    e.g. a private property shadowed in a subclass, keeps the last one)
 *   enum, C: data  → the PhpEnum / PhpCustom itself (no plain form); an r:/R: to a value inside
 *                    a C: payload is a PhpConversionError (the payload stays bytes)
 *   r: / R:        → the same JS value as the target (shared identity; cycles stay cycles); an R:
 *                    to an array that contains it becomes null, as PHP's unserialize() gives
 * Keys like `__proto__` are plain own keys: objects have no prototype, so nothing can be polluted.
 */
import { PhpConversionError } from "../../errors/codec-errors.js";
import { DEFAULT_MAX_DEPTH } from "./limits.js";
import { nestedSlots } from "./nested-slots.js";
import { nullObject } from "./null-object.js";
import type { PhpArray, PhpCustom, PhpEnum, PhpObject, PhpValue } from "./values.js";

export type PlainKey = number | bigint | string | Uint8Array;
export type PlainValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PlainValue[]
  | PlainObject
  | Map<PlainKey, PlainValue>
  | PhpEnum
  | PhpCustom;
export interface PlainObject {
  [key: string]: PlainValue;
}

export interface ToPlainOptions {
  /** Ints beyond ±(2^53−1): `"bigint"` keeps them exact, `"string"` gives decimal text, `"error"` throws. @default "bigint" */
  unsafeIntegers?: "bigint" | "string" | "error";
  /** Arrays that are not lists: `"object"` (null-prototype object) or `"map"` (Map, order and key types kept). @default "object" */
  arrays?: "object" | "map";
  /** Deepest nesting converted. @default 512 */
  maxDepth?: number;
}

/** The property that carries an object's class name in toPlain()/fromPlain() objects. */
export const CLASS_KEY = "__class";

/**
 * A PHP value as plain JS (see the loss rules above); the inverse direction is fromPlain().
 * @throws PhpConversionError for an unsafe int with `unsafeIntegers: "error"`, a binary key in
 * object mode, a property called `__class`, a dangling r:/R:, or nesting beyond maxDepth.
 */
export function toPlain(value: PhpValue, options?: ToPlainOptions): PlainValue {
  return new PlainConverter(options).convert(value);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

class PlainConverter {
  /** The converted value of every numbered PHP value (1-based, document order), for r:/R:. */
  private readonly slots: PlainValue[] = [null];
  private readonly openArrays = new Set<number>();
  /** Numbers taken by values inside C: payloads (see skipNested). */
  private insideCustom: Set<number> | null = null;
  private readonly path: string[] = [];
  private readonly unsafe: "bigint" | "string" | "error";
  private readonly maps: boolean;
  private readonly maxDepth: number;

  constructor(options: ToPlainOptions | undefined) {
    this.unsafe = options?.unsafeIntegers ?? "bigint";
    this.maps = options?.arrays === "map";
    this.maxDepth = options?.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  convert(v: PhpValue): PlainValue {
    if (typeof v === "object" && v !== null && !(v instanceof Uint8Array) && v.kind === "ref") {
      return this.target(v.index); // an R: entry has no number of its own
    }
    const slot = this.slots.length;
    this.slots.push(null);
    const plain = this.value(v, slot);
    this.slots[slot] = plain;
    if (typeof v === "object" && v !== null && !(v instanceof Uint8Array) && v.kind === "custom") {
      this.skipNested(v.data);
    }
    return plain;
  }

  /** The numbers values inside a C: payload take (nested-slots.ts): kept, but no r:/R: target here. */
  private skipNested(data: Uint8Array): void {
    const nested = nestedSlots(data);
    if (nested === null) return;
    this.insideCustom ??= new Set();
    for (let i = 0; i < nested.count; i++) {
      this.insideCustom.add(this.slots.length);
      this.slots.push(null);
    }
  }

  private value(v: PhpValue, slot: number): PlainValue {
    if (v === null || typeof v === "boolean" || typeof v === "string") return v;
    if (typeof v === "bigint") return this.int(v);
    if (v instanceof Uint8Array) return v;
    switch (v.kind) {
      case "float":
        return v.value;
      case "array":
        return this.array(v, slot);
      case "object":
        return this.object(v, slot);
      case "objref":
        return this.target(v.index);
      default:
        return v as PhpEnum | PhpCustom;
    }
  }

  private int(v: bigint): number | bigint | string {
    if (v <= MAX_SAFE && v >= -MAX_SAFE) return Number(v);
    if (this.unsafe === "bigint") return v;
    if (this.unsafe === "string") return v.toString();
    return this.fail(`the int ${v} is beyond Number.MAX_SAFE_INTEGER (unsafeIntegers: "error")`);
  }

  private target(index: number): PlainValue {
    if (!Number.isSafeInteger(index) || index < 1 || index >= this.slots.length) {
      this.fail(`a reference to value #${index}, which does not exist`);
    }
    if (this.insideCustom?.has(index)) {
      this.fail(
        `a reference to value #${index}, which is inside a Serializable (C:) payload we keep as bytes`,
      );
    }
    // PHP itself yields null for an R: to an array still being built (it cannot contain itself).
    return this.openArrays.has(index) ? null : (this.slots[index] as PlainValue);
  }

  private array(v: PhpArray, slot: number): PlainValue {
    const entries = v.entries;
    let isList = true;
    for (let i = 0; i < entries.length; i++) {
      const key = (entries[i] as [unknown, PhpValue])[0];
      if (typeof key !== "bigint" || Number(key) !== i) {
        isList = false;
        break;
      }
    }
    this.enter(slot, true);
    let result: PlainValue;
    if (isList) {
      const list: PlainValue[] = [];
      this.slots[slot] = list;
      for (let i = 0; i < entries.length; i++) {
        this.path.push(`[${i}]`);
        list.push(this.convert((entries[i] as [unknown, PhpValue])[1]));
        this.path.pop();
      }
      result = list;
    } else if (this.maps) {
      const map = new Map<PlainKey, PlainValue>();
      this.slots[slot] = map;
      for (const [key, value] of entries) {
        this.path.push(`[${keyText(key)}]`);
        map.set(typeof key === "bigint" ? (this.int(key) as PlainKey) : key, this.convert(value));
        this.path.pop();
      }
      result = map;
    } else {
      const object = nullObject(entries.length);
      this.slots[slot] = object;
      for (const [key, value] of entries) {
        this.path.push(`[${keyText(key)}]`);
        if (key instanceof Uint8Array)
          this.fail('a binary (non-UTF-8) array key has no object form; use arrays: "map"');
        object[typeof key === "bigint" ? key.toString() : key] = this.convert(value);
        this.path.pop();
      }
      result = object;
    }
    this.leave(slot, true);
    return result;
  }

  private object(v: PhpObject, slot: number): PlainObject {
    this.enter(slot, false);
    const object = nullObject(v.properties.length + 1);
    object[CLASS_KEY] = v.className;
    this.slots[slot] = object;
    for (const property of v.properties) {
      const name = property.name;
      this.path.push(`->${keyText(name)}`);
      if (name instanceof Uint8Array) this.fail("a binary (non-UTF-8) property name has no object form");
      if (name === CLASS_KEY) this.fail(`a property named ${CLASS_KEY} collides with the class marker`);
      object[typeof name === "bigint" ? name.toString() : name] = this.convert(property.value);
      this.path.pop();
    }
    this.leave(slot, false);
    return object;
  }

  private enter(slot: number, isArray: boolean): void {
    if (this.path.length >= this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth} (maxDepth)`);
    if (isArray) this.openArrays.add(slot);
  }

  private leave(slot: number, isArray: boolean): void {
    if (isArray) this.openArrays.delete(slot);
  }

  private fail(reason: string): never {
    throw new PhpConversionError(this.path.join(""), reason);
  }
}

function keyText(key: bigint | string | Uint8Array): string {
  return key instanceof Uint8Array ? "<binary>" : String(key);
}
