/**
 * What the example tests share: a private redis-server, Laravel 8.83's real web stack beside it
 * (`php -S`, the Laravel app the examples talk to), the .env such an app has, and runners for the
 * examples (child processes with EXAMPLE_SELF_TEST=1) and for the PHP scripts of examples/laravel.
 * Nothing from the developer's shell but PATH reaches a child.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { expect } from "vitest";
import { assertPhpLaravelInstalled, runPhp } from "../../helpers/php.js";
import { type PrivateRedisServer, startRedisServer } from "../../helpers/redis-server.js";
import {
  type PhpSessionServer,
  startPhpSessionServer,
} from "../../interop/adapters/session/php-session-server.js";
import { CookieJar } from "../adapters/session/session-app.js";

export const ROOT = join(import.meta.dirname, "..", "..", "..");
// A throwaway key (32 bytes 0x07), never a real one.
const APP_KEY = `base64:${Buffer.alloc(32, 7).toString("base64")}`;
const REDIS_PREFIX = "wallet_database_";
const CACHE_PREFIX = "wallet_cache";

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time, milliseconds. */
  ms: number;
}

/** Runs a command in the repository with only PATH and `env`; SIGKILL after `timeoutMs` fails it loudly. */
export function runCommand(
  command: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ENV_FILE: "/dev/null", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/**
 * stderr without the runtime's own notices (`(node:123) ExperimentalWarning: ...` on some Node
 * versions): anything else a child writes there is a failure it reported.
 */
export const problems = (stderr: string): string[] =>
  stderr
    .split("\n")
    .filter((line) => line.trim() !== "" && !/^\(node:\d+\) \w*Warning|^\(Use `node --trace/.test(line));

export interface ExampleHarness {
  redis: PrivateRedisServer;
  /** Laravel's web stack: GET /php/read, POST /php/login (user 42), /php/logout. */
  php: PhpSessionServer;
  /** The .env a Laravel 8 app beside the examples would have (Debian's Laravel is 8.83). */
  laravelEnv(): Record<string, string>;
  /** What the PHP scripts boot with (test/interop/php/bootstrap.php). */
  phpEnv(): Record<string, string>;
  /** `examples/<file>` in self-test mode with laravelEnv() plus `env`. */
  example(file: string, env?: Record<string, string>): Promise<Run>;
  /** `php examples/laravel/<file>` with phpEnv(). */
  phpScript(file: string): Promise<Run>;
  /** What Laravel's Cache::get returns for `key`, as var_export text. */
  laravelCacheGet(key: string): Promise<string>;
  /** A browser logged in to Laravel (real StartSession + SessionGuard) as user 42. */
  loggedInToLaravel(): Promise<CookieJar>;
  stop(): Promise<void>;
}

export async function startExampleHarness(): Promise<ExampleHarness> {
  assertPhpLaravelInstalled();
  const redis = await startRedisServer();
  const laravelEnv = (): Record<string, string> => ({
    APP_NAME: "Laravel",
    APP_KEY,
    LARAVEL_VERSION: "8",
    REDIS_HOST: "127.0.0.1",
    REDIS_PORT: String(redis.port),
    REDIS_PREFIX,
    CACHE_PREFIX,
    CACHE_DRIVER: "redis",
    SESSION_DRIVER: "redis",
    // bridge.queue's workers connect the failed_jobs table of DB_CONNECTION when they start.
    DB_CONNECTION: "sqlite",
    DB_DATABASE: ":memory:",
  });
  const phpEnv = (): Record<string, string> => ({
    REDIS_PORT: String(redis.port),
    REDIS_PREFIX,
    CACHE_PREFIX,
    APP_KEY,
    SESSION_COOKIE: "laravel_session",
  });
  const php = await startPhpSessionServer(phpEnv()).catch(async (error: unknown) => {
    await redis.stop();
    throw error;
  });

  return {
    redis,
    php,
    laravelEnv,
    phpEnv,
    example: (file, env = {}) =>
      runCommand(process.execPath, ["--import", "tsx", join("examples", file)], {
        ...laravelEnv(),
        EXAMPLE_SELF_TEST: "1",
        ...env,
      }),
    phpScript: (file) =>
      runCommand(
        "php",
        ["-d", "error_reporting=E_ALL", "-d", "display_errors=stderr", join("examples", "laravel", file)],
        phpEnv(),
      ),
    async laravelCacheGet(key) {
      const out = await runPhp<Record<string, { export: string }>>(
        "cache-interop",
        { mode: "get", keys: [key] },
        phpEnv(),
      );
      return Buffer.from(out[key]?.export ?? "", "base64").toString("utf8");
    },
    async loggedInToLaravel() {
      const jar = new CookieJar();
      await jar.fetch(`${php.url}/php/read`);
      const xsrf = decodeURIComponent(jar.cookies.get("XSRF-TOKEN") ?? "");
      const login = await jar.fetch(`${php.url}/php/login`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-xsrf-token": xsrf },
        body: "{}",
      });
      expect(login.status).toBe(200);
      return jar;
    },
    async stop() {
      await php.stop();
      await redis.stop();
    },
  };
}
