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
 */
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

export class PhpFloat {
  readonly kind = "float" as const;
  constructor(readonly value: number) {}
}

/** An ordered PHP array. Keys keep insertion order; `'7'` is normalised to int 7 like PHP does. */
export class PhpArray {
  readonly kind = "array" as const;
  constructor(readonly entries: Array<[PhpArrayKey, PhpValue]> = []) {}
}

export type PhpVisibility = "public" | "protected" | "private";

export interface PhpProperty {
  /** The property name without PHP's NUL mangling; for `__serialize()` integer keys, a bigint. */
  name: string | bigint;
  visibility: PhpVisibility;
  /** The class that declared a private property (PHP mangles it into the name as `\0Class\0name`). */
  declaringClass?: string;
  value: PhpValue;
}

/**
 * An `O:` object. Nothing is ever instantiated: this is data. `__PHP_Incomplete_Class` objects keep
 * their original class name in `className` with `incomplete: true`.
 */
export class PhpObject {
  readonly kind = "object" as const;
  constructor(
    readonly className: string,
    readonly properties: PhpProperty[] = [],
    readonly incomplete = false,
  ) {}
}

/** A `C:` payload of a class implementing the legacy Serializable interface. */
export class PhpCustom {
  readonly kind = "custom" as const;
  constructor(
    readonly className: string,
    readonly data: Uint8Array,
  ) {}
}

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

/** `R:N;`: a PHP reference to value number N. */
export class PhpReference {
  readonly kind = "ref" as const;
  constructor(readonly index: number) {}
}
