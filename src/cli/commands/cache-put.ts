/**
 * `laravel-bridge cache:put <key> <json> [--ttl seconds] [--store name]`: writes a JSON value as
 * Laravel's `Cache::put()` would store it (objects become PHP arrays). Without --ttl: forever.
 */
import type { Command } from "commander";
import { ConfigError } from "../../errors/config-error.js";
import { withCache } from "./cache-get.js";
import type { SetExitCode } from "./index.js";

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("cache:put <key> <json>")
    .description("store a JSON value as Laravel's Cache::put() does (--ttl seconds; none = forever)")
    .option("--ttl <seconds>", "time to live in seconds (<= 0 deletes, like Laravel)")
    .option("--store <name>", "the cache store (default: CACHE_STORE / CACHE_DRIVER)")
    .action(async (key: string, json: string, options: { ttl?: string; store?: string }) => {
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch (error) {
        throw new ConfigError("<json>", "is not valid JSON: quote strings, e.g. '\"text\"'.", {
          cause: error,
        });
      }
      const ttl = options.ttl === undefined ? null : Number(options.ttl);
      if (ttl !== null && !Number.isFinite(ttl))
        throw new ConfigError("--ttl", "must be a number of seconds.");
      await withCache(program, options.store, async (cache) => {
        const ok = await cache.put(key, value, ttl);
        process.stdout.write(
          ok ? `stored [${key}]${ttl === null ? " forever" : ` for ${ttl} s`}\n` : `not stored [${key}]\n`,
        );
        setExitCode(ok ? 0 : 1);
      });
    });
}
