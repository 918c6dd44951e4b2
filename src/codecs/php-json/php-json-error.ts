/**
 * Where PHP's json_encode() returns false or json_decode() returns null: `reason` names PHP's
 * JSON_ERROR_* constant, the message starts with PHP's json_last_error_msg() text and says where.
 * Messages never quote the input: session and job data may carry tokens.
 */
import { BridgeError } from "../../errors/bridge-error.js";

export type PhpJsonErrorReason =
  | "depth" // JSON_ERROR_DEPTH
  | "state-mismatch" // JSON_ERROR_STATE_MISMATCH
  | "ctrl-char" // JSON_ERROR_CTRL_CHAR
  | "syntax" // JSON_ERROR_SYNTAX
  | "utf8" // JSON_ERROR_UTF8
  | "utf16" // JSON_ERROR_UTF16
  | "inf-or-nan" // JSON_ERROR_INF_OR_NAN
  | "unsupported-type"; // JSON_ERROR_UNSUPPORTED_TYPE (and JSON_ERROR_NON_BACKED_ENUM)

const PHP_MESSAGES: Readonly<Record<PhpJsonErrorReason, string>> = {
  depth: "Maximum stack depth exceeded",
  "state-mismatch": "State mismatch (invalid or malformed JSON)",
  "ctrl-char": "Control character error, possibly incorrectly encoded",
  syntax: "Syntax error",
  utf8: "Malformed UTF-8 characters, possibly incorrectly encoded",
  utf16: "Single unpaired UTF-16 surrogate in unicode escape",
  "inf-or-nan": "Inf and NaN cannot be JSON encoded",
  "unsupported-type": "Type is not supported",
};

export class PhpJsonError extends BridgeError {
  readonly code = "ERR_PHP_JSON" as const;

  /**
   * @param path encoding: where the value sits (`$.data.amount`); null when decoding.
   * @param offset decoding: the UTF-16 index into the text where reading stopped; null when encoding.
   */
  constructor(
    readonly reason: PhpJsonErrorReason,
    readonly path: string | null,
    readonly offset: number | null,
    detail?: string,
  ) {
    const where = path !== null ? ` at ${path}` : offset !== null ? ` at offset ${offset}` : "";
    super(`${PHP_MESSAGES[reason]}${where}${detail === undefined ? "" : ` (${detail})`}`);
  }
}
