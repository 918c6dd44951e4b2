<?php
// Prints Laravel 8.83's own DurationLimiter scripts (protected methods, read by reflection) so the
// differential test can run them beside ours. Output: {"acquire": "...", "tooManyAttempts": "..."}
require '/usr/share/php/Illuminate/autoload.php';

$limiter = new ReflectionClass(Illuminate\Redis\Limiters\DurationLimiter::class);
$instance = $limiter->newInstanceWithoutConstructor();
$read = function (string $method) use ($limiter, $instance): string {
    $m = $limiter->getMethod($method);
    $m->setAccessible(true);
    return $m->invoke($instance);
};
echo json_encode([
    'acquire' => $read('luaScript'),
    'tooManyAttempts' => $read('tooManyAttemptsLuaScript'),
], JSON_THROW_ON_ERROR);
