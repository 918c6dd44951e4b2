/**
 * The key material of one Encrypter: the current key (`app.key`) and the previous keys
 * (`app.previous_keys`, Laravel 11+), held as KeyObjects so that neither `util.inspect` nor
 * `JSON.stringify` can print them.
 */
import { createSecretKey, type KeyObject } from "node:crypto";
import { ConfigError } from "../../errors/config-error.js";
import { type CipherSpec, LARAVEL_UNSUPPORTED_MESSAGE, resolveCipher } from "./ciphers.js";

export interface EncrypterKeys {
  readonly cipher: CipherSpec;
  /** Encrypts, and is tried first when decrypting. */
  readonly current: KeyObject;
  /** `getAllKeys()`: current first, then the previous keys in APP_PREVIOUS_KEYS order. */
  readonly all: readonly KeyObject[];
}

/**
 * Validates the cipher and every key length like `Encrypter::supported()`.
 * @throws ConfigError naming `APP_CIPHER`, `APP_KEY` or `APP_PREVIOUS_KEYS[i]`.
 */
export function loadKeys(
  key: Uint8Array,
  cipherName: string,
  previous: readonly Uint8Array[],
): EncrypterKeys {
  const cipher = resolveCipher(cipherName);
  const current = secretKey(key, cipher, "APP_KEY");
  const all = [current, ...previous.map((k, i) => secretKey(k, cipher, `APP_PREVIOUS_KEYS[${i}]`))];
  return { cipher, current, all };
}

/** The ConfigError for a key of the wrong size: lengths only, never a byte of the key. */
export function keyLengthError(variable: string, cipher: CipherSpec, got: number, hint = ""): ConfigError {
  return new ConfigError(
    variable,
    `must be ${cipher.keyLength} bytes for ${cipher.name}, got ${got}${hint ? ` (${hint})` : ""}. ` +
      `Use the Laravel app's own value, "base64:" prefix included. Laravel: "${LARAVEL_UNSUPPORTED_MESSAGE}"`,
  );
}

function secretKey(key: Uint8Array, cipher: CipherSpec, variable: string): KeyObject {
  if (!(key instanceof Uint8Array)) {
    throw keyLengthError(
      variable,
      cipher,
      0,
      "not bytes: pass the raw key, or use Encrypter.fromAppKey() for APP_KEY text",
    );
  }
  if (key.length !== cipher.keyLength) throw keyLengthError(variable, cipher, key.length);
  return createSecretKey(key);
}
