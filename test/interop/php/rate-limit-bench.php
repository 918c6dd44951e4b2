<?php
// Benchmark worker (one process, sequential): Laravel 8.83's own RateLimiter (phpredis, the redis
// cache store, its Repository firing cache events through the Application's dispatcher) doing what
// a login check or the throttle middleware does per request: tooManyAttempts() then hit(), i.e.
// GET, EVAL (add timer), EVAL (add counter), INCRBY: 4 round trips per pair. Reads a number N per
// line on stdin, runs N pairs back to back, answers "ok N": the bench amortises the pipe round trip
// over N.
$app = require __DIR__.'/bootstrap.php';

$limiter = new Illuminate\Cache\RateLimiter($app['cache']->store('redis'));
$key = getenv('BENCH_KEY') ?: 'bench:php';
$max = PHP_INT_MAX;
while (($line = fgets(STDIN)) !== false) {
    $n = (int) $line;
    for ($i = 0; $i < $n; $i++) {
        if (! $limiter->tooManyAttempts($key, $max)) {
            $limiter->hit($key, 3600);
        }
    }
    fwrite(STDOUT, "ok $n\n");
}
