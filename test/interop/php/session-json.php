<?php
// PHP's json_encode / json_decode as Laravel's Store uses them with session.serialization = json.
// stdin: {"encode": [base64 serialize()d values], "decode": [json texts]}
// stdout: {"encoded": [base64 json_encode() or null when PHP fails], "decoded": [base64 serialize(json_decode(..., true)) or null]}
require __DIR__ . '/bootstrap.php';

$input = bridge_input();
$encoded = [];
foreach ($input['encode'] ?? [] as $b64) {
    $json = json_encode(unserialize(base64_decode($b64), ['allowed_classes' => false]));
    $encoded[] = $json === false ? null : base64_encode($json);
}
$decoded = [];
foreach ($input['decode'] ?? [] as $json) {
    $value = json_decode($json, true);
    $decoded[] = $value === null && json_last_error() !== JSON_ERROR_NONE ? null : base64_encode(serialize($value));
}
bridge_output(['encoded' => $encoded, 'decoded' => $decoded]);
