/**
 * `laravel-bridge queue:retry <uuid...|all> [--queue=name]`: like `php artisan queue:retry`, pushes
 * failed jobs back with `attempts` reset and Laravel's plain json_encode re-encoding, then forgets them.
 */
import type { Command } from "commander";
import type { SetExitCode } from "./index.js";
import { withQueue } from "./queue-context.js";

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("queue:retry [ids...]")
    .description('retry failed jobs by uuid, "all", or --queue')
    .option("--queue <name>", "retry every failed job of this queue")
    .action(async (ids: string[], options: { queue?: string }) => {
      await withQueue(program, async ({ queue }) => {
        const failer = await queue.failer();
        let uuids = ids;
        if (ids.length === 1 && ids[0] === "all") uuids = (await failer.all()).map((r) => r.uuid);
        else if (options.queue) {
          uuids = (await failer.all()).filter((r) => r.queue === options.queue).map((r) => r.uuid);
          if (uuids.length === 0)
            process.stderr.write(`Unable to find failed jobs for queue [${options.queue}].\n`);
        }
        for (const result of await queue.retry([...new Set(uuids)])) {
          if (result.pushed)
            process.stdout.write(`The failed job [${result.uuid}] has been pushed back onto the queue!\n`);
          else {
            process.stderr.write(`Unable to find failed job with ID [${result.uuid}].\n`);
            setExitCode(1);
          }
        }
      });
    });
}
