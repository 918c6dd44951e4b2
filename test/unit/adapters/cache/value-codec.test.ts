import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeCachePlain,
  decodeCacheValue,
  encodeCacheValue,
} from "../../../../adapters/cache/value-codec.js";
import { phpValues, plainValues } from "../../../../adapters/cache/value-mapper.js";
import {
  fromPlain,
  PhpFloat,
  phpFloatToString,
  serialize,
  toPlain,
} from "../../../../src/codecs/php/index.js";
import { CacheFormatError } from "../../../../src/errors/cache-errors.js";
import { GOLDEN_VERSIONS, type GoldenBytes, goldenBytes, loadGolden } from "../../../helpers/golden.js";
import { phpValueArbitrary } from "../../../helpers/php-arbitrary.js";

interface NumericCase {
  id: string;
  input: GoldenBytes;
  redisStoreWritesRaw: boolean;
  redisStoreBytes: GoldenBytes;
}
interface FloatCase {
  id: string;
  value: { bits: string };
  cacheStored: GoldenBytes;
  cacheStoredRaw: boolean;
}

const bytesOf = (encoded: string | Buffer): Buffer =>
  typeof encoded === "string" ? Buffer.from(encoded, "utf8") : encoded;
const floatFromBits = (hex: string): number => Buffer.from(hex, "hex").readDoubleBE(0);
/** The golden input as the bridge receives it: UTF-8 text as a string, other bytes as a Buffer. */
const inputOf = (input: GoldenBytes): string | Buffer => {
  const bytes = goldenBytes(input);
  const text = bytes.toString("utf8");
  return Buffer.from(text, "utf8").equals(bytes) ? text : bytes;
};

function attempt<T>(run: () => T): { value: T } | { error: unknown } {
  try {
    return { value: run() };
  } catch (error) {
    return { error };
  }
}

/** Strings (anywhere in the value) without lone surrogates: everything PHP can store. */
function hasUtf8Form(value: unknown): boolean {
  if (typeof value === "string") return (value as unknown as { isWellFormed(): boolean }).isWellFormed();
  if (Array.isArray(value)) return value.every(hasUtf8Form);
  if (value !== null && typeof value === "object")
    return Object.entries(value).every(([k, v]) => hasUtf8Form(k) && hasUtf8Form(v));
  return true;
}

describe.each(GOLDEN_VERSIONS)("the cache value codec against %s's RedisStore", (version) => {
  const numerics = loadGolden<{ cases: NumericCase[] }>(version, "is_numeric").cases;
  const floats = loadGolden<{ cases: FloatCase[] }>(version, "floats-string").cases;

  it.each(numerics.map((c) => [c.id, c] as const))(
    "%s: writes a string raw only when it is numeric and finite, else serialized",
    (_id, c) => {
      const input = inputOf(c.input);
      const written = bytesOf(encodeCacheValue(input));
      expect(written).toEqual(goldenBytes(c.redisStoreBytes));
      expect(written.equals(goldenBytes(c.input))).toBe(c.redisStoreWritesRaw);
    },
  );

  it.each(numerics.map((c) => [c.id, c] as const))(
    "%s: reads the stored bytes back as the same string",
    (_id, c) => {
      const stored = goldenBytes(c.redisStoreBytes);
      const expected = goldenBytes(c.input);
      const read = decodeCacheValue("k", stored);
      expect(Buffer.isBuffer(read) ? read : Buffer.from(read as string, "utf8")).toEqual(expected);
      expect(isDeepStrictEqual(decodeCachePlain("k", stored), toPlain(read))).toBe(true);
    },
  );

  it.each(floats.map((c) => [c.id, c] as const))(
    "%s: writes a float as PHP's precision-14 string (INF and NAN serialized)",
    (_id, c) => {
      const x = floatFromBits(c.value.bits);
      const written = bytesOf(encodeCacheValue(new PhpFloat(x)));
      expect(written).toEqual(goldenBytes(c.cacheStored));
      expect(written.toString("latin1") === phpFloatToString(x)).toBe(c.cacheStoredRaw);
    },
  );

  it.each(floats.map((c) => [c.id, c] as const))(
    "%s: reads a stored float back as Laravel does",
    (_id, c) => {
      const stored = goldenBytes(c.cacheStored);
      const read = decodeCacheValue("k", stored);
      if (c.cacheStoredRaw) expect(read).toBe(stored.toString("latin1"));
      else expect(Object.is((read as PhpFloat).value, floatFromBits(c.value.bits))).toBe(true);
    },
  );
});

