import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PhpUnserializeError, serialize, toPlain, unserialize } from "../../../../src/codecs/php/index.js";
import { GOLDEN_VERSIONS, type GoldenBytes, goldenBytes, loadGolden } from "../../../helpers/golden.js";

// The corpus: every golden payload (real PHP output, sessions and job commands among them),
// wrapped as reliability-catalogue §8.1 suggests (bare, inside s:N:"…"; and inside a session array).
const seeds: Buffer[] = GOLDEN_VERSIONS.flatMap((v) =>
  loadGolden<{ cases: Array<{ bytes: GoldenBytes }> }>(v, "serialize").cases.map((c) => goldenBytes(c.bytes)),
).filter((b) => b.length < 4096);
const wrapped = seeds.flatMap((b) => [
  b,
  Buffer.concat([Buffer.from(`s:${b.length}:"`), b, Buffer.from('";')]),
  Buffer.concat([Buffer.from('a:2:{s:6:"_token";s:3:"abc";s:9:"__proto__";'), b, Buffer.from("}")]),
]);

/** radamsa-style mutations: byte flips, inserts, deletes, digit nudges (length ±1), type swaps. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    op: fc.constant("insert" as const),
    at: fc.nat(),
    byte: fc.constantFrom(0x3a, 0x3b, 0x7b, 0x7d, 0x22, 0x30, 0x39),
  }),
  fc.record({ op: fc.constant("delete" as const), at: fc.nat(), byte: fc.constant(0) }),
  fc.record({ op: fc.constant("digit" as const), at: fc.nat(), byte: fc.constantFrom(-1, 1) }),
  fc.record({
    op: fc.constant("type" as const),
    at: fc.nat(),
    byte: fc.constantFrom(...Buffer.from("NbidsaOCErRS")),
  }),
);

function mutate(input: Buffer, ops: Array<{ op: string; at: number; byte: number }>): Buffer {
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
    } else if (op === "type") {
      const colon = b.indexOf(0x3a, i);
      if (colon > 0) b[colon - 1] = byte;
    }
  }
  return b;
}

/** The only acceptable outcomes: a value (that re-serializes) or a PhpUnserializeError, quickly. */
function check(input: Buffer): void {
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).join();
  const started = performance.now();
  try {
    const value = unserialize(input, { maxDepth: 64 });
    serialize(value);
    try {
      toPlain(value);
    } catch (error) {
      if (!(error instanceof Error && error.name === "PhpConversionError")) throw error;
    }
  } catch (error) {
    if (!(error instanceof PhpUnserializeError)) throw error;
  }
  expect(performance.now() - started).toBeLessThan(250);
  expect(Object.getOwnPropertyNames(Object.prototype).join()).toBe(prototypeKeys);
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
}

describe("unserialize under fuzzing", () => {
  it("gives a value or a PhpUnserializeError for mutated golden payloads, quickly, without side effects", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...wrapped),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (seed, ops) => check(mutate(seed, ops)),
      ),
      { numRuns: 3000 },
    );
  });

  it("gives a value or a PhpUnserializeError for random bytes and random grammar soup", () => {
    const soup = fc
      .array(
        fc.constantFrom(
          "a:1:{",
          "i:0;",
          's:1:"x";',
          "}",
          'O:1:"A":1:{',
          "r:1;",
          "R:2;",
          "d:1.5;",
          "N;",
          "b:1;",
          'E:3:"A:B";',
          'C:1:"A":1:{x}',
        ),
        { maxLength: 12 },
      )
      .map((parts) => Buffer.from(parts.join(""), "latin1"));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
          soup,
        ),
        check,
      ),
      {
        numRuns: 3000,
      },
    );
  });

  it("refuses every truncation of a real session payload", () => {
    const session = Buffer.from(
      'a:4:{s:6:"_token";s:40:"m0qV7rjBaRUZA28tlIHLKKXwaXkw32n6XB1mz2up";s:9:"_previous";a:1:{s:3:"url";s:26:"http://localhost/dashboard";}s:6:"_flash";a:2:{s:3:"new";a:0:{}s:3:"old";a:1:{i:0;s:6:"status";}}s:6:"errors";O:31:"Illuminate\\Support\\ViewErrorBag":1:{s:7:"\0*\0bags";a:0:{}}}',
      "latin1",
    );
    expect(unserialize(session)).toBeDefined();
    for (let end = 0; end < session.length; end++) {
      expect(() => unserialize(session.subarray(0, end))).toThrow(PhpUnserializeError);
    }
  });
});
