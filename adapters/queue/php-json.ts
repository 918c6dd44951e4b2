/**
 * The queue's view of PHP's json_encode/json_decode (src/codecs/php-json): payloads are written with
 * JSON_UNESCAPED_UNICODE as Laravel's Queue::createPayload does, and a failure is the queue's
 * InvalidPayloadError (reason `unsupported-value` when encoding, `json` when decoding).
 */

import type { PhpValue } from "../../src/codecs/php/values.js";
import {
  phpJsonDecode as decode,
  phpJsonEncode as encode,
  PhpJsonError,
  type PhpJsonInput,
} from "../../src/codecs/php-json/index.js";
import { InvalidPayloadError } from "../../src/errors/queue-errors.js";

export type JsonInput = PhpJsonInput;

export interface PhpJsonEncodeOptions {
  /** Escape non-ASCII as `\uXXXX` (json_encode without JSON_UNESCAPED_UNICODE, as queue:retry does). */
  escapeUnicode?: boolean;
}

/** `json_encode($value, $escapeUnicode ? 0 : JSON_UNESCAPED_UNICODE)`; throws InvalidPayloadError. */
export function phpJsonEncode(value: unknown, options: PhpJsonEncodeOptions = {}): string {
  try {
    return encode(value, { unescapedUnicode: options.escapeUnicode !== true });
  } catch (error) {
    if (!(error instanceof PhpJsonError)) throw error;
    throw new InvalidPayloadError("unsupported-value", `Unable to JSON encode payload: ${error.message}.`, {
      ...(error.path !== null ? { path: error.path } : {}),
      cause: error,
    });
  }
}

/** `json_decode($text, true)`; throws InvalidPayloadError (reason `json`) where PHP returns null. */
export function phpJsonDecode(text: string): PhpValue {
  try {
    return decode(text);
  } catch (error) {
    if (!(error instanceof PhpJsonError)) throw error;
    throw new InvalidPayloadError("json", `The payload is not valid JSON: ${error.message}.`, {
      cause: error,
    });
  }
}
