<?php
// For each base64 payload on stdin: PHP's unserialize() (all classes allowed; unknown ones become
// __PHP_Incomplete_Class), then serialize() again. Answers base64 bytes, or null when PHP refused,
// with the warnings PHP raised.
// The Serializable-only test classes raise a (expected) deprecation when declared.
error_reporting(E_ALL & ~E_DEPRECATED);
require __DIR__ . '/php-classes.php';
error_reporting(E_ALL);

$input = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
$out = [];
foreach ($input['payloads'] as $b64) {
    $errors = [];
    codec_capture_errors($errors);
    try {
        $bytes = base64_decode($b64, true);
        $value = unserialize($bytes);
        $failed = $value === false && $bytes !== 'b:0;';
        $out[] = ['bytes' => $failed ? null : base64_encode(serialize($value)), 'errors' => $errors];
    } catch (Throwable $e) {
        $out[] = ['bytes' => null, 'errors' => [...$errors, get_class($e) . ': ' . $e->getMessage()]];
    }
    restore_error_handler();
}
echo json_encode($out, JSON_THROW_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE);
