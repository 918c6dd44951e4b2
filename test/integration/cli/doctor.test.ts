import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../../src/config/resolve.js";
import { pingCheck } from "../../../src/doctor/checks/ping.js";
import { type DoctorCheck, type DoctorReport, runChecks } from "../../../src/doctor/run-checks.js";
import { ConnectionManager } from "../../../src/redis/connection-manager.js";
import { freePort, type PrivateRedisServer, startRedisServer } from "../../helpers/redis-server.js";
import { type ProcessResult, runProcess } from "../../helpers/run-process.js";

const CANARY = "canary-Doctor-3fa9c1";
const APP_KEY = `base64:${Buffer.alloc(32, 9).toString("base64")}`;
const ROOT = join(import.meta.dirname, "..", "..", "..");
const MAIN = join(ROOT, "src", "cli", "main.ts");

let server: PrivateRedisServer;
let dir: string;
let envFile: string;

beforeAll(async () => {
  server = await startRedisServer({ args: { requirepass: CANARY } });
  dir = mkdtempSync(join(tmpdir(), "lrb-doctor-"));
  envFile = join(dir, ".env");
  writeFileSync(
    envFile,
    `APP_NAME=Wallet\nAPP_KEY=${APP_KEY}\nREDIS_HOST=127.0.0.1\nREDIS_PASSWORD=${CANARY}\n`,
  );
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

function doctor(args: string[], env: Record<string, string>): Promise<ProcessResult> {
  return runProcess(process.execPath, ["--import", "tsx", MAIN, "--dotenv", envFile, "doctor", ...args], {
    cwd: ROOT,
    env: { DEBUG: "ioredis:*", ...env },
  });
}

function expectNoSecret(...texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(APP_KEY);
  }
}

describe("laravel-bridge doctor", () => {
  it("exits 0 and reports PONG for the default and cache connections when Redis is healthy", async () => {
    const { code, stdout, stderr } = await doctor(["--json"], { REDIS_PORT: String(server.port) });
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as DoctorReport;
    expect(report.ok).toBe(true);
    expect(report.results.map((r) => [r.check, r.target, r.status])).toEqual([
      ["redis.ping", "default", "ok"],
      ["redis.ping", "cache", "ok"],
    ]);
    expect(report.results[1]?.details).toMatchObject({ host: "127.0.0.1", port: server.port, database: 1 });
    expectNoSecret(stdout, stderr);
  });

  it("exits 1 with the typed error, its explanation and the checks to run, as JSON", async () => {
    const { code, stdout, stderr } = await doctor(["--json"], {
      REDIS_PORT: String(server.port),
      REDIS_PASSWORD: `${CANARY}-rotated`,
    });
    expect(code, stderr).toBe(1);
    const report = JSON.parse(stdout) as DoctorReport;
    expect(report.ok).toBe(false);
    const failed = report.results.find((r) => r.target === "default");
    expect(failed).toMatchObject({
      status: "fail",
      summary: "Redis requires authentication but REDIS_PASSWORD is missing or wrong.",
      error: { code: "ERR_REDIS_CONNECTION", kind: "auth" },
    });
    expect(failed?.error?.hints.length).toBeGreaterThan(1);
    expectNoSecret(stdout, stderr);
  });

  it("prints each failure with its runbook checks in text mode", async () => {
    const port = await freePort();
    const { code, stdout, stderr } = await doctor([], { REDIS_PORT: String(port) });
    expect(code, stderr).toBe(1);
    expect(stdout).toContain(
      `✘ redis.ping [default] Cannot reach Redis at 127.0.0.1:${port} (connection refused).`,
    );
    expect(stdout).toContain("    Check:\n    - that redis-server is running");
    expect(stdout).toContain("2 of 2 checks failed.");
    expectNoSecret(stdout, stderr);
  });

  it("exits 2 and names the variable when the configuration itself is invalid", async () => {
    const { code, stdout, stderr } = await doctor([], { REDIS_PORT: "abc" });
    expect(code).toBe(2);
    expect(stderr).toContain("REDIS_PORT");
    expectNoSecret(stdout, stderr);
  });
});

describe("runChecks", () => {
  it("turns a check that throws into one failed result and still runs the others", async () => {
    const config = resolveConfig({ envFile, env: { REDIS_PORT: String(server.port) } });
    const connections = new ConnectionManager(config.redis, { retry: { maxAttempts: 0 } });
    const broken: DoctorCheck = {
      id: "test.broken",
      title: "always throws",
      run: () => Promise.reject(new Error("check crashed")),
    };
    try {
      const report = await runChecks([broken, pingCheck], { config, connections });
      expect(report.ok).toBe(false);
      expect(report.results.map((r) => [r.check, r.status])).toEqual([
        ["test.broken", "fail"],
        ["redis.ping", "ok"],
        ["redis.ping", "ok"],
      ]);
      expect(report.results[0]).toMatchObject({
        summary: "check crashed",
        error: { code: "ERR_UNEXPECTED" },
      });
    } finally {
      await connections.close();
    }
  });
});
