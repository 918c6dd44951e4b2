import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { generateKey } from "../../../src/codecs/encrypter/app-key.js";
import type { CipherName } from "../../../src/codecs/encrypter/ciphers.js";
import { Encrypter } from "../../../src/codecs/encrypter/encrypter.js";
import {
  PhpArray,
  type PhpArrayKey,
  PhpFloat,
  PhpObject,
  type PhpValue,
  serialize,
} from "../../../src/codecs/php/index.js";
import { assertPhpLaravelInstalled } from "../../helpers/php.js";
import { resultBytes, runPhpEncrypter } from "./encrypter-php.js";

const CIPHERS: CipherName[] = ["AES-128-CBC", "AES-256-CBC", "AES-128-GCM", "AES-256-GCM"];

const scalar: fc.Arbitrary<PhpValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.double().map((x) => new PhpFloat(x)),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b)),
);
const key: fc.Arbitrary<PhpArrayKey> = fc.oneof(
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.string({ maxLength: 8 }),
);
// PHP's unserialize() keeps the last of duplicate keys, so keys are unique as PHP would see them
// ("7" and 7 are the same key).
const samePhpKey = (k: PhpArrayKey) =>
  typeof k === "string" && /^(0|-?[1-9][0-9]*)$/.test(k) ? BigInt(k) : k;
const { value } = fc.letrec<{ value: PhpValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc
      .uniqueArray(fc.tuple(key, tie("value")), { maxLength: 4, selector: ([k]) => samePhpKey(k) })
      .map((entries) => new PhpArray(entries)),
    fc
      .uniqueArray(fc.tuple(fc.stringMatching(/^[a-z]{1,6}$/), tie("value")), {
        maxLength: 3,
        selector: ([n]) => n,
      })
      .map(
        (props) =>
          new PhpObject(
            "App\\Dto\\Payment",
            props.map(([name, v]) => ({ name, visibility: "public" as const, value: v })),
          ),
      ),
  ),
}));
const batch = fc.array(value, { minLength: 30, maxLength: 30 });

describe("encrypt()/decrypt() of PHP values against Laravel 8.83", () => {
  beforeAll(() => assertPhpLaravelInstalled());

  it.each(CIPHERS)("%s: Laravel decrypt()s our encrypt() to the same PHP value", async (cipher) => {
    await fc.assert(
      fc.asyncProperty(batch, async (values) => {
        const k = generateKey(cipher);
        const ours = new Encrypter(k, cipher);
        const results = await runPhpEncrypter(
          values.map((v) => ({ op: "decrypt", key: k, cipher, payload: ours.encrypt(v) })),
        );
        // PHP answers serialize() of what it decrypted: the same bytes means the same value.
        for (const [i, result] of results.entries()) {
          expect(resultBytes(result, "serialized")).toEqual(serialize(values[i] ?? null));
        }
      }),
      { numRuns: 2 },
    );
  });

  it.each(CIPHERS)(
    "%s: we decrypt() Laravel's encrypt() of a PHP value to the same value",
    async (cipher) => {
      await fc.assert(
        fc.asyncProperty(batch, async (values) => {
          const k = generateKey(cipher);
          const ours = new Encrypter(k, cipher, { laravelVersion: 8 });
          const results = await runPhpEncrypter(
            values.map((v) => ({ op: "encrypt", key: k, cipher, serialized: serialize(v) })),
          );
          for (const [i, result] of results.entries()) {
            if (!result.ok || result.payload === undefined) throw new Error(JSON.stringify(result));
            expect(serialize(ours.decrypt(result.payload))).toEqual(serialize(values[i] ?? null));
          }
        }),
        { numRuns: 2 },
      );
    },
  );
});
