/**
 * `laravel-bridge queue:work --handlers ./jobs.js [--queue=high,default] [--once] [--stop-when-empty]
 * [--tries --timeout --backoff --sleep --rest --max-jobs --max-time --memory --concurrency]`: Laravel's
 * worker loop in Node. The handlers module exports `handlers` (job class or `Class@method` → function)
 * or `register(worker)`. SIGTERM/SIGINT finish the jobs in hand and exit 0; exit codes as Laravel's.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Command } from "commander";
import type { JobHandler } from "../../../adapters/queue/worker/context.js";
import { listenForSignals } from "../../../adapters/queue/worker/signals.js";
import type { Worker } from "../../../adapters/queue/worker/worker.js";
import type { SetExitCode } from "./index.js";
import { queueList, withQueue } from "./queue-context.js";

interface WorkOptions {
  handlers: string;
  queue?: string;
  once?: boolean;
  stopWhenEmpty?: boolean;
  tries: string;
  timeout: string;
  backoff: string;
  sleep: string;
  rest: string;
  maxJobs: string;
  maxTime: string;
  memory: string;
  concurrency: string;
  name: string;
  quiet?: boolean;
  progress: string;
}

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("queue:work")
    .description("process jobs from Laravel's Redis queues (like php artisan queue:work redis)")
    .requiredOption(
      "--handlers <module>",
      "a module exporting `handlers` ({ 'App\\\\Jobs\\\\X': fn }) or `register(worker)`",
    )
    .option("--queue <names>", "queues to work, in priority order (default: REDIS_QUEUE)")
    .option("--once", "process the next job only")
    .option("--stop-when-empty", "stop when the queue is empty")
    .option("--tries <n>", "attempts before a job fails (the job's own maxTries wins)", "1")
    .option("--timeout <seconds>", "seconds a job may run (must be < retry_after)", "60")
    .option("--backoff <seconds>", "seconds before retrying a failed job (comma list per attempt)", "0")
    .option("--sleep <seconds>", "seconds to wait when no job is available", "3")
    .option("--rest <seconds>", "seconds to rest between jobs", "0")
    .option("--max-jobs <n>", "stop after this many jobs", "0")
    .option("--max-time <seconds>", "stop after this many seconds", "0")
    .option("--memory <mb>", "stop (exit 12) when the process RSS reaches this", "256")
    .option("--concurrency <n>", "jobs processed at once", "1")
    .option("--name <name>", "the worker name", "default")
    .option("--quiet", "no per-job lines")
    .option(
      "--progress <seconds>",
      "print processed/failed counters and the rate this often (0 = never)",
      "10",
    )
    .action(async (options: WorkOptions) => {
      await withQueue(program, async ({ queue }) => {
        const worker = await queue.worker({
          name: options.name,
          ...(queueList(options.queue) ? { queues: queueList(options.queue) as string[] } : {}),
          once: options.once === true,
          stopWhenEmpty: options.stopWhenEmpty === true,
          tries: Number(options.tries),
          timeout: Number(options.timeout),
          backoff: options.backoff,
          sleep: Number(options.sleep),
          rest: Number(options.rest),
          maxJobs: Number(options.maxJobs),
          maxTime: Number(options.maxTime),
          memory: Number(options.memory),
          concurrency: Number(options.concurrency),
        });
        await loadHandlers(worker, options.handlers);
        const started = performance.now();
        if (!options.quiet) printJobs(worker);
        worker.on(
          "error",
          (error) => void process.stderr.write(`[${stamp()}] worker error: ${error.message}\n`),
        );
        const unlisten = listenForSignals(worker);
        const every = Number(options.progress) * 1000;
        const progress = every > 0 ? setInterval(() => printProgress(worker, started), every) : undefined;
        progress?.unref();
        try {
          const result = await worker.run();
          const seconds = (performance.now() - started) / 1000;
          const rate = seconds > 0 ? (result.processed + result.failed) / seconds : 0;
          process.stdout.write(
            `Worker stopped (${result.reason}): ${result.processed} processed, ${result.failed} failed, ${rate.toFixed(1)} jobs/s\n`,
          );
          setExitCode(result.status);
        } finally {
          clearInterval(progress);
          unlisten();
        }
      });
      // Like Laravel's worker process, exit once the worker stopped, even if a handler module
      // keeps a connection open; a loop that drains by itself exits sooner (the timer is unref'd).
      setTimeout(() => process.exit(), 1000).unref();
    });
}

async function loadHandlers(worker: Worker, path: string): Promise<void> {
  const module = (await import(pathToFileURL(resolve(path)).href)) as {
    handlers?: Record<string, JobHandler>;
    register?: (worker: Worker) => unknown;
  };
  if (typeof module.register === "function") await module.register(worker);
  for (const [name, handler] of Object.entries(module.handlers ?? {})) worker.handle(name, handler);
  if (typeof module.register !== "function" && module.handlers === undefined) {
    throw new Error(`${path} exports neither \`handlers\` nor \`register(worker)\`.`);
  }
}

/** Laravel's WorkCommand lines: `[date][id] Processing: Name`. */
function printJobs(worker: Worker): void {
  const line = (status: string) => (job: { id: string | null; name: string }) =>
    void process.stdout.write(`[${stamp()}][${job.id ?? ""}] ${`${status}:`.padEnd(11)} ${job.name}\n`);
  worker.on("processing", line("Processing")).on("processed", line("Processed")).on("failed", line("Failed"));
}

function printProgress(worker: Worker, started: number): void {
  const { processed, failed } = worker.stats();
  const seconds = (performance.now() - started) / 1000;
  const rate = seconds > 0 ? (processed + failed) / seconds : 0;
  process.stderr.write(`[${stamp()}] ${processed} processed, ${failed} failed, ${rate.toFixed(1)} jobs/s\n`);
}

function stamp(): string {
  return new Date().toISOString().slice(0, 19).replace("T", " ");
}
