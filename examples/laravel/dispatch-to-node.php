<?php
// What the Laravel app does to hand work to the Node worker of examples/06-consume-laravel-jobs.ts,
// as a controller or `php artisan tinker` would: a class job and a string job on the `node` queue.
// Boots Debian's Laravel 8.83 like the interop tests (settings from env: REDIS_PORT, REDIS_PREFIX,
// CACHE_PREFIX, APP_KEY), since there is no full Laravel skeleton in this repository.
$app = require __DIR__ . '/../../test/interop/php/queue-bootstrap.php';
require __DIR__ . '/app/Jobs/GenerateStatement.php';

use App\Jobs\GenerateStatement;
use Illuminate\Support\Carbon;
use Illuminate\Support\Facades\Queue;

GenerateStatement::dispatch(42, '2024-05', Carbon::now());
Queue::push('App\Jobs\SyncFxRates@handle', ['pairs' => ['EUR-USD', 'EUR-GBP']], 'node');
echo "Laravel dispatched GenerateStatement and SyncFxRates@handle onto queue node\n";
