/**
 * Reading an encrypter payload the way `Encrypter::getJsonPayload()` and `validPayload()` do:
 * `json_decode(base64_decode($payload), true)` (both lenient), then the field checks of the Laravel
 * version in `rules`, then the IV length with PHP's strict base64 (laravel-formats.md §6.2).
 * Every failure is Laravel's "The payload is invalid."
 */
import { isAscii } from "node:buffer";
import { DecryptError } from "../../errors/decrypt-error.js";
import type { CipherSpec } from "./ciphers.js";
import type { DecryptRules } from "./encrypter-rules.js";
import { phpBase64Decode, phpBase64DecodeStrict } from "./php-base64.js";

/** The fields decrypt() goes on with. */
export interface EncryptedPayload {
  /** `iv` as written in the JSON: the MAC covers this text, not the decoded bytes. */
  readonly ivText: string;
  readonly iv: Buffer;
  /** The base64 ciphertext as written; null when it is not a string (only 8.x lets that through). */
  readonly value: string | null;
  /** The hex MAC as written; null when it is not a string (8.x only). */
  readonly mac: string | null;
  /** The decoded tag, or null when PHP's `empty($payload['tag'])` holds. */
  readonly tag: Buffer | null;
}

// PHP's json_decode() rejects what JSON.parse() lets through: invalid UTF-8 (fatal decoding; a BOM is
// kept so that it fails like PHP), lone UTF-16 surrogate escapes and more than 511 nested levels.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const PHP_JSON_MAX_NESTING = 511;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** @throws DecryptError (`payload`) */
export function readPayload(payload: string, cipher: CipherSpec, rules: DecryptRules): EncryptedPayload {
  // A JS caller can hand us anything; 10.48+ checks is_string($payload) too.
  if (typeof payload !== "string") throw new DecryptError("payload");
  const json = phpJsonDecode(phpBase64Decode(payload));
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new DecryptError("payload");
  const fields = json as Record<string, unknown>;
  const iv = own(fields, "iv");
  const value = own(fields, "value");
  const mac = own(fields, "mac");
  const tag = own(fields, "tag");
  // isset(): present and not null.
  if (iv === undefined || iv === null || value === undefined || value === null) invalid();
  if (mac === undefined || mac === null) invalid();
  if (rules.strictTypes) {
    if (typeof value !== "string" || typeof mac !== "string") invalid();
    if (tag !== undefined && tag !== null && typeof tag !== "string") invalid();
  }
  // 8.x: base64_decode() of a non-string IV is a TypeError or a too-short IV; both end here.
  if (typeof iv !== "string") invalid();
  const ivBytes = phpBase64DecodeStrict(iv);
  if (ivBytes === null || ivBytes.length !== cipher.ivLength) invalid();
  return {
    ivText: iv,
    iv: ivBytes,
    value: typeof value === "string" ? value : null,
    mac: typeof mac === "string" ? mac : null,
    tag: decodeTag(tag),
  };
}

function invalid(): never {
  throw new DecryptError("payload");
}

function own(fields: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(fields, name) ? fields[name] : undefined;
}

/** `empty($tag) ? null : base64_decode($tag)`. */
function decodeTag(tag: unknown): Buffer | null {
  if (isPhpEmpty(tag)) return null;
  if (typeof tag === "string") return phpBase64Decode(tag);
  // 8.x only: PHP coerces a scalar to a short digit string (never 16 bytes once decoded) or throws a
  // TypeError for an array. Either way the tag is unusable, which an empty tag expresses.
  return Buffer.alloc(0);
}

function isPhpEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === "") return true;
  if (value === "0") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

/** `json_decode($bytes, true)`, or a DecryptError where PHP returns null for a syntax error. */
function phpJsonDecode(bytes: Buffer): unknown {
  let text: string;
  try {
    text = isAscii(bytes) ? bytes.toString("latin1") : utf8.decode(bytes);
  } catch (error) {
    throw new DecryptError("payload", { cause: error });
  }
  // 512 levels need at least 1024 characters: short (normal) payloads skip the scan.
  if (text.length > 2 * PHP_JSON_MAX_NESTING && nestingDepth(text) > PHP_JSON_MAX_NESTING) invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DecryptError("payload", { cause: error });
  }
  if (text.includes("\\u") && hasLoneSurrogate(parsed)) invalid();
  return parsed;
}

function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === "string") return LONE_SURROGATE.test(value);
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  return Object.entries(value).some(([key, item]) => LONE_SURROGATE.test(key) || hasLoneSurrogate(item));
}
