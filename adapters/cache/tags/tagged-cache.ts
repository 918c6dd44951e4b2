/**
 * `Cache::tags([...])` (Illuminate\Cache\RedisTaggedCache over TaggedCache): item keys are
 * `sha1(namespace):key`, and every write first registers the item with its tags, as the configured
 * Laravel version does (tag-set.ts). `flush()` deletes the tagged items only.
 */
import type { CacheDefault, CacheTtl, Store } from "../../../src/contracts/cache.js";
import { Repository, type RepositoryOptions } from "../repository.js";
import { ttlSeconds } from "../ttl.js";
import { type TagSet, taggedItemKey } from "./tag-set.js";

export class TaggedCache extends Repository {
  readonly tagSet: TagSet;

  constructor(store: Store, tags: TagSet, options: RepositoryOptions = {}) {
    super(store, options);
    this.tagSet = tags;
  }

  /** `TaggedCache::taggedItemKey()`. On 8/9 this reads the tag ids (GET per tag), like Laravel. */
  override async itemKey(key: string): Promise<string> {
    return taggedItemKey(await this.tagSet.namespace(), key);
  }

  override async many(
    keys: readonly string[] | Readonly<Record<string, unknown>>,
  ): Promise<Record<string, unknown>> {
    // TaggedCache reads many keys one by one (RetrievesMultipleKeys), each through get().
    const names = Array.isArray(keys) ? (keys as readonly string[]) : Object.keys(keys);
    const out: Record<string, unknown> = {};
    for (const name of names) {
      out[name] = await this.get(
        name,
        Array.isArray(keys) ? null : (keys as Record<string, CacheDefault<unknown>>)[name],
      );
    }
    return out;
  }

  override async put(key: string, value: unknown, ttl: CacheTtl = null): Promise<boolean> {
    if (ttl === null) return this.forever(key, value);
    const seconds = ttlSeconds(ttl, this.clock);
    if (seconds > 0) await this.tagSet.addEntry(key, "standard", seconds);
    return super.put(key, value, ttl);
  }

  override async putMany(values: Readonly<Record<string, unknown>>, ttl: CacheTtl = null): Promise<boolean> {
    let ok = true;
    for (const [key, value] of Object.entries(values)) ok = (await this.put(key, value, ttl)) && ok;
    return ok;
  }

  override async add(key: string, value: unknown, ttl: CacheTtl = null): Promise<boolean> {
    if (this.tagSet.registersAdd && ttl !== null) {
      const seconds = ttlSeconds(ttl, this.clock);
      if (seconds > 0) await this.tagSet.addEntry(key, "standard", seconds);
    }
    return super.add(key, value, ttl);
  }

  override async increment(key: string, by = 1): Promise<number> {
    await this.tagSet.addEntry(key, "counter");
    return super.increment(key, by);
  }

  override async decrement(key: string, by = 1): Promise<number> {
    await this.tagSet.addEntry(key, "counter");
    return super.decrement(key, by);
  }

  override async forever(key: string, value: unknown): Promise<boolean> {
    await this.tagSet.addEntry(key, "forever");
    return super.forever(key, value);
  }

  /** `RedisTaggedCache::flush()`: only the items of these tags (not FLUSHDB). */
  override async flush(): Promise<boolean> {
    await this.tagSet.flush();
    return true;
  }

  /** `RedisTaggedCache::flushStale()`: drop expired entries from the tag sets (10+). */
  async flushStale(): Promise<boolean> {
    await this.tagSet.flushStale();
    return true;
  }
}
