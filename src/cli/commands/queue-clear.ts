/**
 * `laravel-bridge queue:clear [--queue=name] [--force]`: deletes every job of a queue (ready,
 * delayed, reserved) like `php artisan queue:clear`; refuses without --force when APP_ENV=production.
 */
import type { Command } from "commander";
import type { SetExitCode } from "./index.js";
import { withQueue } from "./queue-context.js";

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("queue:clear")
    .description("delete all jobs from a queue")
    .option("--queue <name>", "the queue (default: REDIS_QUEUE)")
    .option("--force", "run when APP_ENV=production")
    .action(async (options: { queue?: string; force?: boolean }) => {
      await withQueue(program, async ({ queue, bridge }) => {
        const name = options.queue ?? bridge.config.queue.redis.queue;
        if (bridge.config.app.env === "production" && !options.force) {
          process.stderr.write(`Application In Production: re-run with --force to clear [${name}].\n`);
          setExitCode(1);
          return;
        }
        const count = await queue.clear(name);
        process.stdout.write(`Cleared ${count} jobs from the [${name}] queue\n`);
      });
    });
}
