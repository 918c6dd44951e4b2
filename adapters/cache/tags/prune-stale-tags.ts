/**
 * `RedisStore::flushStaleTags()` (Laravel 10+, behind `php artisan cache:prune-stale-tags`): find
 * every `tag:<name>:entries` sorted set of this store by SCAN and drop the entries whose expiry
 * passed (ZREMRANGEBYSCORE 0 now; forever entries score -1 and stay), 1000 tags per pipeline.
 *
 * SCAN MATCH is not prefixed by the connection (phpredis does not apply OPT_PREFIX to it either),
 * so the pattern carries REDIS_PREFIX + store prefix, both glob-escaped; SCAN answers full names,
 * which lose REDIS_PREFIX again before the (prefixing) client uses them. Laravel 8/9 tags (random
 * ids with reference sets) have no stale entries to prune: nothing is done there, as in Laravel,
 * which has no such command before 10.
 */
import { cacheFormat } from "../../../src/config/laravel-versions.js";
import { escapeGlob, scanWithoutPrefix } from "../../../src/redis/keys.js";
import { unixSeconds } from "../../../src/support/clock.js";
import type { RedisStore } from "../redis-store.js";

export interface StaleTagsPruned {
  /** Tag sets looked at. */
  tags: number;
  /** Expired entries removed from them. */
  entries: number;
  /** False for the 8/9 scheme, which has no stale entries (nothing was scanned). */
  applicable: boolean;
}

export async function flushStaleTags(store: RedisStore, chunkSize = 1000): Promise<StaleTagsPruned> {
  if (cacheFormat(store.laravelVersion).tagScheme !== "sorted-sets") {
    return { tags: 0, entries: 0, applicable: false };
  }
  const prefix = store.getPrefix();
  const pattern = `${escapeGlob(prefix)}tag:*:entries`;
  const result: StaleTagsPruned = { tags: 0, entries: 0, applicable: true };
  let chunk = new Set<string>();
  const prune = async (): Promise<void> => {
    if (chunk.size === 0) return;
    const now = String(unixSeconds(store.clock));
    const batch = store.client.pipeline();
    for (const key of chunk) batch.zremrangebyscore(key, 0, now);
    const replies = (await batch.exec()) ?? [];
    for (const [error, removed] of replies) {
      if (error) throw error;
      result.entries += Number(removed);
    }
    result.tags += chunk.size;
    chunk = new Set();
  };
  for await (const key of scanWithoutPrefix(store.client, store.connectionPrefix, pattern, chunkSize)) {
    // RedisStore::currentTags(): only `<prefix>tag:<name>:entries`, each tag once.
    if (!key.startsWith(prefix) || !key.endsWith(":entries")) continue;
    chunk.add(key);
    if (chunk.size >= chunkSize) await prune();
  }
  await prune();
  return result;
}
