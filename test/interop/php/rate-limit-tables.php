<?php
// Prints the data behind the bridge's rate-limit key tables, computed by the real PHP + Laravel 8.83:
// - htmlEntities: PHP's HTML 4.01 entity table as htmlentities() uses it (ENT_QUOTES | ENT_SUBSTITUTE | ENT_HTML401, PHP 8.1+ defaults)
// - transliteration: Str::transliterate() of every code point, forced through voku's non-ASCII path
//   by a leading "é" (which becomes "e" and is cut off); code points that come out as "?" are left out
// - lower: mb_strtolower() of every code point that changes (Str::lower)
require '/usr/share/php/Illuminate/autoload.php';

use Illuminate\Support\Str;

$entities = [];
foreach (get_html_translation_table(HTML_ENTITIES, ENT_QUOTES | ENT_SUBSTITUTE | ENT_HTML401, 'UTF-8') as $char => $entity) {
    $entities[(string) mb_ord($char, 'UTF-8')] = $entity;
}

$transliteration = [];
$lower = [];
for ($cp = 0; $cp <= 0x10FFFF; $cp++) {
    if ($cp >= 0xD800 && $cp <= 0xDFFF) {
        continue;
    }
    $char = mb_chr($cp, 'UTF-8');
    $folded = substr(Str::transliterate("\u{e9}".$char), 1);
    if ($folded !== '?') {
        $transliteration[(string) $cp] = $folded;
    }
    $lowered = Str::lower($char);
    if ($lowered !== $char) {
        $lower[(string) $cp] = $lowered;
    }
}

echo json_encode([
    'php' => PHP_VERSION,
    'htmlEntities' => (object) $entities,
    'transliteration' => (object) $transliteration,
    'lower' => (object) $lower,
], JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
