/**
 * `laravel-bridge cache:get <key> [--json] [--store name]`: reads a cache item exactly as Laravel's
 * `Cache::get()` would (same key, prefixes, numeric-or-unserialize rule) and prints it: strings as
 * they are, anything else (and everything with --json) as JSON (PHP arrays → objects/arrays,
 * objects with their `__class`, ints beyond 2^53 as strings). Exit 1 on a miss.
 */
import type { Command } from "commander";
import { CacheManager } from "../../../adapters/cache/cache-manager.js";
import type { Repository } from "../../../adapters/cache/repository.js";
import { RedisLockProvider } from "../../../adapters/lock/redis-lock-provider.js";
import { type PhpValue, toPlain } from "../../codecs/php/index.js";
import type { BridgeConfig } from "../../config/bridge-config.js";
import { resolveConfig } from "../../config/resolve.js";
import { ConnectionManager } from "../../redis/connection-manager.js";
import type { SetExitCode } from "./index.js";

/** Opens the configured cache for one CLI command and closes the connections afterwards. */
export async function withCache<T>(
  program: Command,
  storeName: string | undefined,
  use: (cache: Repository, config: BridgeConfig) => Promise<T>,
): Promise<T> {
  const envFile = program.opts<{ envFile?: string }>().envFile;
  const config = resolveConfig(envFile === undefined ? {} : { envFile });
  const connections = new ConnectionManager(config.redis, { retry: { maxAttempts: 1 } });
  try {
    const manager = new CacheManager(config.cache, {
      connections,
      laravelVersion: config.laravelVersion,
      locks: (client, prefix) => new RedisLockProvider(client, prefix),
    });
    return await use(manager.store(storeName ?? config.cache.default), config);
  } finally {
    await connections.close();
  }
}

/** JSON for a PHP value: plain JS, with ints beyond 2^53 as strings so nothing is rounded. */
export function plainJson(value: PhpValue): string {
  const plain = toPlain(value, { unsafeIntegers: "string" });
  return JSON.stringify(
    plain,
    (_key, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v),
    2,
  );
}

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("cache:get <key>")
    .description("read a cache item as Laravel's Cache::get() does and print it (--json: always JSON)")
    .option("--json", "print the value as JSON")
    .option("--store <name>", "the cache store (default: CACHE_STORE / CACHE_DRIVER)")
    .action(async (key: string, options: { json?: boolean; store?: string }) => {
      await withCache(program, options.store, async (cache) => {
        const php = await cache.getStore().get(key);
        if (php === null) {
          process.stderr.write(`cache miss: [${key}]\n`);
          setExitCode(1);
          return;
        }
        // A numeric item is the stored text itself (Laravel's Cache::get returns that string too).
        const text = typeof php === "string" && !options.json ? php : plainJson(php);
        process.stdout.write(`${text}\n`);
      });
    });
}
