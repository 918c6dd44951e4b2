import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { generateKey } from "../../../src/codecs/encrypter/app-key.js";
import type { CipherName } from "../../../src/codecs/encrypter/ciphers.js";
import { decryptCookie, encryptCookie } from "../../../src/codecs/encrypter/cookie-value.js";
import { Encrypter } from "../../../src/codecs/encrypter/encrypter.js";
import { decodeCookieValue, encodeSetCookieValue } from "../../../src/codecs/encrypter/set-cookie.js";
import { assertPhpLaravelInstalled, runPhp } from "../../helpers/php.js";
import { resultBytes, runPhpEncrypter } from "./encrypter-php.js";

const CIPHERS: CipherName[] = ["AES-128-CBC", "AES-256-CBC", "AES-128-GCM", "AES-256-GCM"];
const plaintext = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 60 }).map((s) => Buffer.from(s, "utf8")),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
);
// One PHP process per run: each run checks a whole batch of values.
const batch = fc.array(plaintext, { minLength: 40, maxLength: 40 });

describe("the encrypter against Laravel 8.83's Illuminate\\Encryption\\Encrypter", () => {
  beforeAll(() => assertPhpLaravelInstalled());

  it.each(CIPHERS)(
    "%s: Laravel decryptString()s every payload our encryptString() writes",
    async (cipher) => {
      await fc.assert(
        fc.asyncProperty(batch, async (values) => {
          const key = generateKey(cipher);
          const ours = new Encrypter(key, cipher);
          const payloads = values.map((v) => ours.encryptString(v));
          const results = await runPhpEncrypter(
            payloads.map((payload) => ({ op: "decryptString", key, cipher, payload })),
          );
          for (const [i, result] of results.entries()) {
            expect(resultBytes(result, "plaintext")).toEqual(values[i]);
          }
        }),
        { numRuns: 2 },
      );
    },
  );

  it.each(CIPHERS)("%s: we decrypt every payload Laravel's encryptString() writes", async (cipher) => {
    await fc.assert(
      fc.asyncProperty(batch, async (values) => {
        const key = generateKey(cipher);
        const ours = new Encrypter(key, cipher, { laravelVersion: 8 });
        const results = await runPhpEncrypter(
          values.map((v) => ({ op: "encryptString", key, cipher, plaintext: v })),
        );
        results.forEach((result, i) => {
          if (!result.ok || result.payload === undefined) throw new Error(JSON.stringify(result));
          expect(ours.decryptBytes(result.payload)).toEqual(values[i]);
        });
      }),
      { numRuns: 2 },
    );
  });

  it.each(CIPHERS)(
    "%s: after a key rotation we read Laravel's old-key payloads and Laravel reads our new ones",
    async (cipher) => {
      // Laravel 8.83 has no APP_PREVIOUS_KEYS: PHP uses the one key it has, old or new.
      const oldKey = generateKey(cipher);
      const newKey = generateKey(cipher);
      const rotated = new Encrypter(newKey, cipher, { previousKeys: [oldKey] });
      const fromPhp = await runPhpEncrypter([
        { op: "encryptString", key: oldKey, cipher, plaintext: Buffer.from("old") },
      ]);
      const oldPayload = fromPhp[0]?.ok ? (fromPhp[0].payload ?? "") : "";
      expect(rotated.decryptString(oldPayload)).toBe("old");
      const ours = rotated.encryptString("new");
      const [withNew, withOld] = await runPhpEncrypter([
        { op: "decryptString", key: newKey, cipher, payload: ours },
        { op: "decryptString", key: oldKey, cipher, payload: ours },
      ]);
      expect(resultBytes(withNew, "plaintext").toString()).toBe("new");
      expect(withOld).toMatchObject({
        ok: false,
        class: "Illuminate\\Contracts\\Encryption\\DecryptException",
      });
    },
  );

  it("writes cookies Laravel decrypts to the prefixed value, and reads Laravel's", async () => {
    const key = generateKey();
    const ours = new Encrypter(key, "AES-256-CBC");
    const names = ["laravel_session", "XSRF-TOKEN", "remember_web_59ba36addc2b2f9401580f014c7f58ea4e30989d"];
    const cookies = names.map((name) => encryptCookie(name, `value of ${name}`, ours));
    const results = await runPhpEncrypter(
      cookies.map((payload) => ({ op: "decryptString", key, cipher: "AES-256-CBC", payload })),
    );
    results.forEach((result, i) => {
      const plaintextBytes = resultBytes(result, "plaintext").toString();
      expect(plaintextBytes.slice(41)).toBe(`value of ${names[i]}`);
      expect(decryptCookie(names[i] ?? "", cookies[i] ?? "", ours)).toBe(`value of ${names[i]}`);
    });
  });

  it("encodes cookie values so PHP's urldecode gives back the exact bytes, as rawurlencode would", async () => {
    const values = fc.sample(fc.string({ unit: "grapheme", maxLength: 40 }), 300);
    values.push("eyJpdiI6IkFBQSIsInZhbHVlIjoiKy8rLyJ9+/=", "a b+c%d", "");
    const answer = await runPhp<{ decoded: string[]; rawurlencoded: string[] }>("encrypter-urlencode", {
      encoded: values.map(encodeSetCookieValue),
      plain: values.map((v) => Buffer.from(v, "utf8").toString("base64")),
    });
    values.forEach((value, i) => {
      expect(Buffer.from(answer.decoded[i] ?? "", "base64").toString("utf8")).toBe(value);
      expect(encodeSetCookieValue(value)).toBe(answer.rawurlencoded[i]);
      expect(decodeCookieValue(answer.rawurlencoded[i] ?? "")).toBe(value);
    });
  });
});
