<?php
// The Laravel side of the string job in examples/05-dispatch-to-laravel.ts:
// Queue::push('App\Jobs\RecordAuditEvent@handle', $data) calls handle($job, $data).
namespace App\Jobs;

use Illuminate\Contracts\Queue\Job;

class RecordAuditEvent
{
    public function handle(Job $job, array $data): void
    {
        // A real app writes the audit table: AuditEvent::create($data).
        echo "RecordAuditEvent: {$data['event']} by user {$data['userId']} at {$data['at']}\n";
        // A raw (string) job deletes itself, or it is released back onto the queue.
        $job->delete();
    }
}
