/**
 * fast-check arbitraries for PhpValues in the bridge's model, shaped the way the decoder returns
 * them (so `unserialize(serialize(v))` must equal `v`): UTF-8 bytes are strings, other bytes
 * Buffers; array keys are normalised and unique; r:/R: point at valid earlier values; a repeated
 * enum case is an r: to its first use, as PHP writes it.
 */
import { isUtf8 } from "node:buffer";
import fc from "fast-check";
import {
  isCanonicalIntKey,
  PhpArray,
  type PhpArrayKey,
  PhpCustom,
  PhpEnum,
  PhpFloat,
  PhpObject,
  PhpObjectRef,
  type PhpProperty,
  PhpReference,
  type PhpValue,
  serialize,
} from "../../src/codecs/php/index.js";
import { nestedSlots } from "../../src/codecs/php/nested-slots.js";

/** Placeholder for a back-reference, resolved to a valid r:/R: once the whole tree exists. */
class RefMarker {
  constructor(
    readonly kind: "r" | "R",
    readonly pick: number,
  ) {}
}

type Draft = PhpValue | RefMarker;

export interface PhpArbitraryOptions {
  /** Include r:/R: back-references. @default true */
  references?: boolean;
  /** How many times more often back-references are drawn than each other kind (focused properties). @default 1 */
  referenceWeight?: number;
  /** Include C: (Serializable) payloads. @default true */
  custom?: boolean;
  /** Include E: enum cases. @default true */
  enums?: boolean;
  /** Class names to draw from (PHP tests pass classes their script knows). */
  classNames?: readonly string[];
  enumCases?: ReadonlyArray<readonly [string, string]>;
  customClasses?: readonly string[];
  /**
   * Serializable classes whose payload is a nested serialize() of their data (PHP numbers its
   * values with the outer ones). Their data is a value without references, enums or C:. @default []
   */
  nestedClasses?: readonly string[];
}

const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Text and bytes as the decoder returns them. */
export const phpString: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 6 }).filter(wellFormed),
  fc.uint8Array({ maxLength: 10 }).map((b) => (isUtf8(b) ? Buffer.from(b).toString("utf8") : Buffer.from(b))),
  fc.constantFrom(
    "",
    "0",
    "7",
    "07",
    "-1",
    "-0",
    "1.5",
    " 1",
    "9223372036854775808",
    "__proto__",
    "constructor",
  ),
);

export const phpFloat: fc.Arbitrary<PhpFloat> = fc
  .oneof(fc.double(), fc.constantFrom(0, -0, 0.1, 1e25, 1e-5, 5e-324, 1.7976931348623157e308, Number.NaN))
  .map((x) => new PhpFloat(x));

const phpInt: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt(INT64),
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.constantFrom(INT64.min, INT64.max, 2n ** 53n + 1n),
);

/** A key exactly as PHP stores it: canonical integer strings become ints. */
const phpKey: fc.Arbitrary<PhpArrayKey> = fc
  .oneof(phpInt, fc.bigInt({ min: 0n, max: 20n }), phpString)
  .map((k) => (typeof k === "string" && isCanonicalIntKey(k) ? BigInt(k) : k));

const keyId = (k: PhpArrayKey | PhpProperty["name"]): string =>
  typeof k === "bigint" ? `i${k}` : typeof k === "string" ? `s${k}` : `b${Buffer.from(k).toString("hex")}`;

