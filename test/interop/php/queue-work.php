<?php
// Runs Illuminate\Queue\Worker::daemon like `php artisan queue:work redis` with the given options.
// stdin: {"queue": "default", "options": {...WorkerOptions...}, "nowOffset": seconds added to Carbon::now()}
// stdout: {"status": exit status, "reported": [exceptions the worker reported]}
$app = require __DIR__ . '/queue-bootstrap.php';

$input = bridge_input();
if (!empty($input['nowOffset'])) {
    // Delayed jobs from the test become due without waiting: Laravel's worker reads time from Carbon.
    Illuminate\Support\Carbon::setTestNow(Illuminate\Support\Carbon::now()->addSeconds($input['nowOffset']));
}
$o = $input['options'] ?? [];
$options = new Illuminate\Queue\WorkerOptions(
    'default', $o['backoff'] ?? 0, $o['memory'] ?? 512, $o['timeout'] ?? 60, $o['sleep'] ?? 0.05, $o['tries'] ?? 1,
    false, $o['stopWhenEmpty'] ?? true, $o['maxJobs'] ?? 0, $o['maxTime'] ?? 0, $o['rest'] ?? 0
);
$started = hrtime(true);
$status = bridge_worker($app)->daemon('redis', $input['queue'] ?? 'default', $options);
bridge_output([
    'status' => $status,
    'seconds' => (hrtime(true) - $started) / 1e9,
    'reported' => $app[Illuminate\Contracts\Debug\ExceptionHandler::class]->reported,
]);
