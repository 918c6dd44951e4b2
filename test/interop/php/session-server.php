<?php
// Front controller for `php -S 127.0.0.1:<port> session-server.php`: a tiny router behind Laravel's
// real `web` middleware (session-bootstrap.php). Every route answers JSON describing the session as
// Laravel sees it, so the Node tests can compare.
$router = require __DIR__ . '/session-bootstrap.php';

use Illuminate\Auth\GenericUser;
use Illuminate\Container\Container;
use Illuminate\Http\Request;
use Illuminate\Support\MessageBag;
use Illuminate\Support\ViewErrorBag;

function bridge_describe(Request $request): array
{
    $session = $request->session();
    $errors = $session->get('errors');
    return [
        'id' => $session->getId(),
        'token' => $session->token(),
        'userId' => bridge_guard($request)->id(),
        'keys' => array_keys($session->all()),
        'flash' => $session->get('_flash'),
        'values' => array_diff_key($session->all(), array_flip(['_token', '_flash', 'errors'])),
        'errors' => $errors instanceof ViewErrorBag ? $errors->getBag('default')->toArray() : null,
        'errorsClass' => is_object($errors) ? get_class($errors) : null,
    ];
}

$router->group(['middleware' => 'web'], function ($router) {
    $router->get('/php/read', fn (Request $request) => bridge_describe($request))->name('php.read');

    $router->post('/php/login', function (Request $request) {
        bridge_guard($request)->login(bridge_guard($request)->getProvider()->retrieveById($request->input('user', 42)));
        $request->session()->regenerate();
        $request->session()->flash('status', 'Welcome from PHP');
        return bridge_describe($request);
    });

    $router->post('/php/logout', function (Request $request) {
        bridge_guard($request)->logout();
        $request->session()->invalidate();
        $request->session()->regenerateToken();
        return ['ok' => true];
    });

    // Generic session operations for the mixed sequences: {"ops": [["flash", "k", "v"], ["keep", "k"], …]}
    $router->post('/php/ops', function (Request $request) {
        $session = $request->session();
        foreach ($request->input('ops', []) as $op) {
            switch ($op[0]) {
                case 'put': $session->put($op[1], $op[2]); break;
                case 'flash': $session->flash($op[1], $op[2]); break;
                case 'now': $session->now($op[1], $op[2]); break;
                case 'keep': $session->keep([$op[1]]); break;
                case 'reflash': $session->reflash(); break;
                case 'forget': $session->forget($op[1]); break;
            }
        }
        return bridge_describe($request);
    });

    $router->post('/php/errors', function (Request $request) {
        $bag = new MessageBag(['email' => ['The email field is required.'], 'name' => ['Too short.', 'Not unique.']]);
        $request->session()->flash('errors', (new ViewErrorBag)->put('default', $bag));
        $request->session()->flashInput(['email' => 'not-an-email', 'name' => "Zoë O'Neil"]);
        return bridge_describe($request);
    });

    $router->post('/php/csrf', fn (Request $request) => ['ok' => true]);

    // SessionGuard::login($user, true): the real recaller cookie (queued, then encrypted by
    // EncryptCookies) for a user whose remember_token the guard creates.
    $router->post('/php/login-remember', function (Request $request) {
        $guard = bridge_guard($request);
        $guard->setCookieJar(Container::getInstance()->make('cookie'));
        $user = new GenericUser([
            'id' => (int) $request->input('user', 42),
            'remember_token' => null,
            'password' => $request->input('password'),
        ]);
        $guard->login($user, true);
        return ['rememberToken' => $user->getRememberToken(), 'recaller' => $guard->getRecallerName()];
    });

    // A blocking route (Route::block): appends to `steps`, then (unless ?hold=0) holds the session
    // lock until the test sets the key `bridge-test:release` (bounded by 10 s).
    $router->get('/php/block-step', function (Request $request) {
        $request->session()->push('steps', 'php');
        $redis = Container::getInstance()->make('redis')->connection('default');
        $redis->set('bridge-test:php-entered', '1');
        $deadline = microtime(true) + 10;
        while ($request->query('hold', '1') === '1' && ! $redis->exists('bridge-test:release') && microtime(true) < $deadline) {
            usleep(10000);
        }
        return ['steps' => $request->session()->get('steps')];
    })->block(10, 10);
});

$request = Request::capture();
Illuminate\Container\Container::getInstance()->instance('request', $request);
$response = $router->dispatch($request);
$response->send();
