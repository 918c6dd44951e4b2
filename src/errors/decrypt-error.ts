import { BridgeError } from "./bridge-error.js";

/**
 * Why Laravel's `Encrypter::decrypt()` would have thrown a `DecryptException`:
 * - `payload`: not base64 of a JSON object with string `iv`, `value`, `mac` (and `tag`), or an IV of
 *   the wrong length for the cipher ("The payload is invalid.").
 * - `mac`: the CBC HMAC matches none of the keys ("The MAC is invalid.").
 * - `cipher`: OpenSSL could not decrypt it: bad padding, GCM tag mismatch, wrong GCM tag length
 *   ("Could not decrypt the data.").
 * - `tag`: a CBC payload carries a non-empty `tag` ("Unable to use tag because the cipher algorithm
 *   does not support AEAD.").
 */
export type DecryptErrorReason = "payload" | "mac" | "cipher" | "tag";

/** Laravel's exact DecryptException messages, so logs from PHP and Node read the same. */
export const DECRYPT_MESSAGES: Readonly<Record<DecryptErrorReason, string>> = Object.freeze({
  payload: "The payload is invalid.",
  mac: "The MAC is invalid.",
  cipher: "Could not decrypt the data.",
  tag: "Unable to use tag because the cipher algorithm does not support AEAD.",
});

const HINTS: Readonly<Record<DecryptErrorReason, string>> = Object.freeze({
  payload:
    "the value is not a Laravel encrypter payload: check that the whole value reached us (a cookie must be URL-decoded first) and that the cipher matches APP_CIPHER",
  mac: "the payload was encrypted with a key that is neither APP_KEY nor one of APP_PREVIOUS_KEYS, or it was altered",
  cipher:
    "the payload was encrypted with another key (GCM) or altered after its MAC was computed; check APP_KEY, APP_PREVIOUS_KEYS and APP_CIPHER",
  tag: "a CBC payload must have an empty tag: it was altered, or APP_CIPHER should be a GCM cipher",
});

/**
 * A payload Laravel's `Encrypter::decrypt()` would reject with `DecryptException`. The message is
 * Laravel's, word for word; `hint` says what to check. Neither ever contains key material or plaintext.
 */
export class DecryptError extends BridgeError {
  readonly code = "ERR_DECRYPT" as const;
  readonly reason: DecryptErrorReason;
  /** What to check, in our words (the message stays Laravel's). */
  readonly hint: string;

  constructor(reason: DecryptErrorReason, options?: { cause?: unknown }) {
    super(DECRYPT_MESSAGES[reason], options);
    this.reason = reason;
    this.hint = HINTS[reason];
  }
}
