import { BridgeError } from "./bridge-error.js";

/**
 * Bytes that are not a PHP serialize() value we accept (PHP's `unserialize()` returning false,
 * plus our stricter rules: trailing data, 64-bit overflow, duplicate keys, limits). `offset` is the
 * byte position where reading stopped and `expected` says what should have been there. The
 * message never quotes the payload: session and job data may carry tokens.
 */
export class PhpUnserializeError extends BridgeError {
  readonly code = "ERR_PHP_UNSERIALIZE" as const;
  /** Byte offset into the input (0-based) where the problem was found. */
  readonly offset: number;
  /** What the decoder expected there, e.g. `";"` or `"a digit"`. */
  readonly expected: string;
  /** The byte found at `offset` (undefined at the end of the input). */
  readonly found: number | undefined;

  constructor(offset: number, expected: string, found: number | undefined, options?: { cause?: unknown }) {
    const at = found === undefined ? "the end of the input" : `byte 0x${found.toString(16).padStart(2, "0")}`;
    super(
      `Invalid PHP serialized data at offset ${offset}: expected ${expected}, found ${at}. ` +
        "The value was not written by PHP's serialize(), was truncated, or exceeds a configured limit.",
      options,
    );
    this.offset = offset;
    this.expected = expected;
    this.found = found;
  }
}

/**
 * A JS value that cannot be written as PHP serialize() bytes (a `number` where a PhpFloat or
 * bigint is required, an int beyond 64 bits, a string with a lone UTF-16 surrogate, a bad
 * back-reference). `path` locates it, e.g. `[orders][3][amount]`.
 */
export class PhpSerializeError extends BridgeError {
  readonly code = "ERR_PHP_SERIALIZE" as const;
  readonly path: string;
  readonly reason: string;

  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(`Cannot serialize the value at ${path === "" ? "the root" : path} for PHP: ${reason}`, options);
    this.path = path;
    this.reason = reason;
  }
}

/**
 * toPlain()/fromPlain() met a value with no faithful counterpart on the other side (a Date, a
 * class instance, a cycle, a binary array key in object mode). `path` locates it.
 */
export class PhpConversionError extends BridgeError {
  readonly code = "ERR_PHP_CONVERSION" as const;
  readonly path: string;
  readonly reason: string;

  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(`Cannot convert the value at ${path === "" ? "the root" : path}: ${reason}`, options);
    this.path = path;
    this.reason = reason;
  }
}
