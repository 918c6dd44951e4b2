/**
 * `laravel-bridge cache:prune-stale-tags [store]`: Laravel's `php artisan cache:prune-stale-tags`
 * (10+): removes the expired entries from every `tag:<name>:entries` set of the store, so tag sets
 * of long-lived tags do not grow forever. Safe to run while PHP and Node use the cache. Exit 1 when
 * the store is not Redis (Laravel: "only necessary when using Redis").
 */
import type { Command } from "commander";
import { RedisStore } from "../../../adapters/cache/redis-store.js";
import { withCache } from "./cache-get.js";
import type { SetExitCode } from "./index.js";

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("cache:prune-stale-tags [store]")
    .description(
      "remove expired entries from the store's cache tag sets, like artisan cache:prune-stale-tags",
    )
    .action(async (storeName: string | undefined) => {
      await withCache(program, storeName, async (cache) => {
        const store = cache.getStore();
        if (!(store instanceof RedisStore)) {
          process.stderr.write("Pruning cache tags is only necessary when using Redis.\n");
          setExitCode(1);
          return;
        }
        const pruned = await store.flushStaleTags();
        if (!pruned.applicable) {
          process.stdout.write(
            `LARAVEL_VERSION ${store.laravelVersion} tags (random ids with reference sets) have no stale entries to prune; nothing done.\n`,
          );
          return;
        }
        process.stdout.write(
          `Stale cache tags pruned successfully: ${pruned.entries} expired entries removed from ${pruned.tags} tag sets.\n`,
        );
      });
    });
}
