/**
 * The doctor's engine: runs a list of checks (one file per check under checks/) and collects their
 * findings into one report. A later issue adds security, durability and key-layout checks by
 * adding files to DOCTOR_CHECKS; the CLI and the report format do not change.
 */
import type { BridgeConfig } from "../config/bridge-config.js";
import { BridgeError } from "../errors/bridge-error.js";
import { RedisConnectionError } from "../errors/connection-error.js";
import type { ConnectionManager } from "../redis/connection-manager.js";

export type CheckStatus = "ok" | "warn" | "fail";

/** One finding: a check applied to one target (a connection, a store…). Never holds a secret. */
export interface CheckResult {
  /** The check's id, e.g. `redis.ping`. */
  check: string;
  /** What it looked at, e.g. the connection name `cache`. */
  target: string;
  status: CheckStatus;
  /** One line: "PONG in 0.4 ms" or the failure's headline. */
  summary: string;
  /** Evidence: host, port, database, latency… */
  details?: Record<string, string | number | boolean | null>;
  /** For failures: the typed error's code and kind, and the checks to run (runbook). */
  error?: { code: string; kind?: string; message: string; hints: readonly string[] };
}

/** What every check may use: the resolved config and live connections. */
export interface DoctorContext {
  config: BridgeConfig;
  connections: ConnectionManager;
}

export interface DoctorCheck {
  /** Stable id, `<area>.<name>`. */
  id: string;
  /** What it verifies, for `doctor --help`-style listings. */
  title: string;
  run(context: DoctorContext): Promise<CheckResult[]>;
}

export interface DoctorReport {
  /** True when no result failed (warnings do not fail the doctor). */
  ok: boolean;
  results: CheckResult[];
}

/**
 * Runs the checks one after another (each may run its targets in parallel). A check that throws
 * instead of reporting becomes one failed result, so one broken check never hides the others.
 */
export async function runChecks(
  checks: readonly DoctorCheck[],
  context: DoctorContext,
): Promise<DoctorReport> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    try {
      results.push(...(await check.run(context)));
    } catch (error) {
      results.push(failure(check.id, "*", error));
    }
  }
  return { ok: results.every((result) => result.status !== "fail"), results };
}

/** A failed result from an error: the headline and hints of a RedisConnectionError, else its message. */
export function failure(
  check: string,
  target: string,
  error: unknown,
  details?: CheckResult["details"],
): CheckResult {
  const message = error instanceof Error ? error.message : String(error);
  const summary = error instanceof RedisConnectionError ? error.headline : message;
  const result: CheckResult = {
    check,
    target,
    status: "fail",
    summary,
    error: {
      code: error instanceof BridgeError ? error.code : "ERR_UNEXPECTED",
      ...(error instanceof RedisConnectionError ? { kind: error.kind } : {}),
      message,
      hints: error instanceof RedisConnectionError ? error.hints : [],
    },
  };
  if (details) result.details = details;
  return result;
}
