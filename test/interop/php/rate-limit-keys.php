<?php
// Computes rate-limit keys with the real Laravel 8.83 for a batch of inputs.
// Input: {"texts": [string...], "bytes": [base64...], "logins": [[email, ip]...]}
// Output: {"texts": [{lower, transliterate, clean}], "bytes": [base64 of clean], "logins": [throttle key]}
require '/usr/share/php/Illuminate/autoload.php';

use Illuminate\Cache\RateLimiter;
use Illuminate\Support\Str;

$input = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
$limiter = new RateLimiter(new Illuminate\Cache\Repository(new Illuminate\Cache\ArrayStore()));

$out = ['texts' => [], 'bytes' => [], 'logins' => []];
foreach ($input['texts'] ?? [] as $text) {
    $out['texts'][] = [
        'lower' => base64_encode(Str::lower($text)),
        'transliterate' => base64_encode(Str::transliterate($text)),
        'clean' => base64_encode($limiter->cleanRateLimiterKey($text)),
    ];
}
foreach ($input['bytes'] ?? [] as $b64) {
    $out['bytes'][] = base64_encode($limiter->cleanRateLimiterKey(base64_decode($b64)));
}
foreach ($input['logins'] ?? [] as [$email, $ip]) {
    $out['logins'][] = base64_encode(Str::transliterate(Str::lower($email).'|'.$ip));
}
echo json_encode($out, JSON_THROW_ON_ERROR);
