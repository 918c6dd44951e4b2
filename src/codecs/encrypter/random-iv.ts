/**
 * Fresh IVs for `Encrypter::encrypt()` (PHP: `random_bytes(openssl_cipher_iv_length($cipher))`).
 * They come from one CSPRNG pool refilled 4 KiB at a time, because a randomFillSync call per 16
 * bytes costs more than the AES of a cookie. Every pool byte is handed out exactly once.
 */
import { randomFillSync } from "node:crypto";

const pool = Buffer.alloc(4096);
let offset = pool.length;

/** `length` cryptographically random bytes, never seen before by this process. */
export function randomIv(length: number): Buffer {
  if (offset + length > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const iv = Buffer.from(pool.subarray(offset, offset + length));
  offset += length;
  return iv;
}
