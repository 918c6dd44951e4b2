<?php
// Laravel dispatches one App\Jobs\OverlapJob (WithoutOverlapping on its account) onto a queue.
// stdin: {"account": N, "releaseAfter": seconds, "hold": bool, "queue": "..."}
// stdout: {"uuid": "...", "lockKey": WithoutOverlapping::getLockKey() as Laravel computes it}
$app = require __DIR__ . '/queue-bootstrap.php';

use App\Jobs\OverlapJob;

$input = bridge_input();
$uuid = null;
Illuminate\Queue\Queue::createPayloadUsing(function ($connection, $queue, $payload) use (&$uuid) {
    $uuid = $payload['uuid'];
    return [];
});
$job = new OverlapJob($input['account'], $input['releaseAfter'] ?? 0, $input['hold'] ?? false);
$app['queue']->connection('redis')->push($job, '', $input['queue'] ?? null);
bridge_output(['uuid' => $uuid, 'lockKey' => $job->middleware()[0]->getLockKey($job)]);
