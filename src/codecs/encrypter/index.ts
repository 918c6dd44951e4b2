/**
 * `laravel-redis-bridge/encryption`: Laravel's Encrypter (APP_KEY, APP_CIPHER, APP_PREVIOUS_KEYS) and
 * the EncryptCookies cookie format, byte-compatible with Laravel 8–13.
 */

export { ConfigError } from "../../errors/config-error.js";
export { DECRYPT_MESSAGES, DecryptError, type DecryptErrorReason } from "../../errors/decrypt-error.js";
export { EncryptError } from "../../errors/encrypt-error.js";
export { InvalidCookieError } from "../../errors/invalid-cookie-error.js";
export {
  formatAppKey,
  generateAppKey,
  generateKey,
  parseAppKey,
  resolveAppKey,
  splitPreviousKeys,
} from "./app-key.js";
export { type CipherName, resolveCipher } from "./ciphers.js";
export {
  COOKIE_VALUE_PREFIX_LENGTH,
  cookieValuePrefix,
  decryptCookie,
  decryptXsrfToken,
  encryptCookie,
  removeCookieValuePrefix,
} from "./cookie-value.js";
export {
  Encrypter,
  type EncrypterOptions,
  type EncryptOptions,
  type EncryptStringOptions,
} from "./encrypter.js";
export { DEFAULT_ENCRYPTER_VERSION, type EncrypterLaravelVersion } from "./encrypter-rules.js";
export { phpBase64Decode, phpBase64DecodeStrict } from "./php-base64.js";
export {
  decodeCookieValue,
  encodeSetCookieValue,
  formatCookieDate,
  type SameSite,
  type SetCookieAttributes,
  serializeSetCookie,
} from "./set-cookie.js";
