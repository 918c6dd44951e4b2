/**
 * PHP's `base64_decode()`, byte for byte, in both modes Laravel relies on (laravel-formats.md §6.2,
 * golden README §8). Node's own decoder is not a substitute: it accepts the URL-safe alphabet
 * (`-`, `_`) and stops at the first `=`, where PHP skips `-`/`_` and keeps decoding after padding.
 *
 * - lenient (`base64_decode($s)`): every byte outside the alphabet is skipped, `=` included; what is
 *   left is decoded, and a final lone 6-bit group is dropped. Laravel uses it for the whole payload,
 *   APP_KEY, the GCM tag and (through `openssl_decrypt`) the ciphertext.
 * - strict (`base64_decode($s, true)`): only TAB, LF, CR and space may be skipped; any other foreign
 *   byte, data after padding, a lone final group or a wrong padding length fails. Laravel uses it to
 *   check the IV length.
 */

// 0-63: alphabet value; -1: whitespace PHP's strict mode skips; -2: anything else.
const REVERSE = new Int8Array(256).fill(-2);
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
for (let i = 0; i < ALPHABET.length; i++) REVERSE[ALPHABET.charCodeAt(i)] = i;
for (const ws of [0x09, 0x0a, 0x0d, 0x20]) REVERSE[ws] = -1;
const PAD = 0x3d;

// Canonical base64 (what PHP and Laravel write): here Node's native decoder gives PHP's bytes.
const CANONICAL = /^[A-Za-z0-9+/]*={0,2}$/;

function bytesOf(input: string | Uint8Array): Uint8Array {
  // PHP strings are bytes; a JS string arrives here as its UTF-8 encoding.
  return typeof input === "string" ? Buffer.from(input, "utf8") : input;
}

/** PHP `base64_decode($input)` (lenient). Never fails: garbage decodes to fewer (or no) bytes. */
export function phpBase64Decode(input: string | Uint8Array): Buffer {
  if (typeof input === "string" && CANONICAL.test(input) && input.length % 4 !== 1) {
    return Buffer.from(input, "base64");
  }
  return decode(bytesOf(input), false) as Buffer;
}

/** PHP `base64_decode($input, true)` (strict): the bytes, or `null` where PHP returns `false`. */
export function phpBase64DecodeStrict(input: string | Uint8Array): Buffer | null {
  if (typeof input === "string" && CANONICAL.test(input)) {
    const padding = input.endsWith("==") ? 2 : input.endsWith("=") ? 1 : 0;
    const data = input.length - padding;
    if (data % 4 === 1) return null;
    if (padding > 0 && input.length % 4 !== 0) return null;
    return Buffer.from(input, "base64");
  }
  return decode(bytesOf(input), true);
}

function decode(bytes: Uint8Array, strict: boolean): Buffer | null {
  const out = Buffer.allocUnsafe(Math.ceil((bytes.length * 3) / 4));
  let groups = 0; // alphabet characters consumed
  let padding = 0;
  let length = 0;
  let carry = 0;
  for (const byte of bytes) {
    if (byte === PAD) {
      padding++;
      continue;
    }
    const value = REVERSE[byte] as number;
    if (value < 0) {
      if (!strict || value === -1) continue;
      return null;
    }
    if (strict && padding > 0) return null;
    switch (groups % 4) {
      case 0:
        carry = value << 2;
        break;
      case 1:
        out[length++] = carry | (value >> 4);
        carry = (value & 0x0f) << 4;
        break;
      case 2:
        out[length++] = carry | (value >> 2);
        carry = (value & 0x03) << 6;
        break;
      default:
        out[length++] = carry | value;
    }
    groups++;
  }
  if (strict && groups % 4 === 1) return null;
  if (strict && padding > 0 && (padding > 2 || (groups + padding) % 4 !== 0)) return null;
  return out.subarray(0, length);
}
