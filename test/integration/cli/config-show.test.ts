import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runProcess } from "../../helpers/run-process.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const MAIN = join(ROOT, "src", "cli", "main.ts");
const CANARY = "canary-pw-51c2e";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `laravel-bridge <args>` as a process in an empty directory, with only `env` set. */
function cli(args: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  return runProcess(TSX, [MAIN, ...args], { cwd, env: { DEBUG: "*", ...env } });
}

describe("laravel-bridge config:show", () => {
  const dir = mkdtempSync(join(tmpdir(), "bridge-config-show-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const envFile = join(dir, "app.env");
  writeFileSync(
    envFile,
    [
      "LARAVEL_VERSION=8",
      'APP_NAME="Pay Wallet"',
      `APP_KEY=base64:${Buffer.alloc(32, 7).toString("base64")}`,
      `REDIS_PASSWORD=${CANARY}`,
      `REDIS_URL="rediss://app:${CANARY}@redis.internal:6380"`,
      "CACHE_DRIVER=redis",
      "CACHE_STORE=file",
      `DB_PASSWORD=${CANARY}`,
      "",
    ].join("\n"),
  );

  it("prints values, sources and the key layout of the --dotenv file, with every secret redacted", async () => {
    const run = await cli(["--dotenv", envFile, "config:show"], { REDIS_DB: "3" }, dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`.env file: ${envFile}`);
    expect(run.stdout).toMatch(/database\.redis\.default\.host\s+"redis\.internal"\s+url\s+REDIS_URL/);
    expect(run.stdout).toMatch(/database\.redis\.default\.database\s+3\s+env\s+REDIS_DB/);
    expect(run.stdout).toMatch(/database\.redis\.default\.password\s+\(set, redacted\)\s+url/);
    expect(run.stdout).toMatch(/app\.key\s+\(set, redacted\)\s+\.env\s+APP_KEY/);
    expect(run.stdout).toContain("CACHE_STORE ignored: LARAVEL_VERSION=8 reads CACHE_DRIVER");
    expect(run.stdout).toMatch(
      /cache item 'users:42' \(Cache::put\)\s+cache \(DB 1\)\s+pay_wallet_database_pay_wallet_cache:users:42/,
    );
    expect(run.stdout).toMatch(
      /queue \[default\] \(Queue::push\)\s+default \(DB 3\)\s+pay_wallet_database_queues:default/,
    );
    expect(run.stdout + run.stderr).not.toContain(CANARY);
  });

  it("prints the same report as JSON with --json, still without secrets", async () => {
    const run = await cli(["config:show", "--json"], { ENV_FILE: envFile }, dir);
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(CANARY);
    const report = JSON.parse(run.stdout) as {
      laravelVersion: number;
      envFile: string;
      config: { redis: { connections: { default: { password: string; host: string } } } };
      values: Array<{ key: string; source: string }>;
      keyLayout: Array<{ label: string; key: string; database: number }>;
    };
    expect(report).toMatchObject({ laravelVersion: 8, envFile });
    expect(report.config.redis.connections.default).toMatchObject({
      password: "(set, redacted)",
      host: "redis.internal",
    });
    expect(report.values.find((row) => row.key === "cache.default")).toMatchObject({ source: ".env" });
    expect(report.keyLayout[0]).toMatchObject({
      key: "pay_wallet_database_pay_wallet_cache:users:42",
      database: 1,
    });
  });

  it("runs with no .env at all on the Laravel 12 defaults", async () => {
    const run = await cli(["config:show"], {}, dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(".env file: none");
    expect(run.stdout).toContain("laravel-database-laravel-cache-users:42");
  });

  it("exits 2 with the variable and the bad value when the configuration is invalid", async () => {
    const run = await cli(["config:show"], { REDIS_PORT: "abc" }, dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('ConfigError: REDIS_PORT must be a port number, got "abc"\n');
    expect(run.stdout).toBe("");
  });

  it("honours --dotenv after the command name too", async () => {
    const run = await cli(["config:show", "--dotenv", envFile], {}, dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("LARAVEL_VERSION=8");
  });

  // The flag is --dotenv, not --env-file: Node 20 claims `--env-file <path>` anywhere in argv (it exits 9
  // on a missing file and loads an existing one into the real environment, hiding where values came from).
  it("exits 2 when the file --dotenv names does not exist", async () => {
    const run = await cli(["--dotenv", join(dir, "missing.env"), "config:show"], {}, dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing.env");
  });

  it("exits 2 when the named .env file does not exist", async () => {
    const run = await cli(["config:show"], { ENV_FILE: join(dir, "missing.env") }, dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `ConfigError: ENV_FILE names ${join(dir, "missing.env")}, which does not exist\n`,
    );
  });
});
