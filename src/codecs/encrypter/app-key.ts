/**
 * APP_KEY and APP_PREVIOUS_KEYS as Laravel reads them (`EncryptionServiceProvider::parseKey()`,
 * config/app.php): a `base64:` prefix means the rest is base64 (decoded leniently, like PHP), anything
 * else is the raw bytes of the string. APP_PREVIOUS_KEYS is split on commas, empty items dropped
 * (`array_filter`), nothing trimmed.
 */
import { randomBytes } from "node:crypto";
import { ConfigError } from "../../errors/config-error.js";
import { type CipherName, type CipherSpec, resolveCipher } from "./ciphers.js";
import { keyLengthError } from "./keys.js";
import { phpBase64Decode, phpBase64DecodeStrict } from "./php-base64.js";

const PREFIX = "base64:";

/** `parseKey()`: the key bytes of an APP_KEY value (no length check; the Encrypter does that). */
export function parseAppKey(appKey: string): Buffer {
  return appKey.startsWith(PREFIX)
    ? phpBase64Decode(appKey.slice(PREFIX.length))
    : Buffer.from(appKey, "utf8");
}

/** The APP_PREVIOUS_KEYS items, split like config/app.php: `array_filter(explode(',', $value))`. */
export function splitPreviousKeys(previousKeys: string | readonly string[] | null | undefined): string[] {
  const items = typeof previousKeys === "string" ? previousKeys.split(",") : [...(previousKeys ?? [])];
  // array_filter() drops every falsy string: "" and "0".
  return items.filter((item) => item !== "" && item !== "0");
}

/**
 * Parses and checks one key for `cipher`, with a hint for the usual mistakes.
 * @throws ConfigError naming `variable`; the message never contains the key.
 */
export function resolveAppKey(appKey: string, cipher: CipherName | CipherSpec, variable = "APP_KEY"): Buffer {
  const spec = typeof cipher === "string" ? resolveCipher(cipher) : cipher;
  if (appKey === "") {
    throw new ConfigError(
      variable,
      'is empty. Laravel: "No application encryption key has been specified." Set it to the APP_KEY of the Laravel app (a new app: laravel-bridge key:generate).',
    );
  }
  const key = parseAppKey(appKey);
  if (key.length === spec.keyLength) return key;
  throw keyLengthError(variable, spec, key.length, hintFor(appKey, spec));
}

function hintFor(appKey: string, spec: CipherSpec): string {
  if (appKey.trim() !== appKey) return "it has spaces around it, and Laravel does not trim keys";
  if (!appKey.startsWith(PREFIX) && phpBase64DecodeStrict(appKey)?.length === spec.keyLength) {
    return 'it looks like base64 without the "base64:" prefix';
  }
  if (appKey.startsWith(PREFIX) && phpBase64DecodeStrict(appKey.slice(PREFIX.length)) === null) {
    return 'the text after "base64:" is not valid base64';
  }
  return "";
}

/** `Encrypter::generateKey($cipher)`: fresh random key bytes of the cipher's size. */
export function generateKey(cipher: CipherName | (string & {}) = "AES-256-CBC"): Buffer {
  return randomBytes(resolveCipher(cipher).keyLength);
}

/** What `php artisan key:generate --show` prints: `base64:` + base64 of a new key (44 chars for AES-256). */
export function generateAppKey(cipher: CipherName | (string & {}) = "AES-256-CBC"): string {
  return formatAppKey(generateKey(cipher));
}

/** The APP_KEY text of raw key bytes: `base64:` + standard base64. */
export function formatAppKey(key: Uint8Array): string {
  return `${PREFIX}${Buffer.from(key).toString("base64")}`;
}
