/**
 * Laravel's `Str::random(16)` for lock owners: characters of [A-Za-z0-9], uniformly, from the
 * CSPRNG. Hot path (one owner per `lock()`): bytes come from a pooled buffer refilled 4 KB at a
 * time (like Node's randomUUID cache), and each byte maps to a character by rejection sampling
 * (bytes >= 248 are skipped, so every character has probability 1/62; no modulo bias).
 */
import { randomFillSync } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** 62 × 4: the largest multiple of 62 that fits in a byte. */
const ACCEPT_BELOW = 248;
const POOL_SIZE = 4096;

const pool = Buffer.alloc(POOL_SIZE);
let next = POOL_SIZE;

const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
/** Reused output bytes for the usual length (one latin1 decode instead of 16 concatenations). */
const scratch = Buffer.alloc(16);

/** `Str::random($length)`: `length` alphanumeric characters from a cryptographically secure source. */
export function randomOwner(length = 16): string {
  const out = length <= scratch.length ? scratch : Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    if (next === POOL_SIZE) {
      randomFillSync(pool);
      next = 0;
    }
    const byte = pool[next++] as number;
    if (byte < ACCEPT_BELOW) out[filled++] = CODES[byte % 62] as number;
  }
  return out.toString("latin1", 0, length);
}
