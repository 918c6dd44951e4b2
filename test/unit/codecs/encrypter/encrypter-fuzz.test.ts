import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateKey } from "../../../../src/codecs/encrypter/app-key.js";
import {
  decryptCookie,
  decryptXsrfToken,
  encryptCookie,
} from "../../../../src/codecs/encrypter/cookie-value.js";
import { Encrypter } from "../../../../src/codecs/encrypter/encrypter.js";
import { decodeCookieValue } from "../../../../src/codecs/encrypter/set-cookie.js";
import { DecryptError } from "../../../../src/errors/decrypt-error.js";
import { mutatedPayload } from "./payload-mutations.js";

// FUZZ_RUNS=100000 npx vitest run test/unit/codecs/encrypter/encrypter-fuzz.test.ts for a long run.
const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
const MAX_MS_PER_CALL = 100;
// A long run needs more than vitest's default 5 s per test.
const timeout = Math.max(10_000, RUNS * 5);

function timed<T>(fn: () => T): T {
  const start = performance.now();
  const result = fn();
  expect(performance.now() - start).toBeLessThan(MAX_MS_PER_CALL);
  return result;
}

function outcome(fn: () => unknown): "value" | "decrypt-error" {
  try {
    timed(fn);
    return "value";
  } catch (error) {
    if (error instanceof DecryptError) return "decrypt-error";
    throw error;
  }
}

describe.each(["AES-256-CBC", "AES-256-GCM"] as const)("%s decryption of hostile input", (cipher) => {
  const key = generateKey(cipher);
  const encrypter = new Encrypter(key, cipher, { previousKeys: [generateKey(cipher)] });
  const v8 = new Encrypter(key, cipher, { laravelVersion: 8 });
  const payloads = ['s:5:"hello";', "", "ü".repeat(30)].map((v) => encrypter.encryptString(v));
  const cookies = [encryptCookie("laravel_session", "a".repeat(40), encrypter)];

  it(
    "ends in a value or a DecryptError, quickly, for every mutated payload and both rule sets",
    () => {
      const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).join();
      fc.assert(
        fc.property(mutatedPayload(payloads, key, cipher.endsWith("CBC")), (payload) => {
          expect(["value", "decrypt-error"]).toContain(outcome(() => encrypter.decryptBytes(payload)));
          expect(["value", "decrypt-error"]).toContain(outcome(() => v8.decryptBytes(payload)));
        }),
        { numRuns: RUNS },
      );
      expect(Object.getOwnPropertyNames(Object.prototype).join()).toBe(prototypeKeys);
    },
    timeout,
  );

  it(
    "reads every mutated cookie or X-XSRF-TOKEN as a string or null, never an exception",
    () => {
      fc.assert(
        fc.property(mutatedPayload([...cookies, ...payloads], key, cipher.endsWith("CBC")), (value) => {
          const read = timed(() => decryptCookie("laravel_session", decodeCookieValue(value), encrypter));
          expect(read === null || typeof read === "string").toBe(true);
          const token = timed(() => decryptXsrfToken(value, encrypter));
          expect(token === null || typeof token === "string").toBe(true);
        }),
        { numRuns: Math.ceil(RUNS / 3) },
      );
    },
    timeout,
  );

  it("rejects huge and deeply nested payloads in bounded time without overflowing the stack", () => {
    const b64 = (text: string) => Buffer.from(text).toString("base64");
    const hostile = [
      b64("[".repeat(200_000)),
      b64(`{"iv":${"[".repeat(100_000)}${"]".repeat(100_000)}}`),
      b64(`{"iv":"${"A".repeat(2_000_000)}","value":"","mac":""}`),
      "%".repeat(1_000_000),
      b64(JSON.stringify({ iv: "\\ud800".repeat(1000), value: "", mac: "" })),
    ];
    for (const payload of hostile) {
      const start = performance.now();
      expect(() => encrypter.decryptBytes(payload)).toThrow(DecryptError);
      expect(performance.now() - start).toBeLessThan(1000);
    }
  });
});
