/**
 * A lossless model of PHP values, as PHP's serialize() sees them (laravel-formats.md §8).
 *
 * Plain JS stands for the everyday cases, tagged objects for everything JS cannot tell apart:
 *   null                 ↔ N;
 *   boolean              ↔ b:0; / b:1;
 *   bigint               ↔ i:…;   (always bigint, so 2^63-1 keeps every digit)
 *   PhpFloat             ↔ d:…;   (a wrapper: `d:1;` and `i:1;` differ; -0, INF, NAN kept)
 *   string               ↔ s:…;   when the bytes are valid UTF-8
 *   Buffer (Uint8Array)  ↔ s:…;   when they are not: any bytes round-trip exactly
 *   PhpArray             ↔ a:…;   ordered, int and string keys
 *   PhpObject            ↔ O:…;   class, properties with visibility
 *   PhpCustom            ↔ C:…;   Serializable payload, bytes kept as they are
 *   PhpEnum              ↔ E:…;
 *   PhpObjectRef         ↔ r:N;   same object as value #N
 *   PhpReference         ↔ R:N;   PHP reference (&) to value #N
 *
 * Value numbering for r:/R: (checked against PHP): values are numbered 1, 2, 3 … in document
 * order starting with the root; keys are not numbered; an `r:` entry gets a number, an `R:` does not.
 */
import { phpArrayKey } from "./array-key.js";

export type PhpValue =
  | null
  | boolean
  | bigint
  | PhpFloat
  | string
  | Uint8Array
  | PhpArray
  | PhpObject
  | PhpCustom
  | PhpEnum
  | PhpObjectRef
  | PhpReference;

/** A PHP array key: int keys as bigint (PHP ints are 64-bit), string keys as byte strings. */
export type PhpArrayKey = bigint | string | Uint8Array;

/** A PHP float (`d:`). A wrapper so that `1.0` stays a float and never becomes `i:1;`. */
export class PhpFloat {
  readonly kind = "float" as const;
  constructor(readonly value: number) {}
}

/**
 * An ordered PHP array. Keys keep insertion order and are unique; `'7'` is an int key 7 like in
 * PHP (unserialize() and {@link PhpArray.from} normalise; serialize() writes such keys as `i:7;`).
 */
export class PhpArray {
  readonly kind = "array" as const;
  constructor(readonly entries: Array<[PhpArrayKey, PhpValue]> = []) {}

  /** Builds an array like PHP's `$a[$k] = $v` would: keys normalised, a repeated key overwrites in place. */
  static from(entries: Iterable<readonly [string | number | bigint | Uint8Array, PhpValue]>): PhpArray {
    const array = new PhpArray();
    for (const [key, value] of entries) array.set(key, value);
    return array;
  }

  /** Number of entries (PHP `count()`). */
  get size(): number {
    return this.entries.length;
  }

  /** The value at `key` (PHP `$a[$key]`, same key normalisation), or undefined. O(n). */
  get(key: string | number | bigint): PhpValue | undefined {
    const index = this.indexOf(key);
    return index === -1 ? undefined : (this.entries[index] as [PhpArrayKey, PhpValue])[1];
  }

  /** PHP `array_key_exists($key, $a)`. */
  has(key: string | number | bigint): boolean {
    return this.indexOf(key) !== -1;
  }

  /** PHP `$a[$key] = $value`: overwrites in place, else appends. */
  set(key: string | number | bigint | Uint8Array, value: PhpValue): this {
    const normalised = phpArrayKey(key);
    const index = this.indexOf(normalised);
    if (index === -1) this.entries.push([normalised, value]);
    else (this.entries[index] as [PhpArrayKey, PhpValue])[1] = value;
    return this;
  }

  private indexOf(key: string | number | bigint | Uint8Array): number {
    const wanted = phpArrayKey(key);
    for (let i = 0; i < this.entries.length; i++) {
      if (sameKey((this.entries[i] as [PhpArrayKey, PhpValue])[0], wanted)) return i;
    }
    return -1;
  }
}

/** Key equality as PHP sees it: same type and same bytes (Uint8Array keys compared by content). */
export function sameKey(a: PhpArrayKey, b: PhpArrayKey): boolean {
  if (a === b) return true;
  if (typeof a === "string" && b instanceof Uint8Array) return Buffer.from(a, "utf8").equals(b);
  if (a instanceof Uint8Array && typeof b === "string") return Buffer.from(b, "utf8").equals(a);
  return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.from(a).equals(b);
}

export type PhpVisibility = "public" | "protected" | "private";

export interface PhpProperty {
  /**
   * The property name without PHP's NUL mangling; a bigint for `__serialize()` integer keys; a
   * Uint8Array when the name bytes are not UTF-8.
   */
  name: string | bigint | Uint8Array;
  visibility: PhpVisibility;
  /** The class that declared a private property (PHP mangles it into the name as `\0Class\0name`). */
  declaringClass?: string;
  value: PhpValue;
}

/**
 * An `O:` object. Nothing is ever instantiated: this is data. An object whose class was not in
 * `allowedClasses` (PHP's `__PHP_Incomplete_Class`) keeps its original class name in `className`
 * with `incomplete: true`, and serializes back under that name, as PHP does.
 */
export class PhpObject {
  readonly kind = "object" as const;
  constructor(
    readonly className: string,
    readonly properties: PhpProperty[] = [],
    readonly incomplete = false,
  ) {}

  /** The first property called `name` (any visibility; PHP would pick by scope), or undefined. */
  get(name: string, visibility?: PhpVisibility): PhpValue | undefined {
    for (const property of this.properties) {
      if (property.name === name && (visibility === undefined || property.visibility === visibility)) {
        return property.value;
      }
    }
    return undefined;
  }
}

/** A `C:` payload of a class implementing the legacy Serializable interface; the bytes are opaque. */
export class PhpCustom {
  readonly kind = "custom" as const;
  constructor(
    readonly className: string,
    readonly data: Uint8Array,
  ) {}
}

/** An `E:` enum case (PHP 8.1+), pure or backed alike: only class and case name are serialized. */
export class PhpEnum {
  readonly kind = "enum" as const;
  constructor(
    readonly className: string,
    readonly caseName: string,
  ) {}
}

/** `r:N;`: the same object as value number N (1-based, document order). */
export class PhpObjectRef {
  readonly kind = "objref" as const;
  constructor(readonly index: number) {}
}

/** `R:N;`: a PHP reference (`&`) to value number N. */
export class PhpReference {
  readonly kind = "ref" as const;
  constructor(readonly index: number) {}
}
