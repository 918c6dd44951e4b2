/**
 * `laravel-bridge cache:clear [--force] [--store name]`: Laravel's `php artisan cache:clear` =
 * `Cache::flush()` = FLUSHDB of the cache connection. That wipes EVERY key of that Redis database
 * (other apps' too), so it says which database it will wipe and, when stdin is not a terminal (CI,
 * scripts), refuses without --force. On a terminal it asks for confirmation unless --force.
 */
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import { withCache } from "./cache-get.js";
import type { SetExitCode } from "./index.js";

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("cache:clear")
    .description(
      "flush the cache store: FLUSHDB of its Redis database (every key in it), like artisan cache:clear",
    )
    .option("--force", "do not ask (required when not on a terminal)")
    .option("--store <name>", "the cache store (default: CACHE_STORE / CACHE_DRIVER)")
    .action(async (options: { force?: boolean; store?: string }) => {
      await withCache(program, options.store, async (cache, config) => {
        const store = config.cache.stores[cache.name];
        const connection = store ? config.redis.connections[store.connection] : undefined;
        const target =
          store?.driver === "redis" && connection
            ? `Redis database ${connection.database} on ${connection.host}:${connection.port} (connection "${store.connection}")`
            : `cache store "${cache.name}" (${store?.driver ?? "unknown"} driver)`;
        process.stdout.write(
          `cache:clear will run FLUSHDB on ${target}: EVERY key in that database is removed.\n`,
        );
        if (!options.force) {
          if (!process.stdin.isTTY) {
            process.stderr.write("refusing without --force when not on a terminal\n");
            setExitCode(1);
            return;
          }
          const prompt = createInterface({ input: process.stdin, output: process.stdout });
          const answer = await prompt.question("Type 'yes' to continue: ");
          prompt.close();
          if (answer.trim() !== "yes") {
            process.stdout.write("cancelled\n");
            setExitCode(1);
            return;
          }
        }
        const ok = await cache.flush();
        process.stdout.write(ok ? "cache cleared\n" : "cache not cleared\n");
        setExitCode(ok ? 0 : 1);
      });
    });
}
