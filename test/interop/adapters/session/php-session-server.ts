/**
 * Laravel 8.83's web stack served by `php -S` (test/interop/php/session-server.php) on a free
 * loopback port, sharing a private redis-server and the APP_KEY with the Express app under test.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { decodeCookieValue, decryptCookie } from "../../../../src/codecs/encrypter/index.js";
import { PHP_SCRIPTS } from "../../../helpers/php.js";
import { freePort } from "../../../helpers/redis-server.js";
import type { CookieJar, SessionTestApp } from "../../../integration/adapters/session/session-app.js";

export interface PhpSessionServer {
  url: string;
  stop(): Promise<void>;
  output(): string;
}

export async function startPhpSessionServer(env: Record<string, string>): Promise<PhpSessionServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    "php",
    [
      "-d",
      "error_reporting=E_ALL",
      "-d",
      "display_errors=stderr",
      "-S",
      `127.0.0.1:${port}`,
      join(PHP_SCRIPTS, "session-server.php"),
    ],
    { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (true) {
    if (child.exitCode !== null) throw new Error(`php -S exited (${child.exitCode}): ${output}`);
    try {
      await fetch(`${url}/ready`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`php -S did not start within 10 s: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Laravel's web stack beside `node`: the same Redis, prefixes, APP_KEY and session cookie name. */
export function startPhpSessionServerFor(node: SessionTestApp, redisPort: number): Promise<PhpSessionServer> {
  return startPhpSessionServer({
    REDIS_PORT: String(redisPort),
    REDIS_PREFIX: node.config.redis.prefix,
    CACHE_PREFIX: node.config.cache.prefix,
    APP_KEY: node.config.app.key,
    SESSION_COOKIE: node.config.session.cookie,
  });
}

/** The session id in `jar`'s session cookie, decrypted as EncryptCookies does on either side. */
export function sessionIdIn(node: SessionTestApp, jar: CookieJar): string {
  return decryptCookie(
    node.config.session.cookie,
    decodeCookieValue(jar.cookies.get(node.config.session.cookie) ?? ""),
    node.encrypter,
  ) as string;
}
