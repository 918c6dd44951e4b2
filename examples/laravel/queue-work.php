<?php
// Stand-in for `php artisan queue:work redis --queue=default --tries=3 --stop-when-empty` in the
// example test: there is no full Laravel skeleton here, so this boots Debian's Laravel 8.83 the way
// the interop tests do (Redis, cache, encrypter, queue, failed_jobs from env: REDIS_PORT,
// REDIS_PREFIX, CACHE_PREFIX, APP_KEY), loads the app's job classes and runs Illuminate\Queue\Worker.
// The jobs print what they did; exceptions the worker reports go to stderr; exit status = the worker's.
$app = require __DIR__ . '/../../test/interop/php/queue-bootstrap.php';
require __DIR__ . '/app/Jobs/SendPaymentReceipt.php';
require __DIR__ . '/app/Jobs/RecordAuditEvent.php';

$options = new Illuminate\Queue\WorkerOptions('default', 0, 128, 60, 0.05, 3, false, true);
$status = bridge_worker($app)->daemon('redis', 'default', $options);
foreach ($app[Illuminate\Contracts\Debug\ExceptionHandler::class]->reported as $reported) {
    fwrite(STDERR, "reported: {$reported}\n");
}
exit((int) $status);
