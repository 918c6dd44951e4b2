/**
 * A set of cache tags (≈ Illuminate\Cache\TagSet): what a tagged item key is namespaced by, how an
 * item is registered with its tags, and how the tags are flushed. Two Redis schemes, chosen by
 * LARAVEL_VERSION (laravel-versions.ts `tagScheme`): reference-tag-set.ts (8/9) and
 * sorted-set-tag-set.ts (10+).
 */
import { createHash } from "node:crypto";

/** How an item is registered: with a TTL, forever, or as a counter (increment/decrement). */
export type TagEntryKind = "standard" | "forever" | "counter";

export interface TagSet {
  /** The tag names, in the order given (the order is part of the namespace). */
  readonly names: readonly string[];
  /** `TagSet::getNamespace()`: the tag ids joined by `|`. */
  namespace(): Promise<string>;
  /**
   * Register the item `key` (the caller's key, not yet namespaced) before it is written, the way
   * the version's RedisTaggedCache does for put/add/forever/increment. `seconds` for `standard`.
   */
  addEntry(key: string, kind: TagEntryKind, seconds?: number): Promise<void>;
  /** Whether `add()` registers the item (10+: yes when a TTL is given; 8/9: never). */
  readonly registersAdd: boolean;
  /** `RedisTaggedCache::flush()`: delete every item of these tags, as the version does it. */
  flush(): Promise<void>;
  /** `flushStale()`: drop entries whose TTL passed (sorted sets only; no-op otherwise). */
  flushStale(): Promise<void>;
}

/** `TaggedCache::taggedItemKey()`: sha1(namespace) + ':' + key. */
export function taggedItemKey(namespace: string, key: string): string {
  return `${createHash("sha1").update(namespace, "utf8").digest("hex")}:${key}`;
}