export function phpValueArbitrary(options: PhpArbitraryOptions = {}): fc.Arbitrary<PhpValue> {
  const classNames = options.classNames ?? ["stdClass", "App\\Models\\User", "Foo_Bar9", "Ünï\\Cödé"];
  const enumCases = options.enumCases ?? [
    ["App\\Status", "Active"],
    ["Suit", "Hearts"],
  ];
  const customClasses = options.customClasses ?? ["App\\Legacy", "ArrayObjectish"];
  const className = fc.constantFrom(...classNames);
  const scalar = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    phpInt,
    phpFloat,
    phpString,
  ) as fc.Arbitrary<Draft>;
  const extras: Array<fc.Arbitrary<Draft>> = [];
  if (options.enums ?? true) extras.push(fc.constantFrom(...enumCases).map(([c, k]) => new PhpEnum(c, k)));
  if (options.custom ?? true) {
    extras.push(
      fc
        .tuple(fc.constantFrom(...customClasses), fc.uint8Array({ maxLength: 12 }))
        // Raw bytes that happen to be one serialize() value would be numbered as nested ones
        // (src/codecs/php/nested-slots.ts); the raw classes PHP runs here number none.
        .filter(([, d]) => nestedSlots(d) === null)
        .map(([c, d]) => new PhpCustom(c, Buffer.from(d))),
    );
  }
  const nestedClasses = options.nestedClasses ?? [];
  if (nestedClasses.length > 0) {
    const data = phpValueArbitrary({
      ...options,
      references: false,
      enums: false,
      custom: false,
      nestedClasses: [],
    });
    extras.push(
      fc.tuple(fc.constantFrom(...nestedClasses), data).map(([c, d]) => new PhpCustom(c, serialize(d))),
    );
  }
  if (options.references ?? true) {
    const reference = fc
      .tuple(fc.constantFrom("r", "R") as fc.Arbitrary<"r" | "R">, fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([kind, pick]) => new RefMarker(kind, pick));
    // oneof picks its arbitraries alike: the same one listed n times is drawn n times as often.
    for (let i = 0; i < (options.referenceWeight ?? 1); i++) extras.push(reference);
  }
  const tree = fc.letrec<{ value: Draft }>((tie) => {
    const entry = fc.tuple(phpKey, tie("value"));
    // A public name starting with NUL would read back as a mangled (protected/private) one; PHP has none.
    const publicName = phpString.filter((n) => (typeof n === "string" ? n.charCodeAt(0) !== 0 : n[0] !== 0));
    const property: fc.Arbitrary<PhpProperty> = fc.oneof(
      fc.record({
        name: publicName,
        visibility: fc.constant("public" as const),
        value: tie("value") as fc.Arbitrary<PhpValue>,
      }),
      fc.record({
        name: phpString,
        visibility: fc.constant("protected" as const),
        value: tie("value") as fc.Arbitrary<PhpValue>,
      }),
      fc.record({
        name: phpString,
        visibility: fc.constant("private" as const),
        declaringClass: className,
        value: tie("value") as fc.Arbitrary<PhpValue>,
      }),
    );
    return {
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        scalar,
        ...extras,
        fc
          .uniqueArray(entry, { maxLength: 5, selector: ([k]) => keyId(k) })
          .map((es) => new PhpArray(es as Array<[PhpArrayKey, PhpValue]>)),
        fc
          .tuple(
            className,
            fc.uniqueArray(property, {
              maxLength: 4,
              selector: (p) => `${p.visibility}|${p.declaringClass ?? ""}|${keyId(p.name)}`,
            }),
          )
          .map(([c, props]) => new PhpObject(c, props)),
      ),
    };
  }).value;
  return tree.map(resolveReferences);
}

/**
 * Replaces RefMarkers, walking in serialize() order and numbering values as PHP does, with an
 * r: to an earlier object or an R: to an earlier value; null when there is no such target. Only
 * targets PHP itself writes are drawn, because the round-trip tests compare our bytes with PHP's
 * re-serialization of them. PHP reads the others but writes them back differently:
 * - an r: points at the object's own O:/C:/E: slot, never at an r: entry (a repeated enum case
 *   is one too) that stands for it: PHP keeps one number per object, the first, and writes
 *   `r:<first>` for `r:<that r: entry>` (checked with PHP 8.2, see php-references.test.ts);
 * - an R: points neither at a container still open nor at an r: entry (PHP turns the first into
 *   a copy and the second into `R:<object>`, renumbering what follows).
 */
function resolveReferences(root: Draft): PhpValue {
  let slots = 0;
  const objects: number[] = [];
  const closed: number[] = [];
  const enums = new Map<string, number>();
  const visit = (v: Draft): PhpValue => {
    if (v instanceof RefMarker) {
      const pool = v.kind === "r" ? objects : closed;
      if (pool.length === 0) {
        slots++;
        closed.push(slots);
        return null;
      }
      const target = pool[Math.min(pool.length - 1, Math.floor(v.pick * pool.length))] as number;
      if (v.kind === "R") return new PhpReference(target);
      // The r: entry takes a number but is no target of its own (see above).
      slots++;
      return new PhpObjectRef(target);
    }
    const slot = ++slots;
    if (v instanceof PhpArray) {
      const out = new PhpArray(v.entries.map(([k, x]) => [k, visit(x as Draft)]));
      closed.push(slot);
      return out;
    }
    if (v instanceof PhpObject) {
      objects.push(slot);
      const out = new PhpObject(
        v.className,
        v.properties.map((p) => ({ ...p, value: visit(p.value as Draft) })),
      );
      closed.push(slot);
      return out;
    }
    if (v instanceof PhpEnum) {
      const first = enums.get(`${v.className}:${v.caseName}`);
      // A repeated case is an r: entry to its first use: no target of its own either.
      if (first !== undefined) return new PhpObjectRef(first);
      objects.push(slot);
      closed.push(slot);
      enums.set(`${v.className}:${v.caseName}`, slot);
      return v;
    }
    if (v instanceof PhpCustom) {
      objects.push(slot);
      // The values of a nested payload take the numbers after it; its objects are r: targets.
      const nested = nestedSlots(v.data);
      if (nested !== null) {
        for (const o of nested.objects) objects.push(slot + o);
        slots += nested.count;
      }
    }
    closed.push(slot);
    return v;
  };
  return visit(root);
}
