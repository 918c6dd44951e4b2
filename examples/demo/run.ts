/**
 * `npm run demo`: a tour of the bridge on a private redis-server (never the one on 6379).
 *   1. writes a throwaway .env the way a Laravel app has one (fresh APP_KEY, placeholders only);
 *   2. `laravel-bridge config:show` and `doctor` against it;
 *   3. Laravel (real PHP, Debian's 8.83) and Node share the cache, byte for byte, both directions.
 * Everything it starts, it stops.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createBridge } from "../../src/index.js";
import { runPhp } from "../../test/helpers/php.js";
import { startRedisServer } from "../../test/helpers/redis-server.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const say = (text: string): void => {
  process.stdout.write(`\n\x1b[1m== ${text}\x1b[0m\n`);
};

function cli(dotenv: string, ...args: string[]): number {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", join(root, "src/cli/main.ts"), "--dotenv", dotenv, ...args],
    {
      stdio: "inherit",
      env: { PATH: process.env.PATH ?? "" },
    },
  );
  return run.status ?? 1;
}

const redis = await startRedisServer();
const dir = mkdtempSync(join(tmpdir(), "lrb-demo-"));
const dotenv = join(dir, ".env");
// Laravel 8's layout, so the real Laravel 8.83 on this machine reads the same keys.
const env = {
  APP_NAME: "Demo Wallet",
  APP_KEY: `base64:${randomBytes(32).toString("base64")}`,
  LARAVEL_VERSION: "8",
  CACHE_DRIVER: "redis",
  REDIS_HOST: "127.0.0.1",
  REDIS_PORT: String(redis.port),
  REDIS_PASSWORD: "null",
};
writeFileSync(
  dotenv,
  `${Object.entries(env)
    .map(([k, v]) => `${k}="${v}"`)
    .join("\n")}\n`,
);

try {
  say(`A private redis-server on 127.0.0.1:${redis.port}, and a Laravel 8 .env for "Demo Wallet"`);
  say("laravel-bridge config:show");
  cli(dotenv, "config:show");
  say("laravel-bridge doctor");
  const doctor = cli(dotenv, "doctor");
  if (doctor !== 0) throw new Error("doctor failed against the private Redis");

  const bridge = createBridge({ envFile: dotenv, env: {} });
  const phpEnv = {
    REDIS_PORT: String(redis.port),
    REDIS_PREFIX: "demo_wallet_database_",
    CACHE_PREFIX: "demo_wallet_cache",
    APP_KEY: env.APP_KEY,
  };
  say("Laravel's Cache::put (PHP) → bridge.cache.get (Node)");
  await runPhp("cache-put", { key: "fx:EUR-USD", value: "1.0842", seconds: 300 }, phpEnv);
  process.stdout.write(
    `PHP stored 'fx:EUR-USD'; Node reads: ${JSON.stringify(await bridge.cache.get("fx:EUR-USD"))}\n`,
  );

  say("bridge.cache.put (Node) → Laravel's Cache::get (PHP)");
  await bridge.cache.put("user:42:dashboard", { name: "Ada", unreadNotifications: 3 }, 300);
  const php = await runPhp<Record<string, { export: string }>>(
    "cache-interop",
    { mode: "get", keys: ["user:42:dashboard"] },
    phpEnv,
  );
  const exported = Buffer.from(php["user:42:dashboard"]?.export ?? "", "base64").toString("utf8");
  process.stdout.write(`Node stored an array; PHP's var_export(Cache::get(...)):\n${exported}\n`);
  await bridge.close();
  say("Done: the same keys, the same bytes, from both languages.");
} finally {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
