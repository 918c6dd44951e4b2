/**
 * 05 — Node dispatches, Laravel runs: a string job (`Queue::push('App\Jobs\RecordAuditEvent@handle',
 * $data)`) and a class job (`SendPaymentReceipt::dispatch(...)`), written onto Laravel's Redis queue
 * in the exact payload format of LARAVEL_VERSION, so `php artisan queue:work` picks them up.
 * The PHP side: examples/laravel/app/Jobs/{RecordAuditEvent,SendPaymentReceipt}.php.
 *
 * Run: REDIS_PORT=6379 CACHE_STORE=redis LARAVEL_VERSION=12 npx tsx examples/05-dispatch-to-laravel.ts
 *      then in the Laravel app: php artisan queue:work redis --stop-when-empty
 * (REDIS_QUEUE and REDIS_QUEUE_CONNECTION are read like config/queue.php reads them.)
 */
import { createBridge, EnqueueOutcomeUnknownError } from "../src/index.js"; // "laravel-redis-bridge"

// bridge.queue is Queue:: on the `redis` queue connection; APP_KEY matters only for ShouldBeEncrypted jobs.
const bridge = createBridge();

try {
  // A string job: Laravel calls RecordAuditEvent::handle($job, $data).
  const audit = await bridge.queue.push("App\\Jobs\\RecordAuditEvent@handle", {
    event: "payout.requested",
    userId: 42,
    at: new Date().toISOString(),
  });
  console.log(`pushed App\\Jobs\\RecordAuditEvent@handle onto queue ${audit.queue}`);

  // A class job: the PHP object is serialized as Laravel would (constructor-promoted public
  // properties here; protected/private ones take { name, value, visibility }). Date → Carbon.
  const receipt = await bridge.queue.dispatch({
    className: "App\\Jobs\\SendPaymentReceipt",
    properties: { paymentId: 1001, amountMinor: 12_50, currency: "EUR", paidAt: new Date() },
    tries: 3,
    backoff: [10, 60],
  });
  // null only for a ShouldBeUnique job whose unique lock is already held (not the case here).
  if (receipt === null) throw new Error("SendPaymentReceipt was not queued");
  console.log(`dispatched App\\Jobs\\SendPaymentReceipt onto queue ${receipt.queue} (uuid ${receipt.uuid})`);
  console.log(
    `queue ${receipt.queue} holds ${await bridge.queue.size()} jobs: run php artisan queue:work in the Laravel app`,
  );
} catch (error) {
  // The push may or may not have reached Redis (timeout mid-flight): do not blindly push again
  // for anything that moves money; check by uuid first (error.uuid), or make the job idempotent.
  if (error instanceof EnqueueOutcomeUnknownError)
    console.error(`job ${error.uuid} may or may not be queued: ${error.message}`);
  throw error;
} finally {
  await bridge.close(); // closes the queue's connection too
}
