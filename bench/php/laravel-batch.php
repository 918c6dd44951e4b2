<?php
// Benchmark worker for bench/php/laravel-peer.ts: ONE long-lived PHP CLI process running Laravel
// 8.83's own cache code sequentially, as a PHP-FPM worker does (phpredis, the `redis` store, the
// Repository firing its events through the Application's dispatcher; no listeners).
//   BENCH_OP=cache-get  Cache::get(BENCH_KEY)                                    (1 GET)
//   BENCH_OP=lock       Cache::lock(BENCH_KEY, 10)->get() then ->release()       (SET NX EX + EVAL)
// Reads a number N per line on stdin, runs N operations back to back and answers one line,
// "ok <json of the last result>", so the bench pays the pipe round trip once per N operations.
// Bootstrap (autoload, container, connect) happens before the first answer, outside any timing.
require __DIR__ . '/../../test/interop/php/bootstrap.php';

use Illuminate\Support\Facades\Cache;

$op = getenv('BENCH_OP') ?: 'cache-get';
$key = getenv('BENCH_KEY') ?: 'big';

$run = match ($op) {
    'cache-get' => fn () => Cache::get($key),
    'lock' => function () use ($key) {
        $lock = Cache::lock($key, 10);
        $acquired = $lock->get();
        $lock->release();
        return $acquired;
    },
};

while (($line = fgets(STDIN)) !== false) {
    $n = (int) $line;
    $last = null;
    for ($i = 0; $i < $n; $i++) {
        $last = $run();
    }
    fwrite(STDOUT, 'ok ' . json_encode($last, JSON_PRESERVE_ZERO_FRACTION) . "\n");
}
