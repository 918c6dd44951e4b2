/**
 * The checks and key search of `Encrypter::decrypt()` once the payload is parsed, in the order of the
 * Laravel version (encrypter-rules.ts): CBC MAC against every key (current first), the tag rule,
 * then OpenSSL. The MAC is compared in constant time, like `hash_equals()`.
 */
import { createHmac, type KeyObject, timingSafeEqual } from "node:crypto";
import { DecryptError } from "../../errors/decrypt-error.js";
import { aesDecrypt } from "./aes.js";
import type { CipherSpec } from "./ciphers.js";
import type { DecryptRules } from "./encrypter-rules.js";
import type { EncrypterKeys } from "./keys.js";
import type { EncryptedPayload } from "./payload.js";

/** The plaintext bytes. @throws DecryptError (`mac`, `tag`, `cipher`) */
export function decryptPayload(keys: EncrypterKeys, rules: DecryptRules, payload: EncryptedPayload): Buffer {
  const cipher = keys.cipher;
  let macKey: KeyObject | undefined;
  if (!cipher.aead && rules.macBeforeTag) macKey = findMacKey(keys, payload);
  ensureTagIsValid(cipher, payload.tag);
  if (!cipher.aead) {
    // Deliberately stricter than 12.x (and like 13.x): only the key whose MAC matched decrypts,
    // instead of also trying the following keys when that one fails. Same outcome for every payload
    // not forged with one of our keys.
    macKey ??= findMacKey(keys, payload);
    return aesDecrypt(cipher, macKey, payload);
  }
  // GCM: the first key that decrypts (and so authenticates) wins.
  let failure: unknown;
  for (const key of keys.all) {
    try {
      return aesDecrypt(cipher, key, payload);
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}

/** `hash_hmac('sha256', $iv.$value, $key)`: lower-case hex over the base64 texts. */
export function macFor(key: KeyObject, ivText: string, value: string): string {
  return createHmac("sha256", key).update(ivText).update(value).digest("hex");
}

/** The first key (current, then previous) whose HMAC matches. */
function findMacKey(keys: EncrypterKeys, payload: EncryptedPayload): KeyObject {
  if (payload.value !== null && payload.mac !== null) {
    const given = Buffer.from(payload.mac, "utf8");
    for (const key of keys.all) {
      const expected = Buffer.from(macFor(key, payload.ivText, payload.value), "latin1");
      if (given.length === expected.length && timingSafeEqual(given, expected)) return key;
    }
  }
  throw new DecryptError("mac");
}

/** `ensureTagIsValid()`: GCM needs a 16-byte tag, CBC must not carry one. */
function ensureTagIsValid(cipher: CipherSpec, tag: Buffer | null): void {
  if (cipher.aead && (tag === null || tag.length !== 16)) throw new DecryptError("cipher");
  if (!cipher.aead && tag !== null) throw new DecryptError("tag");
}
