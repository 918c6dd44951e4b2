/**
 * Cookie values as `EncryptCookies` and `CookieValuePrefix` handle them (laravel-formats.md §6.3):
 * outgoing value' = `encryptString(hash_hmac('sha1', $name.'v2', $key).'|'.$value)` with the current
 * key; incoming, the decrypted plaintext must start with the prefix of that cookie name for one of the
 * keys (current, then previous), which is then cut off. Anything else reads as `null`, like Laravel.
 * Values are strings as `$request->cookies` holds them: URL-decoded already (see decodeCookieValue).
 */
import { createHmac, KeyObject } from "node:crypto";
import { DecryptError } from "../../errors/decrypt-error.js";
import { type Encrypter, encrypterKeys } from "./encrypter.js";

/** 40 hex characters and `|`. */
export const COOKIE_VALUE_PREFIX_LENGTH = 41;

// Cookie names come from requests, so the cache is bounded: a client sending thousands of names gets
// them computed, not stored.
const MAX_CACHED_NAMES = 256;
const prefixCache = new WeakMap<KeyObject, Map<string, Buffer>>();

function prefixBytes(cookieName: string, key: KeyObject): Buffer {
  let names = prefixCache.get(key);
  if (names === undefined) {
    names = new Map();
    prefixCache.set(key, names);
  }
  const cached = names.get(cookieName);
  if (cached !== undefined) return cached;
  const prefix = Buffer.from(`${createHmac("sha1", key).update(`${cookieName}v2`).digest("hex")}|`, "latin1");
  if (names.size < MAX_CACHED_NAMES) names.set(cookieName, prefix);
  return prefix;
}

function keyObject(key: Uint8Array | KeyObject | Encrypter): KeyObject | Uint8Array {
  if (key instanceof Uint8Array) return key;
  return key instanceof KeyObject ? key : encrypterKeys(key).current;
}

/**
 * `CookieValuePrefix::create($cookieName, $key)`: `hash_hmac('sha1', $cookieName.'v2', $key).'|'`.
 * `key` is the raw key, a secret KeyObject, or an Encrypter (its current key).
 */
export function cookieValuePrefix(cookieName: string, key: Uint8Array | KeyObject | Encrypter): string {
  const k = keyObject(key);
  if (k instanceof Uint8Array) return `${createHmac("sha1", k).update(`${cookieName}v2`).digest("hex")}|`;
  return prefixBytes(cookieName, k).toString("latin1");
}

/** `CookieValuePrefix::remove($value)`: drops the first 41 bytes, without checking them. */
export function removeCookieValuePrefix(plaintext: string | Uint8Array): string {
  const bytes = typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : Buffer.from(plaintext);
  return bytes.subarray(COOKIE_VALUE_PREFIX_LENGTH).toString("utf8");
}

/**
 * The value `EncryptCookies` puts in the Set-Cookie header for `cookieName` (before URL-encoding):
 * the prefixed value, string-encrypted with the current key.
 */
export function encryptCookie(cookieName: string, value: string, encrypter: Encrypter): string {
  const prefix = prefixBytes(cookieName, encrypterKeys(encrypter).current);
  return encrypter.encryptString(Buffer.concat([prefix, Buffer.from(value, "utf8")]));
}

/**
 * What `EncryptCookies` hands the app for an incoming cookie: the value, or `null` when it does not
 * decrypt or carries another cookie name's (or an unknown key's) prefix. Array cookies: pass each
 * element with its name as Laravel builds it, `name[index]`.
 */
export function decryptCookie(cookieName: string, value: string, encrypter: Encrypter): string | null {
  const plaintext = decryptOrNull(value, encrypter);
  if (plaintext === null) return null;
  // CookieValuePrefix::validate(): str_starts_with against the prefix of every key, current first.
  for (const key of encrypterKeys(encrypter).all) {
    const prefix = prefixBytes(cookieName, key);
    if (plaintext.length >= prefix.length && prefix.equals(plaintext.subarray(0, prefix.length))) {
      return plaintext.subarray(prefix.length).toString("utf8");
    }
  }
  return null;
}

/**
 * The CSRF token `VerifyCsrfToken` reads from an `X-XSRF-TOKEN` header (the encrypted XSRF-TOKEN
 * cookie): decrypted, first 41 bytes dropped without checking them, like Laravel. `null` when it does
 * not decrypt (Laravel then uses `''`, which matches no session token).
 */
export function decryptXsrfToken(headerValue: string, encrypter: Encrypter): string | null {
  const plaintext = decryptOrNull(headerValue, encrypter);
  return plaintext === null ? null : removeCookieValuePrefix(plaintext);
}

function decryptOrNull(value: string, encrypter: Encrypter): Buffer | null {
  try {
    return encrypter.decryptBytes(value);
  } catch (error) {
    // Only "not a valid payload for our keys" means "no cookie"; anything else is a bug to surface.
    if (error instanceof DecryptError) return null;
    throw error;
  }
}
