/**
 * fast-check arbitraries for the php-json interop test: PhpValues PHP can hold (sent to PHP as
 * serialize() bytes), with what json_encode meets in Laravel data (big ints, floats of every
 * range, unicode, slashes, control characters, lists vs maps, objects) and what it refuses
 * (Inf/NaN, bytes that are not UTF-8). Objects are incomplete: PHP reads them without their class.
 */
import fc from "fast-check";
import {
  isCanonicalIntKey,
  PhpArray,
  type PhpArrayKey,
  PhpFloat,
  PhpObject,
  type PhpProperty,
  type PhpValue,
} from "../../../src/codecs/php/index.js";

const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

const text: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.string({ unit: "grapheme", maxLength: 6 }),
  fc.string({ unit: "binary", maxLength: 6 }).filter(wellFormed),
  fc.constantFrom("a/b", "http://x/y?z=1", "é", "😀", "\u2028", "\u2029", "\u007f", "\t\n\r\b\f\v\0", '"\\'),
  fc.constantFrom("0", "7", "07", "-0", "-5", "9223372036854775808", "1.5", "\ufeff", "__proto__"),
);

const notUtf8: fc.Arbitrary<Buffer> = fc.constantFrom(
  Buffer.from([0xff]),
  Buffer.from([0x61, 0xc3]),
  Buffer.from([0xed, 0xa0, 0x80]), // an encoded surrogate: not UTF-8 either
);

const float: fc.Arbitrary<PhpFloat> = fc
  .oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(
      0.1,
      1e25,
      1e-7,
      0.0001,
      1e-5,
      1e16,
      1e17,
      123456789.125,
      -0,
      5e-324,
      1.7976931348623157e308,
    ),
    fc.integer({ min: -99_999_999, max: 99_999_999 }).map((n) => n / 100),
  )
  .map((x) => new PhpFloat(x));

const scalar: fc.Arbitrary<PhpValue> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) },
  { weight: 3, arbitrary: float },
  { weight: 4, arbitrary: text },
);

/** Values json_encode accepts (with JSON_UNESCAPED_UNICODE or not). */
export const encodable: fc.Arbitrary<PhpValue> = valueArbitrary(scalar);

/** Values with a few json_encode refuses somewhere inside. */
export const sometimesRefused: fc.Arbitrary<PhpValue> = valueArbitrary(
  fc.oneof(
    { weight: 8, arbitrary: scalar },
    { weight: 1, arbitrary: notUtf8 },
    { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity).map((x) => new PhpFloat(x)) },
  ),
);

function valueArbitrary(leaf: fc.Arbitrary<PhpValue>): fc.Arbitrary<PhpValue> {
  const key: fc.Arbitrary<PhpArrayKey> = fc
    .oneof(text, fc.bigInt({ min: -3n, max: 6n }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }))
    .map((k) => (typeof k === "string" && isCanonicalIntKey(k) ? BigInt(k) : k));
  return fc.letrec<{ v: PhpValue }>((tie) => ({
    v: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.array(tie("v"), { maxLength: 4 }).map((xs) => new PhpArray(xs.map((x, i) => [BigInt(i), x]))),
      fc
        .uniqueArray(fc.tuple(key, tie("v")), { maxLength: 4, selector: ([k]) => `${typeof k}:${k}` })
        .map((entries) => new PhpArray(entries)),
      fc
        .tuple(
          fc.constantFrom("Gone\\Order", "stdClass"),
          fc.uniqueArray(
            fc.record({
              name: fc.oneof(
                text.filter((n) => !n.startsWith("\0")),
                fc.bigInt({ min: 0n, max: 3n }),
              ),
              visibility: fc.constantFrom("public", "public", "protected", "private") as fc.Arbitrary<
                PhpProperty["visibility"]
              >,
              value: tie("v"),
            }),
            // By name text: PHP keeps object property names as strings, so "0" and 0 are one name.
            { maxLength: 3, selector: (p) => String(p.name) },
          ),
        )
        .map(
          ([className, props]) =>
            new PhpObject(
              className,
              props.map((p): PhpProperty => {
                // Integer names come from __serialize() arrays: always public.
                if (typeof p.name === "bigint") return { ...p, visibility: "public" };
                return p.visibility === "private" ? { ...p, declaringClass: className } : p;
              }),
              true,
            ),
        ),
    ),
  })).v;
}
