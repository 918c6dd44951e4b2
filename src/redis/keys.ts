/**
 * REDIS_PREFIX rules outside what the connection does by itself (laravel-formats.md §1.5). The
 * connection prefixes key arguments and EVAL KEYS; it does NOT prefix SCAN MATCH patterns nor EVAL
 * ARGV, and SCAN returns full names. Same as phpredis, so code that scans must do it by hand:
 *
 *   for await (const key of scanWithoutPrefix(client, prefix, "laravel_cache:*")) …
 *
 * Also the Redis Cluster hash slot (§1.7): every multi-key Lua script must keep its keys in one
 * slot, which a hash tag (`queues:{default}`) guarantees.
 */
import type { RedisClient } from "./client.js";

/** The full Redis name of a key as phpredis' OPT_PREFIX writes it: `prefix + key`. */
export function prefixedKey(prefix: string, key: string): string {
  return prefix + key;
}

/**
 * A full key (from SCAN, or from a KEYS reply) without the connection prefix; a key that does not
 * start with it is returned unchanged (it is not one of this prefix's keys).
 */
export function withoutPrefix(prefix: string, key: string): string {
  return prefix !== "" && key.startsWith(prefix) ? key.slice(prefix.length) : key;
}

/** Escapes glob metacharacters (`* ? [ ] \`) so `text` matches itself in SCAN MATCH / KEYS. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}

/**
 * The SCAN MATCH pattern for `pattern` under `prefix`: the prefix is matched literally (a prefix
 * may contain `*` or `[`), the pattern keeps its glob meaning.
 */
export function prefixedPattern(prefix: string, pattern: string): string {
  return escapeGlob(prefix) + pattern;
}

/**
 * Iterates SCAN over the keys matching `pattern` under `prefix` and yields them without the prefix,
 * ready to pass back to the (prefixing) client. May yield a key twice, as SCAN may. `count` is
 * SCAN's COUNT hint.
 */
export async function* scanWithoutPrefix(
  client: Pick<RedisClient, "scan">,
  prefix: string,
  pattern: string,
  count = 1000,
): AsyncGenerator<string> {
  const match = prefixedPattern(prefix, pattern);
  let cursor = "0";
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", match, "COUNT", count);
    for (const key of keys) yield withoutPrefix(prefix, key);
    cursor = next;
  } while (cursor !== "0");
}

/**
 * The Redis Cluster slot (0–16383) of a full key name: CRC16 (XMODEM) of the hash tag — the part
 * between the first `{` and the next `}` when not empty — or else of the whole key, mod 16384.
 */
export function hashSlot(key: string | Buffer): number {
  const bytes = typeof key === "string" ? Buffer.from(key, "utf8") : key;
  const open = bytes.indexOf(0x7b);
  if (open !== -1) {
    const close = bytes.indexOf(0x7d, open + 1);
    if (close > open + 1) return crc16(bytes.subarray(open + 1, close)) & 0x3fff;
  }
  return crc16(bytes) & 0x3fff;
}

/** True when all keys (full names, prefix included) hash to one cluster slot. */
export function sameHashSlot(keys: readonly (string | Buffer)[]): boolean {
  if (keys.length < 2) return true;
  const first = hashSlot(keys[0] as string | Buffer);
  return keys.every((key) => hashSlot(key) === first);
}

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}
