<?php
// The minimal container Illuminate\Queue\Worker needs, on top of bootstrap.php (Redis, cache,
// encrypter): the queue manager with the redis connector, events, the bus dispatcher, an exception
// handler, the database manager (SQLite file FAILED_DB) and the database-uuids failed job provider,
// logging failed jobs exactly as WorkCommand does. Settings come from the environment.
$app = require __DIR__ . '/bootstrap.php';
require __DIR__ . '/queue-jobs.php';

use Illuminate\Database\Capsule\Manager as Capsule;
use Illuminate\Queue\Events\JobFailed;

if (!extension_loaded('pdo_sqlite')) {
    fwrite(STDERR, "PHP has no pdo_sqlite: run \"apt-get install -y php-sqlite3\".\n");
    exit(3);
}

$app['config']->set('queue', [
    'default' => 'redis',
    'connections' => [
        'redis' => [
            'driver' => 'redis',
            'connection' => 'default',
            'queue' => bridge_env('REDIS_QUEUE', 'default'),
            'retry_after' => (int) bridge_env('QUEUE_RETRY_AFTER', '90'),
            'block_for' => bridge_env('QUEUE_BLOCK_FOR') === null ? null : (int) bridge_env('QUEUE_BLOCK_FOR'),
        ],
    ],
    'failed' => ['driver' => 'database-uuids', 'database' => 'sqlite', 'table' => 'failed_jobs'],
]);

$app->singleton('events', fn ($app) => new Illuminate\Events\Dispatcher($app));
$app->alias('events', Illuminate\Contracts\Events\Dispatcher::class);
$app->singleton('queue', function ($app) {
    $manager = new Illuminate\Queue\QueueManager($app);
    $manager->addConnector('redis', fn () => new Illuminate\Queue\Connectors\RedisConnector($app['redis']));
    return $manager;
});
$app->alias('queue', Illuminate\Contracts\Queue\Factory::class);
$app->singleton(Illuminate\Contracts\Bus\Dispatcher::class, fn ($app) => new Illuminate\Bus\Dispatcher($app, fn ($connection = null) => $app['queue']->connection($connection)));
$app->alias('encrypter', Illuminate\Contracts\Encryption\Encrypter::class);
$app->alias('cache.store', Illuminate\Contracts\Cache\Repository::class);

class BridgeExceptionHandler implements Illuminate\Contracts\Debug\ExceptionHandler
{
    public array $reported = [];
    public function report(Throwable $e) { $this->reported[] = get_class($e) . ': ' . $e->getMessage(); }
    public function shouldReport(Throwable $e) { return true; }
    public function render($request, Throwable $e) { throw $e; }
    public function renderForConsole($output, Throwable $e) { fwrite(STDERR, (string) $e); }
}
$app->singleton(Illuminate\Contracts\Debug\ExceptionHandler::class, fn () => new BridgeExceptionHandler());

$capsule = new Capsule($app);
$capsule->addConnection(['driver' => 'sqlite', 'database' => bridge_env('FAILED_DB', ':memory:'), 'prefix' => ''], 'sqlite');
$app->instance('db', $capsule->getDatabaseManager());
// Eloquent, for SerializesModels: RetryCommand unserializes commands and restores their models.
Illuminate\Database\Eloquent\Model::setConnectionResolver($app['db']);
$app['db']->setDefaultConnection('sqlite');
$app->singleton('queue.failer', fn ($app) => new Illuminate\Queue\Failed\DatabaseUuidFailedJobProvider($app['db'], 'sqlite', 'failed_jobs'));

// WorkCommand::logFailedJob
$app['events']->listen(JobFailed::class, function (JobFailed $event) use ($app) {
    $app['queue.failer']->log($event->connectionName, $event->job->getQueue(), $event->job->getRawBody(), $event->exception);
});

/** A Laravel worker as `php artisan queue:work redis --queue=… --tries=… …` builds it. */
function bridge_worker($app): Illuminate\Queue\Worker
{
    $worker = new Illuminate\Queue\Worker($app['queue'], $app['events'], $app[Illuminate\Contracts\Debug\ExceptionHandler::class], fn () => false);
    return $worker->setName('default')->setCache($app['cache.store']);
}

return $app;
