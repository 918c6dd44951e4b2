<?php
// PHP's json_encode / json_decode for the php-json codec tests, no Laravel needed.
// stdin: {"encode": [{"value": base64 serialize() bytes, "unescapedUnicode": bool}],
//         "decode": [base64 JSON bytes]}
// stdout: {"encoded": [base64 json_encode() bytes, or "!<json_last_error_msg()>" when PHP fails],
//          "decoded": [base64 serialize(json_decode($json, true)), or "!<json_last_error_msg()>"]}
// Values are unserialized with allowed_classes => false, so objects are __PHP_Incomplete_Class.
$input = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
$encoded = [];
foreach ($input['encode'] ?? [] as $case) {
    $value = unserialize(base64_decode($case['value'], true), ['allowed_classes' => false]);
    $json = json_encode($value, $case['unescapedUnicode'] ? JSON_UNESCAPED_UNICODE : 0);
    $encoded[] = $json === false ? '!' . json_last_error_msg() : base64_encode($json);
}
$decoded = [];
foreach ($input['decode'] ?? [] as $b64) {
    $value = json_decode(base64_decode($b64, true), true);
    $decoded[] = json_last_error() !== JSON_ERROR_NONE ? '!' . json_last_error_msg() : base64_encode(serialize($value));
}
echo json_encode(['encoded' => $encoded, 'decoded' => $decoded], JSON_THROW_ON_ERROR);
