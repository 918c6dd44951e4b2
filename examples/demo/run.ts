/**
 * `npm run demo`: a tour of the bridge on a private redis-server (never the one on 6379).
 *   1. writes a throwaway .env the way a Laravel app has one (fresh APP_KEY, placeholders only);
 *   2. `laravel-bridge config:show` and `doctor` against it;
 *   3. Laravel (real PHP, Debian's 8.83) and Node share the cache, byte for byte, both directions;
 *   4. the wallet service of examples/express-app beside Laravel's web stack: a Laravel login Node
 *      knows, a fenced, idempotent withdrawal, and Laravel's worker running the job Node queued.
 * Everything it starts, it stops; it exits non-zero when any step does not turn out as printed.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { assertPhpLaravelInstalled, runPhp } from "../../test/helpers/php.js";
import { startRedisServer } from "../../test/helpers/redis-server.js";
import { createWalletBridge } from "../express-app/server.js";
import { walletTour } from "./wallet-tour.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
// Bold headings on a terminal only: piped output (CI, the demo test) stays plain text.
const bold = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const say = (text: string): void => {
  process.stdout.write(bold ? `\n\x1b[1m== ${text}\x1b[0m\n` : `\n== ${text}\n`);
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

assertPhpLaravelInstalled(); // says which apt packages are missing, before anything starts
const redis = await startRedisServer();
const dir = mkdtempSync(join(tmpdir(), "lrb-demo-"));
const dotenv = join(dir, ".env");
// Laravel 8's layout, so the real Laravel 8.83 on this machine reads the same keys.
const env = {
  APP_NAME: "Demo Wallet",
  APP_KEY: `base64:${randomBytes(32).toString("base64")}`,
  LARAVEL_VERSION: "8",
  CACHE_DRIVER: "redis",
  SESSION_DRIVER: "redis",
  QUEUE_CONNECTION: "redis",
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

  const bridge = createWalletBridge({ envFile: dotenv, env: {} });
  // What Laravel 8 derives from APP_NAME "Demo Wallet" (REDIS_PREFIX, cache prefix, session cookie).
  const phpEnv = {
    REDIS_PORT: String(redis.port),
    REDIS_PREFIX: "demo_wallet_database_",
    CACHE_PREFIX: "demo_wallet_cache",
    SESSION_COOKIE: "demo_wallet_session",
    APP_KEY: env.APP_KEY,
  };
  const raw = redis.client(0);
  try {
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

    await walletTour({ bridge, phpEnv, root, say, redis: raw });
  } finally {
    raw.disconnect();
    await bridge.close();
  }
  say("Done: the same keys, the same bytes, the same session and queue, from both languages.");
} finally {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
