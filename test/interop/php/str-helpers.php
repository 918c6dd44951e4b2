<?php
// Laravel 8.83's Str helpers for a batch of strings (src/support/str.ts parity).
// Input: {"texts": [string...]}  Output: {"results": [[slug_, slug-, snake, ascii, lower]...]}
require '/usr/share/php/Illuminate/autoload.php';

use Illuminate\Support\Str;

$input = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
$results = [];
foreach ($input['texts'] as $text) {
    $results[] = [Str::slug($text, '_'), Str::slug($text), Str::snake($text), Str::ascii($text), Str::lower($text)];
}
echo json_encode(['results' => $results], JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE);
