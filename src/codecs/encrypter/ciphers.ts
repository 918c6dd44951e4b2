/**
 * The four ciphers Laravel's `Encrypter` supports (`Encrypter::$supportedCiphers`), with the byte
 * sizes PHP's openssl uses: CBC takes a 16-byte IV and is authenticated by an HMAC-SHA256 `mac`;
 * GCM takes a 12-byte IV (`openssl_cipher_iv_length`) and carries a 16-byte `tag` instead.
 */
import { getCiphers } from "node:crypto";
import { ConfigError } from "../../errors/config-error.js";

export type CipherName = "AES-128-CBC" | "AES-256-CBC" | "AES-128-GCM" | "AES-256-GCM";

export interface CipherSpec {
  /** The name as Laravel's config writes it (`app.cipher`). */
  readonly name: CipherName;
  /** The OpenSSL / Node name, lower case as PHP passes it to openssl_encrypt. */
  readonly openssl: "aes-128-cbc" | "aes-256-cbc" | "aes-128-gcm" | "aes-256-gcm";
  /** Key size in bytes. */
  readonly keyLength: 16 | 32;
  /** IV size in bytes. */
  readonly ivLength: 16 | 12;
  /** AEAD (GCM): authenticated by `tag`, `mac` left empty. */
  readonly aead: boolean;
}

export const CIPHERS: Readonly<Record<CipherSpec["openssl"], CipherSpec>> = Object.freeze({
  "aes-128-cbc": { name: "AES-128-CBC", openssl: "aes-128-cbc", keyLength: 16, ivLength: 16, aead: false },
  "aes-256-cbc": { name: "AES-256-CBC", openssl: "aes-256-cbc", keyLength: 32, ivLength: 16, aead: false },
  "aes-128-gcm": { name: "AES-128-GCM", openssl: "aes-128-gcm", keyLength: 16, ivLength: 12, aead: true },
  "aes-256-gcm": { name: "AES-256-GCM", openssl: "aes-256-gcm", keyLength: 32, ivLength: 12, aead: true },
});

/** Laravel's RuntimeException text for a bad cipher or key, quoted in our ConfigError messages. */
export const LARAVEL_UNSUPPORTED_MESSAGE =
  "Unsupported cipher or incorrect key length. Supported ciphers are: aes-128-cbc, aes-256-cbc, aes-128-gcm, aes-256-gcm.";

/**
 * The cipher for an `APP_CIPHER` value, case-insensitive like `Encrypter::supported()`.
 * @throws ConfigError (`APP_CIPHER`) for anything else.
 */
export function resolveCipher(cipher: string): CipherSpec {
  const lower = cipher.toLowerCase();
  if (Object.hasOwn(CIPHERS, lower)) return CIPHERS[lower as CipherSpec["openssl"]];
  // Quote the value only when OpenSSL knows it as a cipher: a key pasted into the wrong variable must
  // not end up in a log.
  const shown = getCiphers().includes(lower) ? `, got "${cipher}"` : ", got a value that is no cipher name";
  throw new ConfigError(
    "APP_CIPHER",
    `must be one of AES-128-CBC, AES-256-CBC, AES-128-GCM, AES-256-GCM (case-insensitive)${shown}. Laravel: "${LARAVEL_UNSUPPORTED_MESSAGE}"`,
  );
}
