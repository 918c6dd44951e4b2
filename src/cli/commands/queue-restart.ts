/**
 * `laravel-bridge queue:restart`: `Cache::forever('illuminate:queue:restart', time())` in the default
 * cache store; Laravel's and the bridge's workers stop after their current job.
 */
import type { Command } from "commander";
import type { SetExitCode } from "./index.js";
import { withQueue } from "./queue-context.js";

export function register(program: Command, _setExitCode: SetExitCode): void {
  program
    .command("queue:restart")
    .description("restart queue workers (PHP and Node) after their current job")
    .action(async () => {
      await withQueue(program, async ({ queue }) => {
        await queue.restart();
        process.stdout.write("Broadcasting queue restart signal.\n");
      });
    });
}
