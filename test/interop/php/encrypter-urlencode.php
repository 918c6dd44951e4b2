<?php
// PHP's view of cookie values: stdin {"encoded": [...], "plain": [<base64 bytes>...]}; stdout
// {"decoded": [<base64 of urldecode(encoded[i])>], "rawurlencoded": [rawurlencode(plain[i])]}.
require __DIR__ . '/bootstrap.php';

$input = bridge_input();
bridge_output([
    'decoded' => array_map(fn ($v) => base64_encode(urldecode($v)), $input['encoded']),
    'rawurlencoded' => array_map(fn ($v) => rawurlencode(base64_decode($v)), $input['plain']),
]);
