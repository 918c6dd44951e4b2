/**
 * PHP's `d:` grammar (ext/standard/var_unserializer.re, as observed on PHP 8.2): `1.5`, `.5`, `5.`,
 * `-1.0E+25`, `5e3`, `NAN`, `INF`, `-INF`, then `;`. Values come out as strtod would give them.
 */
import type { ByteReader } from "./byte-reader.js";
import { PhpFloat } from "./values.js";

const SEMICOLON = 0x3b;
const POWERS_OF_TEN: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

const FLOAT_WORDS: ReadonlyArray<readonly [string, number]> = [
  ["NAN;", Number.NaN],
  ["INF;", Number.POSITIVE_INFINITY],
  ["-INF;", Number.NEGATIVE_INFINITY],
];

/** After `d:`: PHP's float grammar (`1.5`, `.5`, `5.`, `-1.0E+25`, `5e3`, `NAN`, `INF`, `-INF`) then `;`. */
export function readPhpFloat(reader: ByteReader): PhpFloat {
  const buf = reader.buf;
  const start = reader.pos;
  let p = start;
  let c = buf[p] as number;
  if (c === 0x4e || c === 0x49 || (c === 0x2d && buf[p + 1] === 0x49)) return readFloatWord(reader, start);
  const negative = c === 0x2d;
  if (negative || c === 0x2b) c = buf[++p] as number;
  let digits = 0;
  let mantissa = 0;
  let fractionDigits = 0;
  while (c >= 0x30 && c <= 0x39) {
    mantissa = mantissa * 10 + (c - 0x30);
    digits++;
    c = buf[++p] as number;
  }
  if (c === 0x2e) {
    c = buf[++p] as number;
    while (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      fractionDigits++;
      c = buf[++p] as number;
    }
  }
  if (digits === 0) reader.fail("a float", p);
  let exact = digits <= 15;
  if (c === 0x65 || c === 0x45) {
    exact = false;
    c = buf[++p] as number;
    if (c === 0x2b || c === 0x2d) c = buf[++p] as number;
    const exponentStart = p;
    while (c >= 0x30 && c <= 0x39) c = buf[++p] as number;
    if (p === exponentStart) reader.fail("exponent digits", p);
  }
  if (c !== SEMICOLON) reader.fail('";"', p);
  reader.pos = p + 1;
  // Clinger's fast path: up to 15 digits the mantissa is an exact integer and 10^k (k <= 22) an
  // exact double, so one division is correctly rounded, the same double strtod gives.
  if (exact && fractionDigits <= 22) {
    const value = mantissa / (POWERS_OF_TEN[fractionDigits] as number);
    return new PhpFloat(negative ? -value : value);
  }
  // The grammar above is a subset of what Number() parses, with the same value (1e400 → INF).
  return new PhpFloat(Number(buf.latin1Slice(start, p)));
}

function readFloatWord(reader: ByteReader, start: number): PhpFloat {
  for (const [word, value] of FLOAT_WORDS) {
    let i = 0;
    while (i < word.length && reader.buf[start + i] === word.charCodeAt(i)) i++;
    if (i === word.length) {
      reader.pos = start + word.length;
      return new PhpFloat(value);
    }
  }
  return reader.fail('a float ("NAN;", "INF;" or "-INF;")', start);
}
