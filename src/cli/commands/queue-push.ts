/**
 * `laravel-bridge queue:push <job> --data <json> [--queue=name] [--delay=seconds]`: a string job
 * (`App\Jobs\Handler@handle`) in Laravel's payload format; prints the job id and uuid.
 */
import type { Command } from "commander";
import type { SetExitCode } from "./index.js";
import { withQueue } from "./queue-context.js";

export function register(program: Command, _setExitCode: SetExitCode): void {
  program
    .command("queue:push <job>")
    .description("push a string job (Class@method) with JSON data")
    .option("--data <json>", "the job data as JSON", "[]")
    .option("--queue <name>", "the queue (default: REDIS_QUEUE)")
    .option("--delay <seconds>", "make it available after this many seconds")
    .action(async (job: string, options: { data: string; queue?: string; delay?: string }) => {
      const data: unknown = JSON.parse(options.data);
      await withQueue(program, async ({ queue }) => {
        const pushed = await queue.push(job, data, {
          ...(options.queue ? { queue: options.queue } : {}),
          ...(options.delay ? { delay: Number(options.delay) } : {}),
        });
        process.stdout.write(
          `Pushed [${job}] onto [${pushed.queue}]: id ${pushed.id}, uuid ${pushed.uuid}\n`,
        );
      });
    });
}
