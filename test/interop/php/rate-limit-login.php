<?php
// A Breeze-style login loop on Laravel 8.83 (LoginRequest::ensureIsNotRateLimited + authenticate):
// for each attempt: tooManyAttempts(throttleKey, 5) → refused; else a wrong password → hit(throttleKey).
// Input: {"attempts": [{"email": "...", "ip": "..."}], "max": 5}
// Output: {"checked": n, "refused": n, "keys": [throttle keys]}
$app = require __DIR__.'/bootstrap.php';

use Illuminate\Support\Str;

$limiter = new Illuminate\Cache\RateLimiter($app['cache']->store('redis'));
$input = bridge_input();
$checked = 0;
$refused = 0;
$keys = [];
foreach ($input['attempts'] as $attempt) {
    $key = Str::transliterate(Str::lower($attempt['email']).'|'.$attempt['ip']);
    $keys[] = $key;
    if ($limiter->tooManyAttempts($key, $input['max'] ?? 5)) {
        $refused++;
        continue;
    }
    $checked++; // Auth::attempt() fails
    $limiter->hit($key);
}
bridge_output(['checked' => $checked, 'refused' => $refused, 'keys' => $keys]);
