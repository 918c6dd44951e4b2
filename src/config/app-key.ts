/**
 * APP_KEY / APP_PREVIOUS_KEYS / APP_CIPHER validation, done lazily by whatever needs encryption
 * (`EncryptionServiceProvider::parseKey` + `Encrypter::supported`, laravel-formats.md §6). Messages name
 * the variable and the byte count, never the key.
 */
import { ConfigError } from "../errors/config-error.js";
import type { BridgeConfig } from "./bridge-config.js";

/** Laravel's supported ciphers (lower-cased, as Encrypter compares them) and their key sizes in bytes. */
export const CIPHER_KEY_BYTES: Readonly<Record<string, number>> = {
  "aes-128-cbc": 16,
  "aes-256-cbc": 32,
  "aes-128-gcm": 16,
  "aes-256-gcm": 32,
};

const CANONICAL: Readonly<Record<string, string>> = {
  "aes-128-cbc": "AES-128-CBC",
  "aes-256-cbc": "AES-256-CBC",
  "aes-128-gcm": "AES-128-GCM",
  "aes-256-gcm": "AES-256-GCM",
};

/** The cipher in Laravel's canonical spelling; throws ConfigError for one Laravel does not support. */
export function appCipher(config: Pick<BridgeConfig, "app">): string {
  const canonical = CANONICAL[config.app.cipher.toLowerCase()];
  if (canonical === undefined) {
    throw new ConfigError(
      "APP_CIPHER",
      `must be one of ${Object.values(CANONICAL).join(", ")}, got ${JSON.stringify(config.app.cipher)}`,
    );
  }
  return canonical;
}

/** `base64:<key>` is base64 (PHP's lenient decoder, like Buffer's); anything else is the raw bytes. */
function keyBytes(key: string): Buffer {
  return key.startsWith("base64:") ? Buffer.from(key.slice(7), "base64") : Buffer.from(key, "utf8");
}

function checked(variable: string, key: string, cipher: string): Buffer {
  const bytes = keyBytes(key);
  const expected = CIPHER_KEY_BYTES[cipher.toLowerCase()] ?? 0;
  if (bytes.length !== expected) {
    throw new ConfigError(
      variable,
      `must be ${expected} bytes for ${cipher}, got ${bytes.length}` +
        " (use the Laravel app's APP_KEY as is, e.g. base64:<44 characters> from `php artisan key:generate --show`)",
    );
  }
  return bytes;
}

/**
 * The encryption key bytes (mirrors `EncryptionServiceProvider::key()` + `parseKey()`): throws
 * ConfigError when APP_KEY is empty or its length does not fit APP_CIPHER, e.g.
 * `APP_KEY must be 32 bytes for AES-256-CBC, got 12`.
 */
export function appKeyBytes(config: Pick<BridgeConfig, "app">): Buffer {
  const cipher = appCipher(config);
  if (config.app.key === "") {
    throw new ConfigError(
      "APP_KEY",
      "is not set: copy the APP_KEY of the Laravel app that shares this Redis (Laravel: No application encryption key has been specified.)",
    );
  }
  return checked("APP_KEY", config.app.key, cipher);
}

/** APP_PREVIOUS_KEYS (Laravel 11+) as key bytes, in order; each must fit APP_CIPHER like APP_KEY. */
export function previousKeyBytes(config: Pick<BridgeConfig, "app">): Buffer[] {
  const cipher = appCipher(config);
  return config.app.previousKeys.map((key, index) =>
    checked(`APP_PREVIOUS_KEYS entry ${index + 1}`, key, cipher),
  );
}
