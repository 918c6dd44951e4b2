/**
 * Laravel 8.83's web stack served by `php -S` (test/interop/php/session-server.php) on a free
 * loopback port, sharing a private redis-server and the APP_KEY with the Express app under test.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { PHP_SCRIPTS } from "../../../helpers/php.js";
import { freePort } from "../../../helpers/redis-server.js";

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
