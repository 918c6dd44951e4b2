/**
 * Laravel's `Illuminate\Encryption\Encrypter`, byte-compatible in both directions (laravel-formats.md §6).
 *
 * Wire format: `base64(json)` with json = `{"iv":…,"value":…,"mac":…,"tag":…}` in that order, slashes
 * unescaped (`JSON_UNESCAPED_SLASHES`):
 * - `iv`: base64 of a random IV (16 bytes for CBC, 12 for GCM);
 * - `value`: base64 of the ciphertext (PKCS#7 padding for CBC; no AAD for GCM);
 * - `mac`: CBC: lower-case hex HMAC-SHA256 over the base64 *texts* `iv . value`, keyed with the raw
 *   key; GCM: `""`;
 * - `tag`: GCM: base64 of the 16-byte tag; CBC: `""`.
 * The plaintext is `serialize($value)` for encrypt()/decrypt(), the raw bytes for the *String methods.
 */
import { isUtf8 } from "node:buffer";
import { ConfigError } from "../../errors/config-error.js";
import { EncryptError } from "../../errors/encrypt-error.js";
import { serialize, type UnserializeOptions, unserialize } from "../php/index.js";
import type { PhpValue } from "../php/values.js";
import { aesEncrypt } from "./aes.js";
import { resolveAppKey, splitPreviousKeys } from "./app-key.js";
import { type CipherName, resolveCipher } from "./ciphers.js";
import { decryptPayload, macFor } from "./decrypt-payload.js";
import {
  DECRYPT_RULES,
  DEFAULT_ENCRYPTER_VERSION,
  type DecryptRules,
  type EncrypterLaravelVersion,
} from "./encrypter-rules.js";
import { type EncrypterKeys, loadKeys } from "./keys.js";
import { readPayload } from "./payload.js";
import { randomIv } from "./random-iv.js";

export interface EncrypterOptions {
  /** `app.previous_keys` (APP_PREVIOUS_KEYS), already decoded: tried after the key when decrypting. */
  previousKeys?: readonly Uint8Array[];
  /** The Laravel major whose `decrypt()` checks to mirror (they differ in edge cases). @default 12 */
  laravelVersion?: EncrypterLaravelVersion;
}

export interface EncryptStringOptions {
  /**
   * FOR KNOWN-ANSWER TESTS ONLY: a fixed IV instead of a random one. Never in production: a repeated
   * IV lets anyone XOR two GCM plaintexts and forge GCM tags, and shows equal CBC prefixes.
   */
  iv?: Uint8Array;
}

export interface EncryptOptions extends EncryptStringOptions {
  /** `$serialize`: PHP-serialize the value first (Laravel's default). With `false`, pass bytes. */
  serialize?: boolean;
}

export interface DecryptOptions extends UnserializeOptions {
  /** `$unserialize`: PHP-unserialize the plaintext (Laravel's default). With `false`, see decryptString(). */
  unserialize?: boolean;
}

/** A PHP string as the PHP value model has it: text when it is valid UTF-8, bytes otherwise. */
export type PhpStringValue = string | Buffer;

// The cookie helpers need the keys (CookieValuePrefix::create($name, $encrypter->getKey())) but the keys
// must not be reachable from the public API, where a log line could pick them up.
const keyRegistry = new WeakMap<Encrypter, EncrypterKeys>();

/** Internal (not exported by the package entry): the KeyObjects of an Encrypter. */
export function encrypterKeys(encrypter: Encrypter): EncrypterKeys {
  const keys = keyRegistry.get(encrypter);
  if (keys === undefined) throw new TypeError("not an Encrypter");
  return keys;
}

/** Mirrors `Illuminate\Encryption\Encrypter` (encrypt, decrypt, encryptString, decryptString). */
export class Encrypter {
  readonly #keys: EncrypterKeys;
  readonly #rules: DecryptRules;

  /**
   * The Encrypter Laravel builds from config: `APP_KEY` (`base64:` or raw), `APP_CIPHER` and
   * `APP_PREVIOUS_KEYS` (comma-separated text or a list). Laravel 8–10 have no previous keys; here they
   * work with every `laravelVersion`.
   * @throws ConfigError naming the variable to fix; never quoting a key.
   */
  static fromAppKey(
    appKey: string,
    cipher: CipherName | (string & {}) = "AES-256-CBC",
    previousKeys?: string | readonly string[] | null,
    options: Omit<EncrypterOptions, "previousKeys"> = {},
  ): Encrypter {
    const spec = resolveCipher(cipher);
    const previous = splitPreviousKeys(previousKeys).map((key, i) =>
      resolveAppKey(key, spec, `APP_PREVIOUS_KEYS[${i}]`),
    );
    return new Encrypter(resolveAppKey(appKey, spec), spec.name, { ...options, previousKeys: previous });
  }

  /** `Encrypter::supported($key, $cipher)`: whether this key length and cipher work together. */
  static supported(key: Uint8Array, cipher: string): boolean {
    try {
      return key.length === resolveCipher(cipher).keyLength;
    } catch {
      return false;
    }
  }

