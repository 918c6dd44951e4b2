/**
 * `laravel-redis-bridge/cache`: Laravel's cache over the same Redis keys and bytes — CacheManager,
 * Repository (remember, flexible, tags, locks), RedisStore, ArrayStore, NullStore and the value codec.
 */

export type {
  CacheDefault,
  CacheDuration,
  CacheTtl,
  CacheValueReader,
  Lock,
  LockProvider,
  Repository as RepositoryContract,
  Store,
} from "../../src/contracts/cache.js";
export {
  CacheFormatError,
  CacheStoreUndefinedError,
  CacheUnavailableError,
  type CacheValueFormat,
} from "../../src/errors/cache-errors.js";
export { ArrayStore, type ArrayStoreOptions } from "./array-store.js";
export { CacheManager, type CacheServices, type StoreFactory } from "./cache-manager.js";
export { NullStore } from "./null-store.js";
export { RedisStore, type RedisStoreOptions } from "./redis-store.js";
export { Repository, type RepositoryOptions } from "./repository.js";
export type { FlexibleOptions, RememberOptions } from "./repository-remember.js";
export type { TagEntryKind, TagSet } from "./tags/tag-set.js";
export { TaggedCache } from "./tags/tagged-cache.js";
export { ttlSeconds } from "./ttl.js";
export { decodeCachePlain, decodeCacheValue, encodeCacheValue } from "./value-codec.js";
export { phpValues, plainValues, type ValueMapper } from "./value-mapper.js";
