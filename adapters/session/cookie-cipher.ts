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
import {
  decodeCookieValue,
  decryptCookie,
  type Encrypter,
  encodeSetCookieValue,
  encryptCookie,
} from "../../src/codecs/encrypter/index.js";

/** How many cookies each map remembers (oldest forgotten first). */
const DEFAULT_CAPACITY = 10_000;

/**
 * Ciphertexts are looked up by their last characters (which carry MAC bits), then compared in
 * full: hashing a fresh ~330-character cookie value on every request costs more than the lookup.
 */
const FINGERPRINT_LENGTH = 48;

function fingerprint(ciphertext: string): string {
  return ciphertext.length <= FINGERPRINT_LENGTH ? ciphertext : ciphertext.slice(-FINGERPRINT_LENGTH);
}

/** What is remembered for one cookie name. */
interface Memo {
  /** Fingerprint → [ciphertext (as decrypted, or as the Cookie header carries it), plaintext]. */
  plaintexts: Map<string, [string, string]>;
  /** Plaintext → [ciphertext, its Set-Cookie (URL-encoded) form]. */
  ciphertexts: Map<string, [string, string]>;
}

export class CookieCipher {
  readonly encrypter: Encrypter;
  readonly #capacity: number;
  readonly #memos = new Map<string, Memo>();

  constructor(encrypter: Encrypter, options: { capacity?: number } = {}) {
    this.encrypter = encrypter;
    this.#capacity = options.capacity ?? DEFAULT_CAPACITY;
  }

  /** `EncryptCookies::decrypt` for one cookie value (already URL-decoded): the plaintext, or null. */
  decrypt(name: string, value: string): string | null {
    const memo = this.#memo(name);
    const known = recall(memo, value);
    if (known !== undefined) return known;
    const plaintext = decryptCookie(name, value, this.encrypter);
    if (plaintext !== null) this.#remember(memo.plaintexts, fingerprint(value), [value, plaintext]);
    return plaintext;
  }

  /** decrypt() of a value as the Cookie header carries it (URL-decoded first, like PHP). */
  decryptHeaderValue(name: string, raw: string): string | null {
    const memo = this.#memo(name);
    const known = recall(memo, raw);
    if (known !== undefined) return known;
    const plaintext = this.decrypt(name, decodeCookieValue(raw));
    if (plaintext !== null) this.#remember(memo.plaintexts, fingerprint(raw), [raw, plaintext]);
    return plaintext;
  }

  /** `EncryptCookies::encrypt` for one cookie: the value before URL-encoding. */
  encrypt(name: string, plaintext: string): string {
    return this.#encrypted(name, plaintext)[0];
  }

  /** encrypt(), URL-encoded for the Set-Cookie header (rawurlencode). */
  encryptForHeader(name: string, plaintext: string): string {
    return this.#encrypted(name, plaintext)[1];
  }

  #encrypted(name: string, plaintext: string): [string, string] {
    const memo = this.#memo(name);
    const known = memo.ciphertexts.get(plaintext);
    if (known !== undefined) return known;
    const value = encryptCookie(name, plaintext, this.encrypter);
    const pair: [string, string] = [value, encodeSetCookieValue(value)];
    this.#remember(memo.ciphertexts, plaintext, pair);
    this.#remember(memo.plaintexts, fingerprint(value), [value, plaintext]);
    this.#remember(memo.plaintexts, fingerprint(pair[1]), [pair[1], plaintext]);
    return pair;
  }

  #memo(name: string): Memo {
    let memo = this.#memos.get(name);
    if (memo === undefined) {
      memo = { plaintexts: new Map(), ciphertexts: new Map() };
      this.#memos.set(name, memo);
    }
    return memo;
  }

  #remember<V>(map: Map<string, V>, key: string, value: V): void {
    if (map.size >= this.#capacity) {
      const oldest = map.keys().next();
      if (!oldest.done) map.delete(oldest.value);
    }
    map.set(key, value);
  }
}

/** The plaintext remembered for exactly this ciphertext, if any. */
function recall(memo: Memo, ciphertext: string): string | undefined {
  const entry = memo.plaintexts.get(fingerprint(ciphertext));
  return entry !== undefined && entry[0] === ciphertext ? entry[1] : undefined;
}
