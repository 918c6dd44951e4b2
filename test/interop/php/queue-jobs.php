<?php
// Job classes for the queue interop tests. Effects go to Redis (default connection, REDIS_PREFIX):
// HINCRBY effects:php <uuid> 1 and HSET effects:php:data <uuid> <json of what the job saw>.
namespace App\Models {
    class Account extends \Illuminate\Database\Eloquent\Model
    {
        protected $table = 'accounts';
        protected $guarded = [];
        public $timestamps = false;
    }
}

namespace App\Jobs {
    use Illuminate\Bus\Queueable;
    use Illuminate\Contracts\Queue\ShouldQueue;
    use Illuminate\Queue\InteractsWithQueue;
    use Illuminate\Queue\Middleware\WithoutOverlapping;
    use Illuminate\Queue\SerializesModels;
    use Illuminate\Support\Carbon;
    use Illuminate\Support\Facades\Redis;

    function record($uuid, array $seen): void
    {
        $redis = Redis::connection('default');
        $redis->hincrby('effects:php', $uuid, 1);
        $redis->hset('effects:php:data', $uuid, json_encode($seen, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
    }

    function shouldFail(): bool
    {
        return Redis::connection('default')->get('php:fail-marked') === '1';
    }

    /** A string job handler: Queue::push('App\Jobs\RecordEffect@handle', $data). Raw handlers delete themselves. */
    class RecordEffect
    {
        public function handle($job, $data)
        {
            if (!empty($data['fail']) && shouldFail()) {
                throw new \RuntimeException('Asked to fail: ' . $data['i']);
            }
            record($job->uuid(), ['data' => $data, 'attempts' => $job->attempts(), 'queue' => $job->getQueue()]);
            $job->delete();
        }
    }

    /** A no-op string job (the bench): deletes itself, as raw handlers must. */
    class Noop
    {
        public function handle($job, $data)
        {
            $job->delete();
        }
    }

    /** A class job Node dispatches with protected/private props and a Carbon date. */
    class NodeClassJob implements ShouldQueue
    {
        use InteractsWithQueue, Queueable;
        public $tries = 2;
        protected $secret = 'default-secret';
        private $note = 'default-note';
        public function __construct(public int $n = 0, public string $text = '', public ?Carbon $when = null, public array $tags = []) {}
        public function handle()
        {
            record($this->job->uuid(), [
                'n' => $this->n, 'text' => $this->text, 'secret' => $this->secret, 'note' => $this->note,
                'when' => $this->when?->format('Y-m-d H:i:s.u e'), 'tags' => $this->tags, 'attempts' => $this->attempts(),
            ]);
        }
    }

    /** A class job Laravel dispatches for the Node worker. */
    class PhpToNode implements ShouldQueue
    {
        use InteractsWithQueue, Queueable, SerializesModels;
        public $tries = 3;
        public $backoff = [0];
        protected $secret;
        private $note;
        public function __construct(public \App\Models\Account $account, public int $n, public string $text, public Carbon $when, string $secret, string $note, public array $tags = [])
        {
            $this->secret = $secret;
            $this->note = $note;
        }
        public function handle() {}
    }

    /**
     * A class job behind Laravel's own WithoutOverlapping (key = account, releaseAfter, expireAfter 60),
     * for the overlap interop test. With `hold` it keeps the lock until the test pushes `overlap:go`
     * (at most 20 s), so that Node meets the lock held by PHP.
     */
    class OverlapJob implements ShouldQueue
    {
        use InteractsWithQueue, Queueable;
        public $tries = 3;
        public function __construct(public int $account = 0, public int $releaseAfter = 0, public bool $hold = false) {}
        public function middleware()
        {
            return [(new WithoutOverlapping((string) $this->account))->releaseAfter($this->releaseAfter)->expireAfter(60)];
        }
        public function handle()
        {
            record($this->job->uuid(), ['account' => $this->account, 'attempts' => $this->attempts()]);
            if ($this->hold) {
                $redis = Redis::connection('default');
                $redis->rpush('overlap:holding', $this->job->uuid());
                $redis->blpop(['overlap:go'], 20);
            }
        }
    }
}
