<?php
// Laravel 8.83's real web session stack for the session interop tests: the Router with
// EncryptCookies → AddQueuedCookiesToResponse → StartSession → VerifyCsrfToken, the redis session
// driver (CacheBasedSessionHandler over the `redis` cache store on SESSION_CONNECTION), and a
// SessionGuard over an in-memory user provider; StartSession can block (Route::block) on the
// default cache store, `redis`, as SessionServiceProvider wires it. Settings come from the environment (bootstrap.php).
$app = require __DIR__ . '/bootstrap.php';

use Illuminate\Auth\GenericUser;
use Illuminate\Auth\SessionGuard;
use Illuminate\Contracts\Auth\Authenticatable;
use Illuminate\Contracts\Auth\UserProvider;
use Illuminate\Contracts\Debug\ExceptionHandler;
use Illuminate\Cookie\CookieJar;
use Illuminate\Events\Dispatcher;
use Illuminate\Http\JsonResponse;
use Illuminate\Routing\Router;
use Illuminate\Session\Middleware\StartSession;
use Illuminate\Session\SessionManager;
use Illuminate\Session\TokenMismatchException;

$app['config']->set('session', [
    'driver' => 'redis',
    'lifetime' => (int) bridge_env('SESSION_LIFETIME', '120'),
    'expire_on_close' => false,
    'encrypt' => bridge_env('SESSION_ENCRYPT', 'false') === 'true',
    'connection' => bridge_env('SESSION_CONNECTION'),
    'store' => null,
    'lottery' => [2, 100],
    'cookie' => bridge_env('SESSION_COOKIE', 'laravel_session'),
    'path' => '/',
    'domain' => null,
    'secure' => null,
    'http_only' => true,
    'same_site' => 'lax',
    'block_store' => null,
    'block' => false,
]);

$app->alias('encrypter', Illuminate\Contracts\Encryption\Encrypter::class);
$app->alias('encrypter', Illuminate\Encryption\Encrypter::class);
$app->singleton('events', fn ($app) => new Dispatcher($app));
$app->singleton('session', fn ($app) => new SessionManager($app));
$app->alias('session', SessionManager::class);
$app->singleton('session.store', fn ($app) => $app['session']->driver());
$app->singleton('cookie', fn () => new CookieJar());
// As SessionServiceProvider binds it: the cache factory is what Route::block() locks through.
$app->singleton(StartSession::class, fn ($app) => new StartSession($app['session'], fn () => $app['cache']));
$app->alias('cookie', Illuminate\Contracts\Cookie\QueueingFactory::class);
$app->alias('cookie', CookieJar::class);
$app->singleton(ExceptionHandler::class, fn () => new class implements ExceptionHandler {
    public function report(Throwable $e) {}
    public function shouldReport(Throwable $e) { return false; }
    public function render($request, Throwable $e)
    {
        $status = $e instanceof TokenMismatchException ? 419 : 500;
        return new JsonResponse(['error' => get_class($e), 'message' => $e->getMessage()], $status);
    }
    public function renderForConsole($output, Throwable $e) {}
});

/** The users the SessionGuard knows: any positive id is a user with that id. */
final class BridgeUsers implements UserProvider
{
    public function retrieveById($identifier)
    {
        return (int) $identifier > 0 ? new GenericUser(['id' => (int) $identifier, 'remember_token' => null]) : null;
    }
    public function retrieveByToken($identifier, $token) { return null; }
    public function updateRememberToken(Authenticatable $user, $token) {}
    public function retrieveByCredentials(array $credentials) { return null; }
    public function validateCredentials(Authenticatable $user, array $credentials) { return false; }
}

/** Auth::guard('web') for the current request. */
function bridge_guard($request): SessionGuard
{
    return new SessionGuard('web', new BridgeUsers(), $request->session(), $request);
}

$router = new Router($app['events'], $app);
$app->instance('router', $router);
$router->middlewareGroup('web', [
    Illuminate\Cookie\Middleware\EncryptCookies::class,
    Illuminate\Cookie\Middleware\AddQueuedCookiesToResponse::class,
    StartSession::class,
    Illuminate\Foundation\Http\Middleware\VerifyCsrfToken::class,
]);

return $router;
