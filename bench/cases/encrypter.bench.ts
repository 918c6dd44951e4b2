/**
 * Laravel cookie encryption (EncryptCookies format, AES-256-CBC + HMAC-SHA256) of a 40-character
 * session id: encrypt for a Set-Cookie, decrypt (with the prefix check) for an incoming request.
 * Goal: ≥ 50k ops/s each on one core. Each is compared with the bare Node crypto floor: the same AES
 * and HMAC calls without Laravel's base64/JSON framing or checks.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { generateKey } from "../../src/codecs/encrypter/app-key.js";
import { decryptCookie, encryptCookie } from "../../src/codecs/encrypter/cookie-value.js";
import { Encrypter } from "../../src/codecs/encrypter/encrypter.js";
import type { BenchSuite } from "../runner.js";

const key = generateKey("AES-256-CBC");
const encrypter = new Encrypter(key, "AES-256-CBC");
const name = "laravel_session";
const sessionId = "rbc3eFeU5iytMt8blMDgxBWyD5wk7cIFPIwDD1OC";
const cookie = encryptCookie(name, sessionId, encrypter);
const plaintext = Buffer.from(`${"0".repeat(40)}|${sessionId}`);
const floorIv = randomBytes(16);
const floorCipher = createCipheriv("aes-256-cbc", key, floorIv);
const floorCiphertext = Buffer.concat([floorCipher.update(plaintext), floorCipher.final()]);

// The floors skip the RNG (a fixed IV) and all framing: pure AES-256-CBC plus HMAC-SHA256.
function floorEncrypt(): string {
  const cipher = createCipheriv("aes-256-cbc", key, floorIv);
  const value = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return createHmac("sha256", key).update(floorIv).update(value).digest("hex");
}

function floorDecrypt(): Buffer {
  createHmac("sha256", key).update(floorIv).update(floorCiphertext).digest();
  const decipher = createDecipheriv("aes-256-cbc", key, floorIv);
  return Buffer.concat([decipher.update(floorCiphertext), decipher.final()]);
}

export const suite: BenchSuite = {
  name: "encrypter",
  setup() {
    if (decryptCookie(name, cookie, encrypter) !== sessionId) throw new Error("cookie does not round-trip");
  },
  cases: [
    {
      group: "cookie encrypt (AES-256-CBC)",
      name: "encryptCookie",
      fn: () => encryptCookie(name, sessionId, encrypter),
    },
    { group: "cookie encrypt (AES-256-CBC)", name: "node:crypto AES+HMAC floor", fn: floorEncrypt },
    {
      group: "cookie decrypt (AES-256-CBC)",
      name: "decryptCookie",
      fn: () => decryptCookie(name, cookie, encrypter),
    },
    { group: "cookie decrypt (AES-256-CBC)", name: "node:crypto AES+HMAC floor", fn: floorDecrypt },
  ],
};
