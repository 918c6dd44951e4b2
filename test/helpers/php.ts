/**
 * The PHP peer: runs a small script under test/interop/php/ with Debian's real Laravel 8.83
 * (php-cli + php-redis + php-laravel-framework). The script reads a JSON request on stdin and writes
 * a JSON answer on stdout; settings (REDIS_PORT, REDIS_PREFIX, APP_KEY, ...) come from `env`.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PHP_SCRIPTS = join(dirname(fileURLToPath(import.meta.url)), "..", "interop", "php");
const LARAVEL_AUTOLOAD = "/usr/share/php/Illuminate/autoload.php";
const APT = "apt-get install -y php-cli php-redis php-laravel-framework";

export function assertPhpLaravelInstalled(): void {
  const probe = spawnSync("php", ["-r", 'echo extension_loaded("redis") ? "ok" : "no-redis";'], {
    encoding: "utf8",
  });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `php was not found. Interop tests need real PHP and Laravel: run "${APT}" (or npm run setup as root).`,
    );
  }
  if (probe.stdout !== "ok") throw new Error(`php has no redis extension: run "${APT}".`);
  if (!existsSync(LARAVEL_AUTOLOAD))
    throw new Error(`Laravel is not installed under /usr/share/php: run "${APT}".`);
}

export interface PhpResult<T> {
  output: T;
  stderr: string;
}

/** Runs `test/interop/php/<script>.php` and returns its parsed JSON answer; rejects with PHP's stderr. */
export async function runPhp<T = unknown>(
  script: string,
  input: unknown = {},
  env: Record<string, string> = {},
): Promise<T> {
  return (await runPhpRaw<T>(script, input, env)).output;
}

export function runPhpRaw<T>(
  script: string,
  input: unknown,
  env: Record<string, string>,
): Promise<PhpResult<T>> {
  const path = join(PHP_SCRIPTS, `${script}.php`);
  return new Promise((resolve, reject) => {
    // The PHP process gets only what the test passes, so the developer's own env cannot leak in.
    const child = spawn("php", ["-d", "error_reporting=E_ALL", "-d", "display_errors=stderr", path], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      if (code !== 0) return reject(new Error(`php ${script}.php exited ${code}: ${stderr || stdout}`));
      try {
        resolve({ output: JSON.parse(stdout) as T, stderr });
      } catch {
        reject(new Error(`php ${script}.php printed no JSON: ${stdout.slice(0, 500)} ${stderr}`));
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}
