/**
 * `laravel-bridge doctor [--json]`: resolves the configuration like Laravel, connects every Redis
 * connection, runs the doctor checks and explains each failure with the checks to run.
 * Exit code 0 when every check passes, 1 when one fails (2 for bad config, from main.ts).
 */
import type { Command } from "commander";
import type { BridgeConfig } from "../../config/bridge-config.js";
import { resolveConfig } from "../../config/resolve.js";
import { DOCTOR_CHECKS } from "../../doctor/doctor-checks.js";
import { formatReport } from "../../doctor/format-report.js";
import { runChecks } from "../../doctor/run-checks.js";
import { redactString } from "../../observability/redact.js";
import { ConnectionManager } from "../../redis/connection-manager.js";
import type { SetExitCode } from "./index.js";

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("doctor")
    .description("connect to every configured Redis connection, PING it and explain any failure")
    .option("--json", "print the report as JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      const { envFile } = command.optsWithGlobals<{ envFile?: string }>();
      const config = resolveConfig(envFile === undefined ? {} : { envFile });
      // One attempt per connection: a doctor reports, it does not wait for Redis to come back.
      const connections = new ConnectionManager(config.redis, { retry: { maxAttempts: 0 } });
      let report: Awaited<ReturnType<typeof runChecks>>;
      try {
        report = await runChecks(DOCTOR_CHECKS, { config, connections });
      } finally {
        await connections.close();
      }
      const heading = `laravel-bridge doctor (Laravel ${config.laravelVersion}, .env: ${config.envFile ?? "none"})`;
      const output = options.json ? JSON.stringify(report, null, 2) : formatReport(report, heading);
      // Belt and braces: no result should hold a secret, but scrub the configured ones anyway.
      process.stdout.write(`${redactString(output, secretsOf(config))}\n`);
      setExitCode(report.ok ? 0 : 1);
    });
}

function secretsOf(config: BridgeConfig): string[] {
  const passwords = Object.values(config.redis.connections).map((connection) => connection.password ?? "");
  return [...passwords, config.app.key, ...config.app.previousKeys, config.database.connection.password];
}
