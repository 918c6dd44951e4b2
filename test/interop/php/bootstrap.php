<?php
// Boots a minimal Laravel 8.83 application (Debian's php-laravel-framework) wired like the skeleton:
// Redis connections `default` (DB REDIS_DB) and `cache` (DB REDIS_CACHE_DB) with REDIS_PREFIX, the
// `redis` cache store with CACHE_PREFIX, and the Encrypter from APP_KEY. Tests pass every setting in
// the environment, so PHP and Node share one private redis-server.
require '/usr/share/php/Illuminate/autoload.php';

use Illuminate\Container\Container;
use Illuminate\Support\Facades\Facade;

function bridge_env(string $name, $default = null) {
    $value = getenv($name);
    return $value === false ? $default : $value;
}

$app = new Illuminate\Foundation\Application(sys_get_temp_dir());
Container::setInstance($app);
Facade::setFacadeApplication($app);

$app->instance('config', new Illuminate\Config\Repository([
    'app' => ['key' => bridge_env('APP_KEY', ''), 'cipher' => bridge_env('APP_CIPHER', 'AES-256-CBC')],
    'database' => [
        'redis' => [
            'client' => 'phpredis',
            'options' => ['cluster' => 'redis', 'prefix' => bridge_env('REDIS_PREFIX', 'laravel_database_')],
            'default' => [
                'host' => bridge_env('REDIS_HOST', '127.0.0.1'),
                'password' => bridge_env('REDIS_PASSWORD'),
                'port' => bridge_env('REDIS_PORT', '6379'),
                'database' => bridge_env('REDIS_DB', '0'),
            ],
            'cache' => [
                'host' => bridge_env('REDIS_HOST', '127.0.0.1'),
                'password' => bridge_env('REDIS_PASSWORD'),
                'port' => bridge_env('REDIS_PORT', '6379'),
                'database' => bridge_env('REDIS_CACHE_DB', '1'),
            ],
        ],
    ],
    'cache' => [
        'default' => 'redis',
        'stores' => [
            'redis' => ['driver' => 'redis', 'connection' => 'cache', 'lock_connection' => 'default'],
            'array' => ['driver' => 'array', 'serialize' => false],
        ],
        'prefix' => bridge_env('CACHE_PREFIX', 'laravel_cache'),
    ],
]));

$app->singleton('redis', fn ($app) => new Illuminate\Redis\RedisManager($app, 'phpredis', $app['config']['database.redis']));
$app->singleton('cache', fn ($app) => new Illuminate\Cache\CacheManager($app));
$app->singleton('cache.store', fn ($app) => $app['cache']->driver());
$app->singleton('encrypter', function ($app) {
    $key = $app['config']['app.key'];
    if (str_starts_with($key, 'base64:')) {
        $key = base64_decode(substr($key, 7));
    }
    return new Illuminate\Encryption\Encrypter($key, $app['config']['app.cipher']);
});

/** Reads the JSON request the test wrote to stdin. */
function bridge_input(): array {
    $raw = stream_get_contents(STDIN);
    return $raw === '' || $raw === false ? [] : json_decode($raw, true, 512, JSON_THROW_ON_ERROR);
}

/** Writes the JSON answer the test reads from stdout. */
function bridge_output($value): void {
    echo json_encode($value, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION);
}

return $app;
