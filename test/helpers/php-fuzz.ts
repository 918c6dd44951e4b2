/**
 * The PHP-unserializer fuzz corpus and oracle (reliability-catalogue.md §8.1), shared by the short
 * run in test/unit/codecs/php/fuzz.test.ts and the long one in scripts/fuzz-php.ts: golden
 * payloads (real PHP output) in three wrappers, radamsa-style mutations, and the only outcomes we
 * accept: a value that re-serializes, or a PhpUnserializeError, quickly, with no side effects.
 */
import fc from "fast-check";
import {
  PhpConversionError,
  PhpUnserializeError,
  serialize,
  toPlain,
  unserialize,
} from "../../src/codecs/php/index.js";
import { GOLDEN_VERSIONS, type GoldenBytes, goldenBytes, loadGolden } from "./golden.js";

/** Every golden payload, bare, inside `s:N:"…";` (cache double-serialization) and inside a session array. */
export function fuzzSeeds(): Buffer[] {
  const seeds = GOLDEN_VERSIONS.flatMap((v) =>
    loadGolden<{ cases: Array<{ bytes: GoldenBytes }> }>(v, "serialize").cases.map((c) =>
      goldenBytes(c.bytes),
    ),
  ).filter((b) => b.length < 4096);
  return seeds.flatMap((b) => [
    b,
    Buffer.concat([Buffer.from(`s:${b.length}:"`), b, Buffer.from('";')]),
    Buffer.concat([Buffer.from('a:2:{s:6:"_token";s:3:"abc";s:9:"__proto__";'), b, Buffer.from("}")]),
  ]);
}

export interface Mutation {
  op: "flip" | "insert" | "delete" | "digit" | "type";
  at: number;
  byte: number;
}

/** Byte flips, grammar-byte inserts, deletes, digit nudges (length ±1) and type-letter swaps. */
export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    op: fc.constant("insert" as const),
    at: fc.nat(),
    byte: fc.constantFrom(0x3a, 0x3b, 0x7b, 0x7d, 0x22, 0x30, 0x39, 0x00),
  }),
  fc.record({ op: fc.constant("delete" as const), at: fc.nat(), byte: fc.constant(0) }),
  fc.record({ op: fc.constant("digit" as const), at: fc.nat(), byte: fc.constantFrom(-1, 1) }),
  fc.record({
    op: fc.constant("type" as const),
    at: fc.nat(),
    byte: fc.constantFrom(...Buffer.from("NbidsaOCErRS")),
  }),
);

export function mutate(input: Buffer, ops: readonly Mutation[]): Buffer {
  let b = Buffer.from(input);
  for (const { op, at, byte } of ops) {
    if (b.length === 0) break;
    const i = at % b.length;
    if (op === "flip") b[i] = byte;
    else if (op === "insert") b = Buffer.concat([b.subarray(0, i), Buffer.from([byte]), b.subarray(i)]);
    else if (op === "delete") b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
    else if (op === "digit") {
      const d = b[i] as number;
      if (d >= 0x30 && d <= 0x39) b[i] = 0x30 + ((d - 0x30 + byte + 10) % 10);
    } else {
      const colon = b.indexOf(0x3a, i);
      if (colon > 0) b[colon - 1] = byte;
    }
  }
  return b;
}

/** Random grammar tokens glued together: reaches deeper than random bytes. */
export const grammarSoupArbitrary: fc.Arbitrary<Buffer> = fc
  .array(
    fc.constantFrom(
      "a:1:{",
      "a:2:{",
      "i:0;",
      "i:1;",
      's:1:"x";',
      's:1:"7";',
      "}",
      'O:1:"A":1:{',
      's:4:"\0*\0p";',
      "r:1;",
      "r:2;",
      "R:2;",
      "d:1.5;",
      "d:NAN;",
      "N;",
      "b:1;",
      'E:3:"A:B";',
      'C:1:"A":1:{x}',
      'S:1:"\\41";',
    ),
    { maxLength: 14 },
  )
  .map((parts) => Buffer.from(parts.join(""), "latin1"));

export interface FuzzOutcome {
  accepted: boolean;
  ms: number;
}

/**
 * Runs one input through unserialize → serialize → toPlain. Throws (an assertion-style Error) on
 * anything but a value or a PhpUnserializeError, on a slow call, or on a prototype change.
 */
export function fuzzOne(input: Buffer, timeBudgetMs = 1000): FuzzOutcome {
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).join();
  const started = performance.now();
  let accepted = false;
  try {
    const value = unserialize(input, { maxDepth: 64 });
    accepted = true;
    serialize(value);
    try {
      toPlain(value);
    } catch (error) {
      if (!(error instanceof PhpConversionError)) throw error;
    }
  } catch (error) {
    if (!(error instanceof PhpUnserializeError) || accepted) {
      throw new Error(`fuzz input ${input.toString("base64")} failed with ${String(error)}`, {
        cause: error,
      });
    }
  }
  const ms = performance.now() - started;
  if (ms > timeBudgetMs) throw new Error(`fuzz input ${input.toString("base64")} took ${ms.toFixed(1)} ms`);
  if (Object.getOwnPropertyNames(Object.prototype).join() !== prototypeKeys) {
    throw new Error(`fuzz input ${input.toString("base64")} changed Object.prototype`);
  }
  if (({} as Record<string, unknown>).isAdmin !== undefined) {
    throw new Error(`fuzz input ${input.toString("base64")} polluted the prototype`);
  }
  return { accepted, ms };
}
