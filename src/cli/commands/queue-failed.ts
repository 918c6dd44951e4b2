/**
 * `laravel-bridge queue:failed`: the failed_jobs table like `php artisan queue:failed`
 * (ID, Connection, Queue, Class, Failed At; newest first). `queue:forget <uuid>`, `queue:flush
 * [--hours]` and `queue:prune-failed [--hours=24]` manage it as artisan's commands do.
 */
import type { Command } from "commander";
import type { SetExitCode } from "./index.js";
import { jobNameOf, withQueue } from "./queue-context.js";

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("queue:failed")
    .description("list the failed jobs (failed_jobs table, newest first)")
    .action(async () => {
      await withQueue(program, async ({ queue }) => {
        const rows = await (await queue.failer()).all();
        if (rows.length === 0) {
          process.stdout.write("No failed jobs!\n");
          return;
        }
        const table = rows.map((r) => [r.uuid, r.connection, r.queue, jobNameOf(r.payload), r.failedAt]);
        process.stdout.write(formatTable(["ID", "Connection", "Queue", "Class", "Failed At"], table));
      });
    });
  program
    .command("queue:forget <uuid>")
    .description("delete a failed job")
    .action(async (uuid: string) => {
      await withQueue(program, async ({ queue }) => {
        if (await (await queue.failer()).forget(uuid))
          process.stdout.write("Failed job deleted successfully!\n");
        else {
          process.stderr.write(`No failed job matches the given ID [${uuid}].\n`);
          setExitCode(1);
        }
      });
    });
  program
    .command("queue:flush")
    .description("delete all failed jobs (--hours: only those older than that)")
    .option("--hours <n>", "only failed jobs older than this many hours")
    .action(async (options: { hours?: string }) => {
      await withQueue(program, async ({ queue }) => {
        const count = await (await queue.failer()).flush(
          options.hours === undefined ? undefined : Number(options.hours),
        );
        process.stdout.write(`All failed jobs deleted successfully! (${count})\n`);
      });
    });
  program
    .command("queue:prune-failed")
    .description("prune failed jobs older than --hours (default 24)")
    .option("--hours <n>", "hours of failed jobs to keep", "24")
    .action(async (options: { hours: string }) => {
      await withQueue(program, async ({ queue, bridge }) => {
        const before = new Date(bridge.clock.now() - Number(options.hours) * 3_600_000);
        const count = await (await queue.failer()).prune(before);
        process.stdout.write(`${count} entries deleted!\n`);
      });
    });
}

export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = `+${widths.map((w) => "-".repeat(w + 2)).join("+")}+\n`;
  const row = (cells: readonly string[]) =>
    `|${cells.map((c, i) => ` ${(c ?? "").padEnd(widths[i] ?? 0)} `).join("|")}|\n`;
  return line + row(headers) + line + rows.map(row).join("") + line;
}
