<?php
// Laravel's own Cache::get in a loop, for bench/php-cache-get.ts. stdin: {"key", "startAt" (epoch ms),
// "ms"}. Waits until startAt (so several processes run at once), calls Cache::get($key) for ms
// milliseconds on Laravel 8.83's RedisStore, and reports its own count: bootstrap time is not measured.
require __DIR__ . '/../../test/interop/php/bootstrap.php';

use Illuminate\Support\Facades\Cache;

$input = bridge_input();
$store = Cache::store('redis');
$store->get($input['key']); // connect before the clock starts
while (microtime(true) * 1000 < $input['startAt']) {
    usleep(1000);
}
$start = microtime(true);
$deadline = $start + $input['ms'] / 1000;
$calls = 0;
$value = null;
while (microtime(true) < $deadline) {
    for ($i = 0; $i < 16; $i++) {
        $value = $store->get($input['key']);
    }
    $calls += 16;
}
$elapsed = (microtime(true) - $start) * 1000;
bridge_output(['calls' => $calls, 'elapsedMs' => $elapsed, 'json' => json_encode($value)]);
