/**
 * Reads from any Store into application values: through the store's one-pass `read`/`readMany`
 * when it has them (RedisStore decodes the bytes straight to plain values), else `get`/`many` +
 * `fromPhp`. And Laravel's `value($default)` for misses.
 */
import type { CacheDefault, CacheValueReader, Store } from "../../src/contracts/cache.js";

/** The value at `itemKey` as `reader` maps it; null on a miss (or a stored PHP null, like Laravel). */
export function readItem(store: Store, itemKey: string, reader: CacheValueReader): Promise<unknown> {
  if (store.read) return store.read(itemKey, reader);
  return store.get(itemKey).then((value) => (value === null ? null : reader.fromPhp(value)));
}

/** One value (or null) per key, in order; one round trip where the store can. */
export function readItems(
  store: Store,
  itemKeys: readonly string[],
  reader: CacheValueReader,
): Promise<unknown[]> {
  if (store.readMany) return store.readMany(itemKeys, reader);
  return store
    .many(itemKeys)
    .then((values) => values.map((value) => (value === null ? null : reader.fromPhp(value))));
}

/** Laravel's `value($default)`: a function is called (and awaited), anything else returned; none = null. */
export async function resolveDefault<T>(fallback: CacheDefault<T> | undefined): Promise<unknown> {
  if (typeof fallback === "function") return (fallback as () => T | Promise<T>)();
  return fallback ?? null;
}
