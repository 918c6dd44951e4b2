<?php
// For each base64 string on stdin: PHP 8's is_numeric().
$input = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
echo json_encode(array_map(fn ($b64) => is_numeric(base64_decode($b64, true)), $input['strings']), JSON_THROW_ON_ERROR);
