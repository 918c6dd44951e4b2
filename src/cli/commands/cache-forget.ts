/** `laravel-bridge cache:forget <key> [--store name]`: Laravel's `Cache::forget()` (DEL). Exit 1 when missing. */
import type { Command } from "commander";
import { withCache } from "./cache-get.js";
import type { SetExitCode } from "./index.js";

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("cache:forget <key>")
    .description("remove a cache item as Laravel's Cache::forget() does")
    .option("--store <name>", "the cache store (default: CACHE_STORE / CACHE_DRIVER)")
    .action(async (key: string, options: { store?: string }) => {
      await withCache(program, options.store, async (cache) => {
        const deleted = await cache.forget(key);
        process.stdout.write(deleted ? `forgotten [${key}]\n` : `not found [${key}]\n`);
        setExitCode(deleted ? 0 : 1);
      });
    });
}