  /**
   * `new Encrypter($key, $cipher)` with raw key bytes. `cipher` is case-insensitive.
   * @throws ConfigError (`APP_CIPHER`, `APP_KEY`, `APP_PREVIOUS_KEYS[i]`) for an unsupported cipher or
   * a key of the wrong length; the message gives lengths, never key bytes.
   */
  constructor(
    key: Uint8Array,
    cipher: CipherName | (string & {}) = "AES-256-CBC",
    options: EncrypterOptions = {},
  ) {
    this.#keys = loadKeys(key, cipher, options.previousKeys ?? []);
    const rules = DECRYPT_RULES[options.laravelVersion ?? DEFAULT_ENCRYPTER_VERSION] as
      | DecryptRules
      | undefined;
    if (rules === undefined) throw new ConfigError("LARAVEL_VERSION", "must be one of 8, 9, 10, 11, 12, 13.");
    this.#rules = rules;
    keyRegistry.set(this, this.#keys);
  }

  /** What logs and `util.inspect` show: the cipher and how many keys, never the keys. */
  toJSON(): { cipher: CipherName; previousKeys: number } {
    return { cipher: this.cipher, previousKeys: this.#keys.all.length - 1 };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Encrypter ${JSON.stringify(this.toJSON())}`;
  }

  /** The cipher in Laravel's config spelling (`AES-256-CBC`). */
  get cipher(): CipherName {
    return this.#keys.cipher.name;
  }

  /**
   * `encrypt($value, $serialize = true)`: `serialize()`s the value (PHP's exact bytes) and encrypts it.
   * With `serialize: false` the value must be text or bytes (= encryptString).
   * @throws PhpSerializeError for a value PHP cannot represent; EncryptError for a bad test IV.
   */
  encrypt(value: string | Uint8Array, options: EncryptOptions & { serialize: false }): string;
  encrypt(value: PhpValue, options?: EncryptOptions): string;
  encrypt(value: PhpValue, options: EncryptOptions = {}): string {
    if (options.serialize === false) {
      if (typeof value !== "string" && !(value instanceof Uint8Array)) {
        throw new EncryptError(
          "Could not encrypt the data: with serialize: false the value must be a string or bytes.",
        );
      }
      return this.encryptString(value, options);
    }
    return this.#encryptBytes(serialize(value), options.iv);
  }

  /**
   * `decrypt($payload, $unserialize = true)`: decrypts and `unserialize()`s (safely: nothing is
   * instantiated; `allowedClasses` and the limits pass through). With `unserialize: false`, the
   * plaintext as a PHP string (text when valid UTF-8, else a Buffer).
   * @throws DecryptError where Laravel throws DecryptException; PhpUnserializeError when the
   * plaintext is not serialized data (Laravel returns `false` with a notice; we fail loudly).
   */
  decrypt(payload: string, options: DecryptOptions & { unserialize: false }): PhpStringValue;
  decrypt(payload: string, options?: DecryptOptions): PhpValue;
  decrypt(payload: string, options: DecryptOptions = {}): PhpValue {
    const plaintext = this.decryptBytes(payload);
    if (options.unserialize === false) return isUtf8(plaintext) ? plaintext.toString("utf8") : plaintext;
    const { unserialize: _unused, ...unserializeOptions } = options;
    return unserialize(plaintext, unserializeOptions);
  }

  /** `encryptString($value)`: encrypts text or bytes without serialization. */
  encryptString(value: string | Uint8Array, options: EncryptStringOptions = {}): string {
    if (typeof value !== "string" && !(value instanceof Uint8Array)) {
      throw new EncryptError(
        "Could not encrypt the data: encryptString() takes a string or bytes; use encrypt() for other values.",
      );
    }
    return this.#encryptBytes(typeof value === "string" ? Buffer.from(value, "utf8") : value, options.iv);
  }

  /** `decryptString($payload)`: the plaintext as UTF-8 text (invalid sequences become U+FFFD). */
  decryptString(payload: string): string {
    return this.decryptBytes(payload).toString("utf8");
  }

  /** `decryptString($payload)` as the exact plaintext bytes. @throws DecryptError */
  decryptBytes(payload: string): Buffer {
    return decryptPayload(this.#keys, this.#rules, readPayload(payload, this.#keys.cipher, this.#rules));
  }

  #encryptBytes(plaintext: Uint8Array, fixedIv: Uint8Array | undefined): string {
    const cipher = this.#keys.cipher;
    if (fixedIv !== undefined && (!(fixedIv instanceof Uint8Array) || fixedIv.length !== cipher.ivLength)) {
      throw new EncryptError(
        `Could not encrypt the data: ${cipher.name} needs a ${cipher.ivLength}-byte IV.`,
      );
    }
    const iv = fixedIv ?? randomIv(cipher.ivLength);
    const key = this.#keys.current;
    const { value, tag } = aesEncrypt(cipher, key, iv, plaintext);
    const ivText = Buffer.from(iv.buffer, iv.byteOffset, iv.length).toString("base64");
    const mac = cipher.aead ? "" : macFor(key, ivText, value);
    // Every field is base64 or hex, so there is nothing to escape: this is json_encode's exact output.
    const json = `{"iv":"${ivText}","value":"${value}","mac":"${mac}","tag":"${tag}"}`;
    return Buffer.from(json, "latin1").toString("base64");
  }
}