const jsonish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string(),
    fc.string({ unit: "grapheme" }),
    fc.string({ unit: "binary", maxLength: 6 }),
    fc.constantFrom("", "0", "42", " 1", "1e999", "0x1A", ".5", "\uD800", "a\uDC00b", "héllo"),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 5 }), tie("value"), { maxKeys: 4 }),
  ),
})).value;

describe("the cache value codec, by property", () => {
  it("writes exactly serialize()'s bytes for every non-numeric value (the string fast path included)", () => {
    fc.assert(
      fc.property(jsonish, (value) => {
        const php = plainValues.toPhp(value);
        const serialized = attempt(() => serialize(php));
        const encoded = attempt(() => bytesOf(encodeCacheValue(php)));
        if ("error" in serialized) {
          // A lone surrogate has no UTF-8 form: refused the same way, never written mangled.
          expect("error" in encoded && encoded.error).toEqual(serialized.error);
          return;
        }
        if (!("value" in encoded)) throw encoded.error;
        const written = encoded.value;
        if (written.equals(serialized.value)) return;
        // Otherwise it was written raw: then it must be PHP-numeric text or a finite number.
        expect(typeof value === "number" || typeof value === "string").toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("writes plain values in one pass (toBytes) exactly as toPhp() + encodeCacheValue() does", () => {
    fc.assert(
      fc.property(fc.oneof(jsonish, fc.constant(undefined), phpValueArbitrary()), (value) => {
        const onePass = attempt(() => bytesOf(plainValues.toBytes(value)).toString("hex"));
        const twoSteps = attempt(() => bytesOf(encodeCacheValue(plainValues.toPhp(value))).toString("hex"));
        expect(onePass).toEqual(twoSteps);
      }),
      { numRuns: 1000 },
    );
  });

  it("reads back what it wrote: containers and strings exactly, top-level numbers as PHP's string", () => {
    fc.assert(
      fc.property(jsonish.filter(hasUtf8Form), (value) => {
        const php = plainValues.toPhp(value);
        const stored = bytesOf(encodeCacheValue(php));
        const read = decodeCachePlain("k", stored);
        expect(isDeepStrictEqual(read, toPlain(decodeCacheValue("k", stored)))).toBe(true);
        if (typeof value === "number" && Number.isFinite(value)) {
          expect(read).toBe(
            Number.isSafeInteger(value) ? String(value === 0 ? 0 : value) : phpFloatToString(value),
          );
        } else if (value !== null) {
          expect(isDeepStrictEqual(read, toPlain(fromPlain(value)))).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("round-trips every PHP value through the lossless php mapper", () => {
    fc.assert(
      fc.property(phpValueArbitrary(), (value) => {
        const stored = bytesOf(encodeCacheValue(value));
        const read = phpValues.fromBytes("k", stored);
        expect(isDeepStrictEqual(read, decodeCacheValue("k", stored))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same plain values from the bytes as from the PHP model, scalars included", () => {
    fc.assert(
      fc.property(phpValueArbitrary(), (value) => {
        const stored = bytesOf(encodeCacheValue(value));
        let viaModel: unknown;
        try {
          viaModel = plainValues.fromPhp(decodeCacheValue("k", stored));
        } catch (error) {
          expect(() => plainValues.fromBytes("k", stored)).toThrow((error as Error).constructor as never);
          return;
        }
        expect(isDeepStrictEqual(plainValues.fromBytes("k", stored), viaModel)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("maps plain scalars exactly as fromPlain()/toPlain() do", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.double(), fc.integer()),
        (value) => {
          expect(isDeepStrictEqual(plainValues.toPhp(value), fromPlain(value))).toBe(true);
          const php = fromPlain(value);
          expect(isDeepStrictEqual(plainValues.fromPhp(php), toPlain(php))).toBe(true);
        },
      ),
    );
  });
});

describe("values the bridge cannot read", () => {
  it.each([
    ["igbinary", Buffer.from([0, 0, 0, 2, 0x11, 0x03, 0x61, 0x62, 0x63])],
    ["json", Buffer.from('{"a":1}')],
    ["zstd", Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x01, 0x09, 0x00])],
    ["unknown", Buffer.from("hello")],
  ] as const)("fail loudly as %s, naming the Laravel setting, without quoting the bytes", (format, bytes) => {
    for (const decode of [decodeCacheValue, decodeCachePlain]) {
      const error = (() => {
        try {
          decode("user:1", bytes);
        } catch (e) {
          return e;
        }
        return undefined;
      })() as CacheFormatError;
      expect(error).toBeInstanceOf(CacheFormatError);
      expect(error.format).toBe(format);
      expect(error.key).toBe("user:1");
      expect(error.message).toMatch(/database\.redis\.options\.(serializer|compression)/);
      expect(error.message).not.toContain(bytes.toString("latin1").slice(1));
    }
  });
});
