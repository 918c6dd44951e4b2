import { BridgeError } from "./bridge-error.js";

/**
 * Encrypting failed before anything was written: the value cannot be encrypted as asked (a non-string
 * with `serialize: false`, a test IV of the wrong length). Laravel's counterpart is `EncryptException`
 * ("Could not encrypt the data."). Never carries key material or plaintext.
 */
export class EncryptError extends BridgeError {
  readonly code = "ERR_ENCRYPT" as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
