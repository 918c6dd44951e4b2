/**
 * EncryptCookies for the session and XSRF-TOKEN cookies, with memory. Laravel decrypts the session
 * cookie and encrypts two cookies on every request (≈ 3 AES + 3 HMAC operations); the browser sends
 * back exactly the values we gave it. So this remembers, for a bounded number of recent cookies:
 *   our ciphertext → its plaintext (a value we made or verified never needs verifying again), and
 *   plaintext → the ciphertext we last sent (re-sent as is while the id/token stays the same).
 * Only values that passed full decryption (MAC and name prefix) or that we encrypted ourselves enter
 * the maps, so a tampered or foreign cookie is always checked in full. Re-sending an identical
 * ciphertext is equivalent to the browser keeping the cookie it has (the plaintext is unique to that
 * browser's session); Laravel would pick a fresh IV, and both forms decrypt the same on either side.
 */
import { decryptCookie, type Encrypter, encryptCookie } from "../../src/codecs/encrypter/index.js";

/** How many cookies each map remembers (oldest forgotten first). */
const DEFAULT_CAPACITY = 10_000;

export class CookieCipher {
  readonly encrypter: Encrypter;
  readonly #capacity: number;
  readonly #plaintexts = new Map<string, string>();
  readonly #ciphertexts = new Map<string, string>();

  constructor(encrypter: Encrypter, options: { capacity?: number } = {}) {
    this.encrypter = encrypter;
    this.#capacity = options.capacity ?? DEFAULT_CAPACITY;
  }

  /** `EncryptCookies::decrypt` for one cookie: the plaintext, or null when rejected. */
  decrypt(name: string, value: string): string | null {
    const memoKey = `${name}\u0000${value}`;
    const known = this.#plaintexts.get(memoKey);
    if (known !== undefined) return known;
    const plaintext = decryptCookie(name, value, this.encrypter);
    if (plaintext !== null) this.#remember(this.#plaintexts, memoKey, plaintext);
    return plaintext;
  }

  /** `EncryptCookies::encrypt` for one cookie (the value before URL-encoding). */
  encrypt(name: string, plaintext: string): string {
    const memoKey = `${name}\u0000${plaintext}`;
    const known = this.#ciphertexts.get(memoKey);
    if (known !== undefined) return known;
    const value = encryptCookie(name, plaintext, this.encrypter);
    this.#remember(this.#ciphertexts, memoKey, value);
    this.#remember(this.#plaintexts, `${name}\u0000${value}`, plaintext);
    return value;
  }

  #remember(map: Map<string, string>, key: string, value: string): void {
    if (map.size >= this.#capacity) {
      const oldest = map.keys().next();
      if (!oldest.done) map.delete(oldest.value);
    }
    map.set(key, value);
  }
}
