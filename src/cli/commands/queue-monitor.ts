/**
 * `laravel-bridge queue:size [queues]` and `queue:monitor <queues> [--max=1000]`: pending, delayed,
 * reserved and failed jobs per queue; monitor exits 1 when a queue's size reaches --max (alerting).
 */
import type { Command } from "commander";
import type { SetExitCode } from "./index.js";
import { type QueueCommandContext, queueList, withQueue } from "./queue-context.js";
import { formatTable } from "./queue-failed.js";

async function sizes(context: QueueCommandContext, names: readonly string[]) {
  let failed: Array<{ queue: string }> = [];
  try {
    failed = await (await context.queue.failer()).all();
  } catch (error) {
    process.stderr.write(`failed_jobs unavailable: ${(error as Error).message}\n`);
  }
  return Promise.all(
    names.map(async (name) => {
      const s = await context.queue.connection().sizes(name);
      return {
        name,
        ...s,
        size: s.pending + s.delayed + s.reserved,
        failed: failed.filter((f) => f.queue === name).length,
      };
    }),
  );
}

export function register(program: Command, setExitCode: SetExitCode): void {
  const run = async (queues: string | undefined, max: number | null) => {
    await withQueue(program, async (context) => {
      const names = queueList(queues) ?? [context.bridge.config.queue.redis.queue];
      const rows = await sizes(context, names);
      const alert = (size: number) => max !== null && size >= max;
      process.stdout.write(
        formatTable(
          ["Queue", "Pending", "Delayed", "Reserved", "Failed", "Size", "Status"],
          rows.map((r) => [
            r.name,
            ...[r.pending, r.delayed, r.reserved, r.failed, r.size].map(String),
            alert(r.size) ? "ALERT" : "OK",
          ]),
        ),
      );
      if (rows.some((r) => alert(r.size))) setExitCode(1);
    });
  };
  program
    .command("queue:size [queues]")
    .description("pending, delayed, reserved and failed jobs per queue (comma-separated)")
    .action((queues: string | undefined) => run(queues, null));
  program
    .command("queue:monitor <queues>")
    .description("like queue:size; exit 1 when a queue holds --max jobs or more")
    .option("--max <n>", "the alert threshold", "1000")
    .action((queues: string, options: { max: string }) => run(queues, Number(options.max)));
}
