/**
 * Session ids and CSRF tokens as Laravel makes and accepts them (Store::generateSessionId,
 * Store::isValidId, Str::random(40)): exactly 40 characters of [A-Za-z0-9] from a CSPRNG.
 */
import { randomFillSync } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const VALID_ID = /^[A-Za-z0-9]{40}$/;
// Random bytes are drawn in blocks: one getrandom() call per ~80 ids instead of one per id.
const pool = Buffer.allocUnsafe(4096);
let offset = pool.length;

function randomByte(): number {
  if (offset >= pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  return pool[offset++] as number;
}

/** `Str::random($length)` over [A-Za-z0-9], uniform (bytes ≥ 248 are rejected, 248 = 4 × 62). */
export function randomAlnum(length = 40): string {
  let out = "";
  while (out.length < length) {
    const byte = randomByte();
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}

/** A new session id (also the shape of Laravel's `_token`). */
export function generateSessionId(): string {
  return randomAlnum(40);
}

/** `Store::isValidId`: a string of exactly 40 ASCII letters and digits (`ctype_alnum`). */
export function isValidSessionId(id: unknown): id is string {
  return typeof id === "string" && VALID_ID.test(id);
}
