/**
 * The OpenSSL calls inside `Encrypter::encrypt()` / `decrypt()`: `openssl_encrypt($plaintext, $cipher,
 * $key, 0, $iv, $tag)` and `openssl_decrypt($value, …)`. Option 0 means the ciphertext travels as
 * base64, which openssl_decrypt reads leniently like `base64_decode()`.
 */
import { createCipheriv, createDecipheriv, type KeyObject } from "node:crypto";
import { DecryptError } from "../../errors/decrypt-error.js";
import type { CipherSpec } from "./ciphers.js";
import type { EncryptedPayload } from "./payload.js";
import { phpBase64Decode } from "./php-base64.js";

const GCM_TAG_LENGTH = 16;

/** Encrypts `plaintext`; `value` and `tag` come back base64 as Laravel stores them (`tag` "" for CBC). */
export function aesEncrypt(
  cipher: CipherSpec,
  key: KeyObject,
  iv: Uint8Array,
  plaintext: Uint8Array,
): { value: string; tag: string } {
  if (cipher.aead) {
    const gcm = createCipheriv(cipher.openssl as "aes-256-gcm", key, iv, { authTagLength: GCM_TAG_LENGTH });
    const value = Buffer.concat([gcm.update(plaintext), gcm.final()]).toString("base64");
    return { value, tag: gcm.getAuthTag().toString("base64") };
  }
  const cbc = createCipheriv(cipher.openssl, key, iv);
  return { value: Buffer.concat([cbc.update(plaintext), cbc.final()]).toString("base64"), tag: "" };
}

/**
 * Decrypts the payload's `value` with one key. CBC padding errors and GCM tag mismatches are
 * Laravel's "Could not decrypt the data."
 * @throws DecryptError (`cipher`)
 */
export function aesDecrypt(cipher: CipherSpec, key: KeyObject, payload: EncryptedPayload): Buffer {
  // Only 8.x lets a non-string value get this far; PHP then fails in openssl_decrypt as well.
  if (payload.value === null) throw new DecryptError("cipher");
  const ciphertext = phpBase64Decode(payload.value);
  try {
    if (cipher.aead) {
      const gcm = createDecipheriv(cipher.openssl as "aes-256-gcm", key, payload.iv, {
        authTagLength: GCM_TAG_LENGTH,
      });
      gcm.setAuthTag(payload.tag ?? Buffer.alloc(0));
      return Buffer.concat([gcm.update(ciphertext), gcm.final()]);
    }
    const cbc = createDecipheriv(cipher.openssl, key, payload.iv);
    return Buffer.concat([cbc.update(ciphertext), cbc.final()]);
  } catch (error) {
    throw new DecryptError("cipher", { cause: error });
  }
}
