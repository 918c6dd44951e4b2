/**
 * The Store's own layers of the session payload (laravel-formats.md §5.2, §5.5), between the
 * attributes array and what the handler stores:
 *
 *   php  (default):        serialize($attributes)                      → `a:3:{s:6:"_token";…}`
 *   json (9+, opt-in):     json_encode($attributes)                    → `{"_token":"…",…}`
 *   SESSION_ENCRYPT=true:  encrypt(<the above>) = Encrypter over `s:N:"<the above>";` (serialize=true)
 *
 * Reading mirrors Store::readFromHandler: anything that is not an array gives an empty session.
 */

import type { Encrypter } from "../../src/codecs/encrypter/encrypter.js";
import { serialize, unserialize } from "../../src/codecs/php/index.js";
import { PhpArray } from "../../src/codecs/php/values.js";
import { phpJsonDecode, phpJsonEncode } from "../../src/codecs/php-json/index.js";
import type { SessionSerializer } from "../../src/contracts/session.js";
import { serializeStoredString, unserializeStoredString } from "./cache-session-handler.js";

/** `session.serialization`. */
export type SessionSerialization = "php" | "json";

export interface SessionSerializerOptions {
  /** `session.serialization` (Laravel 9+). @default "php" */
  serialization?: SessionSerialization;
  /** Set when `SESSION_ENCRYPT=true` (EncryptedStore): the APP_KEY encrypter. */
  encrypter?: Pick<Encrypter, "encryptString" | "decryptBytes"> | undefined;
  /** Deepest nesting accepted when reading (PHP's unserialize_max_depth is 4096). @default 512 */
  maxDepth?: number;
}

/** Why a stored payload was not a session (the warning logged; never the payload itself). */
export class SessionPayloadError extends Error {
  override readonly name = "SessionPayloadError";
}

/** Builds the php/json (+ encryption) layer Laravel's Store / EncryptedStore apply. */
export function createSessionSerializer(options: SessionSerializerOptions = {}): SessionSerializer<PhpArray> {
  const json = options.serialization === "json";
  const encrypter = options.encrypter;
  // The codec's defaults (maxDepth 512) need no options object: it then skips re-checking limits.
  const limits =
    options.maxDepth === undefined || options.maxDepth === 512 ? undefined : { maxDepth: options.maxDepth };

  const encodeAttributes = (attributes: PhpArray): Buffer =>
    json ? Buffer.from(phpJsonEncode(attributes), "utf8") : serialize(attributes);

  const decodeAttributes = (data: Buffer): PhpArray | null => {
    let value: unknown;
    try {
      value = json ? phpJsonDecode(data) : unserialize(data, limits);
    } catch (error) {
      throw new SessionPayloadError(`the session payload does not ${json ? "json_decode" : "unserialize"}`, {
        cause: error,
      });
    }
    return value instanceof PhpArray ? value : null;
  };

  return {
    serialize(attributes) {
      const data = encodeAttributes(attributes);
      if (!encrypter) return data;
      // encrypt($data) with serialize=true: the plaintext is the PHP string `s:N:"…";`.
      return Buffer.from(encrypter.encryptString(serializeStoredString(data)), "latin1");
    },
    unserialize(payload) {
      if (payload.length === 0) return null;
      if (!encrypter) return decodeAttributes(payload);
      let plaintext: Buffer;
      try {
        plaintext = unserializeStoredString(encrypter.decryptBytes(payload.toString("latin1")));
      } catch (error) {
        // EncryptedStore reads a DecryptException as an empty session and overwrites the key; we
        // report it as corrupt (warning, metric, new id) and leave the key for inspection.
        throw new SessionPayloadError("the session payload does not decrypt with APP_KEY", { cause: error });
      }
      return decodeAttributes(plaintext);
    },
  };
}
