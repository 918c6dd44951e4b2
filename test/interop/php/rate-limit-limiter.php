<?php
// Runs Laravel 8.83's RateLimiter (on the `redis` cache store of bootstrap.php) for a list of calls.
// Input: {"ops": [{"op": "hit"|"tooManyAttempts"|"attempts"|"availableIn"|"clear"|"remaining"|"resetAttempts", "key": "...", "max": 5, "decay": 60}]}
// Output: {"results": [...], "now": time()}
$app = require __DIR__.'/bootstrap.php';

$limiter = new Illuminate\Cache\RateLimiter($app['cache']->store('redis'));
$results = [];
foreach (bridge_input()['ops'] as $op) {
    $key = $op['key'];
    switch ($op['op']) {
        case 'hit': $results[] = $limiter->hit($key, $op['decay'] ?? 60); break;
        case 'tooManyAttempts': $results[] = $limiter->tooManyAttempts($key, $op['max']); break;
        case 'attempts': $results[] = (int) $limiter->attempts($key); break;
        case 'availableIn': $results[] = $limiter->availableIn($key); break;
        case 'remaining': $results[] = $limiter->remaining($key, $op['max']); break;
        case 'resetAttempts': $results[] = $limiter->resetAttempts($key); break;
        case 'clear': $limiter->clear($key); $results[] = null; break;
        default: throw new InvalidArgumentException('unknown op '.$op['op']);
    }
}
bridge_output(['results' => $results, 'now' => time()]);
