<?php
// Laravel dispatches jobs for the Node worker. stdin: {"count": N, "delayedEvery": k, "queue": "..."}
// Every k-th job is delayed by `delay` seconds; every `stringEvery`-th is a string job instead.
// stdout: {"uuids": [...], "now": unix seconds}
$app = require __DIR__ . '/queue-bootstrap.php';

use App\Jobs\PhpToNode;
use App\Models\Account;
use Illuminate\Support\Carbon;

$input = bridge_input();
// The models the jobs refer to exist, so that Laravel can restore them (RetryCommand unserializes).
$db = $app['db']->connection('sqlite');
$db->statement('create table if not exists accounts (id integer primary key)');
$db->transaction(function () use ($db, $input) {
    for ($i = 0; $i < $input['count']; $i++) {
        $db->statement('insert or ignore into accounts (id) values (?)', [1000 + $i]);
    }
});
$queue = $app['queue']->connection('redis');
$now = Carbon::now();
$uuids = [];
Illuminate\Queue\Queue::createPayloadUsing(function ($connection, $queue, $payload) use (&$uuids) {
    $uuids[] = $payload['uuid'];
    return [];
});
for ($i = 0; $i < $input['count']; $i++) {
    $account = new Account(['id' => 1000 + $i]);
    $account->exists = true;
    if (($input['stringEvery'] ?? 0) > 0 && $i % $input['stringEvery'] === 0) {
        $queue->push('App\Jobs\NodeString@handle', ['i' => $i, 'text' => "ünï/$i", 'big' => '123456789012345678'], $input['queue'] ?? null);
        continue;
    }
    $job = new PhpToNode($account, $i, "Grüße/ünïcode $i \"q\"", $now->copy()->addMinutes($i), "secret-$i", "note-$i", ['k' => $i, 'list' => [1.5, null]]);
    if (($input['delayedEvery'] ?? 0) > 0 && $i % $input['delayedEvery'] === 1) {
        $queue->later($input['delay'] ?? 1, $job, '', $input['queue'] ?? null);
    } else {
        $queue->push($job, '', $input['queue'] ?? null);
    }
}
bridge_output(['uuids' => $uuids, 'now' => $now->getTimestamp()]);
