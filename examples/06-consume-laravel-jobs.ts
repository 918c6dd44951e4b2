/**
 * 06 — Laravel dispatches, Node runs: a Node worker on Laravel's Redis queue, with `queue:work`'s
 * semantics (tries, backoff, timeout, retry_after, `php artisan queue:restart` stops it too).
 * Give Node its own queue (`->onQueue('node')` in Laravel) so PHP workers never pop Node's jobs.
 * The PHP side: examples/laravel/app/Jobs/GenerateStatement.php, examples/laravel/dispatch-to-node.php.
 *
 * Jobs that fail for good go to the `failed_jobs` table of DB_CONNECTION (DB_HOST, DB_DATABASE, ...),
 * where `php artisan queue:failed` and `queue:retry` see them.
 *
 * Run: REDIS_PORT=6379 APP_KEY=base64:... CACHE_STORE=redis DB_CONNECTION=mysql DB_DATABASE=... \
 *        [NODE_QUEUE=node] npx tsx examples/06-consume-laravel-jobs.ts            # until Ctrl-C (SIGTERM: finish, then stop)
 *      then in the Laravel app: GenerateStatement::dispatch(42, '2024-05', now());
 * Self-test: EXAMPLE_SELF_TEST=1 handles what is queued and stops when the queue is empty.
 */
import { z } from "zod";
import { listenForSignals } from "../adapters/queue/index.js"; // "laravel-redis-bridge/queue"
import { createBridge } from "../src/index.js"; // "laravel-redis-bridge"
import { selfTest } from "./support/self-test.js";

const bridge = createBridge();

// What the jobs carry. A class job arrives as its properties (Carbon → Date); validate them, since
// the PHP class can change shape in a deploy this service did not take part in.
const GenerateStatement = z.object({
  userId: z.number().int().positive(),
  month: z.string().regex(/^\d{4}-\d{2}$/),
  requestedAt: z.date(),
});
const SyncFxRates = z.object({ pairs: z.array(z.string().regex(/^[A-Z]{3}-[A-Z]{3}$/)) });
const latestRates: Record<string, string> = { "EUR-USD": "1.0842", "EUR-GBP": "0.8561" };

// bridge.queue's worker decrypts ShouldBeEncrypted jobs (APP_KEY), reads Laravel's queue:restart
// signal from the default cache store and connects the failed_jobs table now, so a bad DB_* fails here.
const worker = await bridge.queue.worker({
  queues: [process.env.NODE_QUEUE ?? "node"],
  tries: 3, // the job's own $tries wins, as in Laravel
  backoff: [5, 30],
  timeout: 30, // must stay below retry_after (REDIS_QUEUE_RETRY_AFTER, 90 s by default)
  sleep: selfTest ? 0.05 : 3,
  stopWhenEmpty: selfTest,
});

worker
  .handle("App\\Jobs\\GenerateStatement", async (data, job) => {
    const { userId, month } = GenerateStatement.parse(data);
    // Render the PDF, store it... A handler that returns deletes the job; one that throws is retried.
    console.log(`GenerateStatement: statement ${month} for user ${userId} (attempt ${job.attempts()})`);
  })
  .handle("App\\Jobs\\SyncFxRates@handle", async (data) => {
    const { pairs } = SyncFxRates.parse(data);
    // Cache::put('fx:EUR-USD', ...) — Laravel reads these with Cache::get.
    for (const pair of pairs)
      await bridge.cache.put(`fx:${pair}`, { pair, rate: latestRates[pair] ?? null }, 300);
    console.log(`SyncFxRates: cached ${pairs.join(", ")} for Laravel`);
  })
  .on("failed", (job, error) => console.error(`job ${job.name} failed for good: ${error.message}`));

const stopListening = listenForSignals(worker); // SIGTERM/SIGINT: finish the job in hand, then stop
try {
  const result = await worker.run();
  console.log(`worker stopped (${result.reason}): ${result.processed} processed, ${result.failed} failed`);
} finally {
  stopListening();
  await bridge.close(); // the failed_jobs connection too
}
