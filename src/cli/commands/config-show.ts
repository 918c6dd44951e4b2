/**
 * `laravel-bridge config:show [--json]`: the resolved configuration (like `php artisan config:show`),
 * where each value came from (env, .env, url, default, override), and the keys it produces in Redis,
 * with passwords, APP_KEY and previous keys redacted. Honours the global `--dotenv <path>`.
 */
import type { Command } from "commander";
import type { BridgeConfig } from "../../config/bridge-config.js";
import { configRows, type ReportRow, redactedConfig } from "../../config/config-report.js";
import { type KeyExample, keyLayout } from "../../config/key-layout.js";
import { configFormat } from "../../config/laravel-versions.js";
import { resolveConfig } from "../../config/resolve.js";
import type { SetExitCode } from "./index.js";

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text.padEnd(width);
}

function rowLines(rows: ReportRow[]): string[] {
  const keyWidth = Math.max(...rows.map((row) => row.key.length)) + 2;
  const valueWidth = Math.min(40, Math.max(...rows.map((row) => row.value.length)) + 2);
  const lines: string[] = [];
  for (const row of rows) {
    const origin = row.variable === undefined ? row.source : `${pad(row.source, 9)}${row.variable}`;
    lines.push(`  ${pad(row.key, keyWidth)}${pad(row.value, valueWidth)}${origin}`.trimEnd());
    if (row.note !== undefined) lines.push(`  ${" ".repeat(keyWidth)}↳ ${row.note}`);
  }
  return lines;
}

function keyLines(keys: KeyExample[]): string[] {
  const labelWidth = Math.max(...keys.map((key) => key.label.length)) + 2;
  const lines: string[] = [];
  for (const key of keys) {
    const where = `${key.connection} (DB ${key.database ?? "?"})`;
    lines.push(`  ${pad(key.label, labelWidth)}${pad(where, 16)}${key.key}`);
    if (key.note !== undefined) lines.push(`  ${" ".repeat(labelWidth)}↳ ${key.note}`);
  }
  return lines;
}

/** The text report; no secret ever reaches it (configRows redacts first). */
export function renderConfigText(config: BridgeConfig): string {
  const lines = [
    `laravel-redis-bridge configuration for LARAVEL_VERSION=${config.laravelVersion} (defaults of ${configFormat(config.laravelVersion).skeleton})`,
    `.env file: ${config.envFile ?? "none (./.env not found; ENV_FILE or --dotenv name another)"}`,
    "",
    "Configuration (key, value, source, variable)",
    ...rowLines(configRows(config)),
    "",
    "Key layout (what, connection (DB), full key in Redis)",
    ...keyLines(keyLayout(config)),
    "",
    "Set REDIS_PREFIX and CACHE_PREFIX explicitly when the Laravel app's published config differs from its skeleton.",
  ];
  return `${lines.join("\n")}\n`;
}

/** The JSON report: redacted config, provenance rows and key layout. */
export function renderConfigJson(config: BridgeConfig): string {
  const report = {
    laravelVersion: config.laravelVersion,
    envFile: config.envFile ?? null,
    config: redactedConfig(config),
    values: configRows(config),
    keyLayout: keyLayout(config),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("config:show")
    .description("Print the resolved configuration, where each value came from, and the resulting Redis keys")
    .option("--json", "machine-readable output")
    .action((options: { json?: boolean }, command: Command) => {
      const globals = command.optsWithGlobals<{ envFile?: string }>();
      const config = resolveConfig(globals.envFile === undefined ? {} : { envFile: globals.envFile });
      process.stdout.write(options.json ? renderConfigJson(config) : renderConfigText(config));
      setExitCode(0);
    });
}
