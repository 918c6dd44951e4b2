<?php
// Runs many Encrypter operations with Laravel's real Illuminate\Encryption\Encrypter (8.83) in one process.
// stdin: {"cases": [{"op": "encryptString"|"decryptString"|"encrypt"|"decrypt", "key": <base64 raw key>,
//   "cipher": "AES-256-CBC", "payload": "…" (decrypt*), "plaintext": <base64 bytes> (encryptString),
//   "serialized": <base64 serialize() bytes> (encrypt: unserialized in PHP, then encrypted)}]}
// stdout: [{"ok": true, "payload"|"plaintext"|"serialized": …} | {"ok": false, "class": …, "message": …}]
// `decrypt` answers serialize() of the value Laravel returned, so Node can compare bytes.
require __DIR__ . '/bootstrap.php';

use Illuminate\Encryption\Encrypter;

$phpErrors = [];
set_error_handler(function (int $level, string $message) use (&$phpErrors) {
    $phpErrors[] = $message;
    return true;
});

$results = [];
foreach (bridge_input()['cases'] as $case) {
    $phpErrors = [];
    try {
        $encrypter = new Encrypter(base64_decode($case['key']), $case['cipher']);
        switch ($case['op']) {
            case 'encryptString':
                $results[] = ['ok' => true, 'payload' => $encrypter->encryptString(base64_decode($case['plaintext']))];
                break;
            case 'decryptString':
                $results[] = ['ok' => true, 'plaintext' => base64_encode($encrypter->decryptString($case['payload']))];
                break;
            case 'encrypt':
                $results[] = ['ok' => true, 'payload' => $encrypter->encrypt(unserialize(base64_decode($case['serialized'])))];
                break;
            case 'decrypt':
                $results[] = ['ok' => true, 'serialized' => base64_encode(serialize($encrypter->decrypt($case['payload']))), 'phpErrors' => $phpErrors];
                break;
            default:
                throw new InvalidArgumentException("unknown op {$case['op']}");
        }
    } catch (Throwable $e) {
        $results[] = ['ok' => false, 'class' => get_class($e), 'message' => $e->getMessage()];
    }
}
bridge_output($results);
