import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PhpUnserializeError, unserialize } from "../../../../src/codecs/php/index.js";
import {
  fuzzOne,
  fuzzSeeds,
  grammarSoupArbitrary,
  mutate,
  mutationArbitrary,
} from "../../../helpers/php-fuzz.js";

// The short run; `npx tsx scripts/fuzz-php.ts --seconds 600` is the long one.
const seeds = fuzzSeeds();

describe("unserialize under fuzzing", () => {
  it("gives a value or a PhpUnserializeError for mutated golden payloads, quickly, without side effects", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }),
        (seed, ops) => {
          fuzzOne(mutate(seed, ops));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("gives a value or a PhpUnserializeError for random bytes and random grammar soup", () => {
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
      grammarSoupArbitrary,
    );
    fc.assert(
      fc.property(input, (bytes) => {
        fuzzOne(bytes);
      }),
      { numRuns: 3000 },
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

  it("refuses hostile sizes fast: a 1 M-element array claim, 100 000 nested arrays, a 100 MB string claim", () => {
    const started = performance.now();
    expect(() => unserialize("a:1000000:{i:0;N;}")).toThrow(PhpUnserializeError);
    expect(() => unserialize("a:1:{i:0;".repeat(100_000))).toThrow(PhpUnserializeError);
    expect(() => unserialize('s:104857600:"x";')).toThrow(PhpUnserializeError);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
