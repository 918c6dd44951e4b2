<?php
// Cache::put through Laravel's real Repository + RedisStore. stdin: {"key":…, "value":…, "seconds":…}
require __DIR__ . '/bootstrap.php';

use Illuminate\Support\Facades\Cache;

$input = bridge_input();
$ok = Cache::put($input['key'], $input['value'], $input['seconds'] ?? null);
bridge_output(['ok' => $ok, 'prefix' => Cache::getStore()->getPrefix()]);
