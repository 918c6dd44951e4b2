/**
 * Reads and writes of application values on any Store: through the store's one-pass `read`,
 * `readMany` and `write` when it has them (RedisStore decodes and encodes plain values straight
 * from and to the bytes), else `get`/`many` + `fromPhp` and `toPhp` + `put`/`forever`. And
 * Laravel's `value($default)` for misses.
 */
import type {
  CacheDefault,
  CacheValueReader,
  CacheValueWriter,
  LockProvider,
  Store,
} from "../../src/contracts/cache.js";
import type { TagSet } from "./tags/tag-set.js";

/** A store with tags (RedisStore, ArrayStore): `tagSet(names)`. */
export type TaggableStore = Store & { tagSet(names: readonly string[]): TagSet };

export const isTaggable = (store: Store): store is TaggableStore =>
  typeof (store as Partial<TaggableStore>).tagSet === "function";

/** Laravel's `method_exists($store, 'lock')`. */
export const isLockProvider = (store: Store): store is Store & LockProvider =>
  typeof (store as Partial<LockProvider>).lock === "function";

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

/** `put` (seconds) or `forever` (null) of an application value, converted by `writer`. */
export function writeItem(
  store: Store,
  itemKey: string,
  value: unknown,
  seconds: number | null,
  writer: CacheValueWriter,
): Promise<boolean> {
  if (store.write) return store.write(itemKey, value, seconds, writer);
  const stored = writer.toPhp(value);
  return seconds === null ? store.forever(itemKey, stored) : store.put(itemKey, stored, seconds);
}
