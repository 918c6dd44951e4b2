/**
 * The doctor's human-readable output: one line per result, the runbook checks under each failure,
 * a closing count. (`--json` prints the DoctorReport itself.)
 */
import type { CheckResult, DoctorReport } from "./run-checks.js";

const MARK: Record<CheckResult["status"], string> = { ok: "✔", warn: "!", fail: "✘" };

/** The report as text lines, ready for stdout. */
export function formatReport(report: DoctorReport, heading: string): string {
  const lines = [heading, ""];
  for (const result of report.results) {
    lines.push(`${MARK[result.status]} ${result.check} [${result.target}] ${result.summary}`);
    const hints = result.error?.hints ?? [];
    if (hints.length > 0) {
      lines.push("    Check:");
      for (const hint of hints) lines.push(`    - ${hint}`);
    }
  }
  const failed = report.results.filter((result) => result.status === "fail").length;
  lines.push(
    "",
    failed === 0
      ? `All ${report.results.length} checks passed.`
      : `${failed} of ${report.results.length} checks failed.`,
  );
  return lines.join("\n");
}
