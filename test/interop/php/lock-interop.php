<?php
// Laravel's own Cache::lock, driven by the lock interop tests. stdin: {"mode": ..., ...}
//   contend: {"name", "n", "sleepMs"} n times block() + an "inside" marker (INCR/DECR) → overlaps
//   hold:    {"name", "seconds"} acquire and keep it → {"owner"}
//   block:   {"name", "seconds", "wait"} block($wait) → {"acquired", "elapsedMs"}
require __DIR__ . '/bootstrap.php';

use Illuminate\Support\Facades\Cache;
use Illuminate\Support\Facades\Redis;

$input = bridge_input();
$redis = Redis::connection('default');
switch ($input['mode']) {
    case 'contend':
        $redis->set('php-started', '1');
        $overlaps = 0;
        for ($i = 0; $i < $input['n']; $i++) {
            Cache::lock($input['name'], 5)
                ->betweenBlockedAttemptsSleepFor($input['sleepMs'])
                ->block(30, function () use ($redis, &$overlaps) {
                    if ($redis->incr('inside') !== 1) {
                        $overlaps++;
                    }
                    $redis->rpush('holders', 'php');
                    $redis->decr('inside');
                });
            usleep(3000); // think time outside the lock, like the Node loop
        }
        bridge_output(['overlaps' => $overlaps, 'iterations' => $input['n']]);
        break;
    case 'hold':
        $lock = Cache::lock($input['name'], $input['seconds']);
        bridge_output(['acquired' => $lock->get(), 'owner' => $lock->owner()]);
        break;
    case 'block':
        $started = microtime(true);
        $acquired = Cache::lock($input['name'], $input['seconds'])->betweenBlockedAttemptsSleepFor(50)->block($input['wait']);
        bridge_output(['acquired' => $acquired, 'elapsedMs' => (microtime(true) - $started) * 1000]);
        break;
}
