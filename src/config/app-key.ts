/**
 * APP_KEY / APP_PREVIOUS_KEYS / APP_CIPHER validation for a resolved config, done lazily by whatever
 * needs encryption (laravel-formats.md §6). One implementation: the Encrypter's own key parsing (PHP's
 * lenient base64, Laravel's lengths), so config and encryption can never disagree about a key.
 * Messages name the variable and the byte count, never the key.
 */
import { resolveAppKey } from "../codecs/encrypter/app-key.js";
import { resolveCipher } from "../codecs/encrypter/ciphers.js";
import type { BridgeConfig } from "./bridge-config.js";

/** The cipher in Laravel's canonical spelling; throws ConfigError (APP_CIPHER) for one Laravel does not support. */
export function appCipher(config: Pick<BridgeConfig, "app">): string {
  return resolveCipher(config.app.cipher).name;
}

/**
 * The encryption key bytes (`EncryptionServiceProvider::key()` + `parseKey()`): throws ConfigError
 * when APP_KEY is empty or its length does not fit APP_CIPHER, e.g.
 * `APP_KEY must be 32 bytes for AES-256-CBC, got 12`.
 */
export function appKeyBytes(config: Pick<BridgeConfig, "app">): Buffer {
  return resolveAppKey(config.app.key, resolveCipher(config.app.cipher));
}

/** APP_PREVIOUS_KEYS (Laravel 11+) as key bytes, in order; each must fit APP_CIPHER like APP_KEY. */
export function previousKeyBytes(config: Pick<BridgeConfig, "app">): Buffer[] {
  const cipher = resolveCipher(config.app.cipher);
  return config.app.previousKeys.map((key, index) =>
    resolveAppKey(key, cipher, `APP_PREVIOUS_KEYS[${index}]`),
  );
}
