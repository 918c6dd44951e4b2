<?php
// Laravel's own Cache repository, driven by the interop tests. stdin: {"mode": ..., ...}
//   classes: PHP source of test classes to define first (golden serialize.json classDefinitions)
//   put:     {"items": [{"key", "b64"}], "seconds"}  Cache::put(key, unserialize(bytes), seconds)
//   get:     {"keys": [...]}   → {key: {"export": base64(var_export(Cache::get(key))), "b64": base64(serialize(...))}}
//   export:  {"items": [{"key", "b64"}]}  → {key: base64(var_export(unserialize(bytes)))}
//   tags-put / tags-get / tags-flush: {"tags": [...], "key", "value"}
//   increment: {"key", "by"} → Cache::increment
require __DIR__ . '/bootstrap.php';

use Illuminate\Support\Facades\Cache;

$input = bridge_input();
foreach ($input['classes'] ?? [] as $source) {
    eval($source);
}
// base64: values may hold binary bytes. Carbon's var_export shows its process-local object id: not a value.
$export = fn ($v) => base64_encode(preg_replace("/'constructedObjectId' => '[0-9a-f]+'/", '', var_export($v, true)));
$out = [];
switch ($input['mode']) {
    case 'put':
        foreach ($input['items'] as $item) {
            $out[$item['key']] = Cache::put($item['key'], unserialize(base64_decode($item['b64'])), $input['seconds'] ?? 60);
        }
        break;
    case 'get':
        foreach ($input['keys'] as $key) {
            $value = Cache::get($key);
            $out[$key] = ['export' => @$export($value), 'b64' => base64_encode(serialize($value))];
        }
        break;
    case 'export':
        foreach ($input['items'] as $item) {
            $out[$item['key']] = @$export(unserialize(base64_decode($item['b64'])));
        }
        break;
    case 'tags-put':
        $out = Cache::tags($input['tags'])->put($input['key'], $input['value'], 60);
        break;
    case 'tags-get':
        $out = Cache::tags($input['tags'])->get($input['key']);
        break;
    case 'tags-flush':
        $out = Cache::tags($input['tags'])->flush();
        break;
    case 'increment':
        $out = Cache::increment($input['key'], $input['by'] ?? 1);
        break;
}
bridge_output($out);
