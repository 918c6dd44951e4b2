<?php
// For each double on stdin (16 hex digits, IEEE-754 big-endian): (string)$float with the default
// precision=14, and serialize() with serialize_precision=-1.
$input = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
$out = [];
foreach ($input['bits'] as $hex) {
    $x = unpack('E', hex2bin($hex))[1];
    $out[] = ['string' => (string) $x, 'serialize' => serialize($x)];
}
echo json_encode(['precision' => ini_get('precision'), 'serialize_precision' => ini_get('serialize_precision'), 'results' => $out], JSON_THROW_ON_ERROR);
