import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateKey } from "../../../../src/codecs/encrypter/app-key.js";
import {
  cookieValuePrefix,
  decryptCookie,
  decryptXsrfToken,
  encryptCookie,
  removeCookieValuePrefix,
} from "../../../../src/codecs/encrypter/cookie-value.js";
import { Encrypter } from "../../../../src/codecs/encrypter/encrypter.js";

const cookieName = fc.string({ minLength: 1, maxLength: 30 });

describe("encrypted cookies", () => {
  const key = generateKey();
  const encrypter = new Encrypter(key, "AES-256-CBC");

  it("reads back every value it wrote for the same cookie name", () => {
    fc.assert(
      fc.property(cookieName, fc.string({ unit: "grapheme" }), (name, value) => {
        expect(decryptCookie(name, encryptCookie(name, value, encrypter), encrypter)).toBe(value);
      }),
      { numRuns: 200 },
    );
  });

  it("reads a cookie moved to another name as null", () => {
    fc.assert(
      fc.property(cookieName, cookieName, (name, other) => {
        fc.pre(name !== other);
        expect(decryptCookie(other, encryptCookie(name, "session-id", encrypter), encrypter)).toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  it("computes the prefix as hash_hmac('sha1', name.'v2', key).'|' for bytes, KeyObjects and Encrypters", () => {
    const expected = `${createHmac("sha1", key).update("laravel_sessionv2").digest("hex")}|`;
    expect(cookieValuePrefix("laravel_session", key)).toBe(expected);
    expect(cookieValuePrefix("laravel_session", encrypter)).toBe(expected);
  });

  it("accepts a cookie written before a key rotation, prefixed with the previous key", () => {
    const oldKey = generateKey();
    const old = new Encrypter(oldKey, "AES-256-CBC");
    const rotated = new Encrypter(generateKey(), "AES-256-CBC", { previousKeys: [oldKey] });
    expect(decryptCookie("theme", encryptCookie("theme", "dark", old), rotated)).toBe("dark");
  });

  it("reads a cookie that is not an encrypter payload, or a plain encryptString, as null", () => {
    expect(decryptCookie("theme", "dark", encrypter)).toBeNull();
    expect(decryptCookie("theme", encrypter.encryptString("dark"), encrypter)).toBeNull();
  });

  it("takes the X-XSRF-TOKEN token after the 41-byte prefix, and null when it does not decrypt", () => {
    expect(decryptXsrfToken(encryptCookie("XSRF-TOKEN", "tok", encrypter), encrypter)).toBe("tok");
    expect(decryptXsrfToken("garbage", encrypter)).toBeNull();
    expect(removeCookieValuePrefix(`${"a".repeat(40)}|ü`)).toBe("ü");
  });
});
