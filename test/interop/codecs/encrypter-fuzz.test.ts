import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { generateKey } from "../../../src/codecs/encrypter/app-key.js";
import { Encrypter } from "../../../src/codecs/encrypter/encrypter.js";
import { DecryptError } from "../../../src/errors/decrypt-error.js";
import { assertPhpLaravelInstalled } from "../../helpers/php.js";
import { mutatedPayload } from "../../unit/codecs/encrypter/payload-mutations.js";
import { runPhpEncrypter } from "./encrypter-php.js";

const DECRYPT_EXCEPTION = "Illuminate\\Contracts\\Encryption\\DecryptException";

function ours(encrypter: Encrypter, payload: string): { ok: Buffer } | { error: unknown } {
  try {
    return { ok: encrypter.decryptBytes(payload) };
  } catch (error) {
    return { error };
  }
}

/** Whether the payload's JSON has an iv/value/mac/tag that is present but not a string. */
function hasNonStringField(payload: string): boolean {
  try {
    const json = JSON.parse(Buffer.from(payload, "base64").toString("utf8")) as Record<string, unknown>;
    return ["iv", "value", "mac", "tag"].some((f) => f in json && typeof json[f] !== "string");
  } catch {
    return false;
  }
}

describe("damaged payloads: our decrypt() against Laravel 8.83's, side by side", () => {
  beforeAll(() => assertPhpLaravelInstalled());

  it.each(["AES-256-CBC", "AES-128-GCM"] as const)(
    "%s: the same value or the same DecryptException message for every mutation",
    async (cipher) => {
      const key = generateKey(cipher);
      const encrypter = new Encrypter(key, cipher, { laravelVersion: 8 });
      const payloads = ["zekixxxxx", "", "a/b+c?", "x".repeat(40)].map((v) => encrypter.encryptString(v));
      const batch = fc.array(mutatedPayload(payloads, key, cipher.endsWith("CBC")), {
        minLength: 150,
        maxLength: 150,
      });
      await fc.assert(
        fc.asyncProperty(batch, async (mutated) => {
          const php = await runPhpEncrypter(
            mutated.map((payload) => ({ op: "decryptString", key, cipher, payload })),
          );
          mutated.forEach((payload, i) => {
            const theirs = php[i];
            const mine = ours(encrypter, payload);
            const context = { payload, theirs };
            if (
              theirs?.ok &&
              "error" in mine &&
              mine.error instanceof DecryptError &&
              hasNonStringField(payload)
            ) {
              // Deliberate: PHP 8 coerces a JSON `false`/number `value` or `iv` to a string ("" decrypts an
              // empty message); we accept only string fields, as Laravel 11+ checks. Refusing is the safe side.
            } else if (theirs?.ok) {
              expect("ok" in mine ? mine.ok.toString("base64") : mine.error, JSON.stringify(context)).toBe(
                theirs.plaintext,
              );
            } else if (theirs?.class === DECRYPT_EXCEPTION) {
              expect("error" in mine && mine.error instanceof DecryptError, JSON.stringify(context)).toBe(
                true,
              );
              expect((mine as { error: Error }).error.message, JSON.stringify(context)).toBe(theirs.message);
            } else {
              // PHP 8.x raised a TypeError (a non-string field reached base64_decode or hash_equals):
              // a 500 in Laravel, a typed DecryptError here.
              expect("error" in mine && mine.error instanceof DecryptError, JSON.stringify(context)).toBe(
                true,
              );
            }
          });
        }),
        { numRuns: 3 },
      );
    },
  );
});
