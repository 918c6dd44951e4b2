<?php
// The Laravel side of examples/06-consume-laravel-jobs.ts: Laravel dispatches this job onto the
// `node` queue, which only the Node worker listens to (`php artisan queue:work` keeps to `default`).
// The class must exist in the Laravel app so it can be constructed and serialized; its handle()
// never runs in PHP.
namespace App\Jobs;

use Illuminate\Bus\Queueable;
use Illuminate\Contracts\Queue\ShouldQueue;
use Illuminate\Foundation\Bus\Dispatchable;
use Illuminate\Queue\InteractsWithQueue;
use Illuminate\Support\Carbon;

class GenerateStatement implements ShouldQueue
{
    use Dispatchable, InteractsWithQueue, Queueable;

    public $tries = 3;

    public function __construct(public int $userId, public string $month, public Carbon $requestedAt)
    {
        $this->onQueue('node');
    }

    public function handle(): void
    {
        throw new \LogicException('GenerateStatement is handled by the Node worker (queue "node").');
    }
}
