/**
 * The written form of the string keys serializePlain() has met (`s:5:"price";`), by key.
 * Payloads repeat the same few keys call after call; a hit is one Map lookup and a copy four
 * bytes at a time instead of the char loop and the length header. Tokens live in one
 * preallocated table, so remembering a key allocates nothing but its Map entry: keys that never
 * repeat (slugs as keys) stay cheap. Bounded: short tokens only, and the table starts over when
 * full (so keys that stopped coming go).
 */

/** Longest token remembered, in bytes (`s:24:"<24 ASCII chars>";` is 32). */
export const KEY_TOKEN_MAX = 32;
/** Longer keys (in UTF-16 units) always make longer tokens: not worth writing out to check. */
export const KEY_NAME_MAX = 24;
const WORDS_PER_SLOT = KEY_TOKEN_MAX / 4;
const SLOTS = 1024;

/** Slot number by key. */
const slots = new Map<string, number>();
/** Per slot: the token's bytes as little-endian 32-bit words, the last one padded with zeros. */
const words = new Int32Array(SLOTS * WORDS_PER_SLOT);
const lengths = new Uint8Array(SLOTS);

/** The slot holding `key`'s token, or -1. */
export function keyTokenSlot(key: string): number {
  return slots.get(key) ?? -1;
}

/** Writes the token in `slot` at `at` (it takes {@link KEY_TOKEN_MAX} bytes of room) and gives its length. */
export function copyKeyToken(slot: number, view: DataView, at: number): number {
  const bytes = lengths[slot] as number;
  const first = slot * WORDS_PER_SLOT;
  const end = first + ((bytes + 3) >>> 2);
  for (let k = first, p = at; k < end; k++, p += 4) view.setInt32(p, words[k] as number, true);
  return bytes;
}

/**
 * Remembers `key`'s token, the bytes start..end of `view` (up to {@link KEY_TOKEN_MAX}, with 3
 * readable bytes after end); longer ones are left out.
 */
export function rememberKeyToken(key: string, view: DataView, start: number, end: number): void {
  const bytes = end - start;
  if (bytes > KEY_TOKEN_MAX) return;
  if (slots.size >= SLOTS) slots.clear();
  const slot = slots.size;
  const first = slot * WORDS_PER_SLOT;
  const count = (bytes + 3) >>> 2;
  for (let k = 0; k < count; k++) words[first + k] = view.getInt32(start + k * 4, true);
  const tail = bytes & 3;
  // Zero the bytes past the end: whatever the output held there is no part of the key.
  if (tail !== 0) words[first + count - 1] = (words[first + count - 1] as number) & ((1 << (tail * 8)) - 1);
  lengths[slot] = bytes;
  slots.set(key, slot);
}
