<?php
// PHP-made random values: {"seed": n, "count": m} on stdin → m values built by PHP code (arrays
// with int/string/numeric-string keys, objects of every visibility and inheritance, Serializable
// (raw and with a nested serialize()), __serialize, enums, references & and shared objects,
// Laravel's Carbon/Collection/MessageBag/ModelIdentifier, DateTime, ArrayObject, SplObjectStorage),
// answered as base64 serialize() bytes.
require '/usr/share/php/Illuminate/autoload.php';
// The Serializable-only test classes raise a (expected) deprecation when declared.
error_reporting(E_ALL & ~E_DEPRECATED);
require __DIR__ . '/php-classes.php';
error_reporting(E_ALL);

$input = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
mt_srand((int) $input['seed']);

function pick(array $a) { return $a[mt_rand(0, count($a) - 1)]; }

function rnd_string(): string {
    switch (mt_rand(0, 5)) {
        case 0: return pick(['', '0', '7', '07', '-0', '1.5', ' 1', '9223372036854775808', '_token', '__proto__']);
        case 1: $s = ''; for ($i = mt_rand(0, 12); $i > 0; $i--) $s .= chr(mt_rand(32, 126)); return $s;
        case 2: $s = ''; for ($i = mt_rand(0, 6); $i > 0; $i--) $s .= pick(['é', '€', '😀', 'ß', 'Ω', "\u{200B}", 'a']); return $s;
        case 3: $s = ''; for ($i = mt_rand(0, 10); $i > 0; $i--) $s .= chr(mt_rand(0, 255)); return $s;
        case 4: return str_repeat(pick(['ab', "\0", '";}']), mt_rand(1, 20));
        default: return (string) mt_rand(-1000, 1000);
    }
}

function rnd_int(): int {
    switch (mt_rand(0, 3)) {
        case 0: return mt_rand(-1000, 1000);
        case 1: return pick([PHP_INT_MAX, PHP_INT_MIN, 0, 2 ** 53 + 1, -(2 ** 53) - 1]);
        default: return (mt_rand() << 32) ^ mt_rand() ^ (mt_rand(0, 1) ? PHP_INT_MIN : 0);
    }
}

function rnd_float(): float {
    switch (mt_rand(0, 4)) {
        case 0: return pick([0.0, -0.0, 0.1, 1e25, 1e-5, 5e-324, INF, -INF, NAN, 1.0, 100.0]);
        case 1: return mt_rand() / mt_getrandmax() * (10 ** mt_rand(-12, 30)) * (mt_rand(0, 1) ? 1 : -1);
        case 2: return round(mt_rand(-100000, 100000) / 100, 2);
        default:
            $bytes = ''; for ($i = 0; $i < 8; $i++) $bytes .= chr(mt_rand(0, 255));
            return unpack('E', $bytes)[1];
    }
}

function rnd_key() {
    return mt_rand(0, 2) ? rnd_string() : rnd_int();
}

function rnd_value(int $depth) {
    $k = mt_rand(0, $depth >= 4 ? 4 : 17);
    switch ($k) {
        case 0: return null;
        case 1: return (bool) mt_rand(0, 1);
        case 2: return rnd_int();
        case 3: return rnd_float();
        case 4: return rnd_string();
        case 5: $a = []; for ($i = mt_rand(0, 4); $i > 0; $i--) $a[] = rnd_value($depth + 1); return $a;
        case 6: $a = []; for ($i = mt_rand(0, 4); $i > 0; $i--) $a[rnd_key()] = rnd_value($depth + 1); return $a;
        case 7:
            $c = new App\Child();
            $c->extra = rnd_value($depth + 1);
            if (mt_rand(0, 1)) $c->{'dyn' . mt_rand(0, 9)} = rnd_value($depth + 1);
            return $c;
        case 8: $o = new stdClass(); for ($i = mt_rand(0, 3); $i > 0; $i--) $o->{ltrim(rnd_string(), "\0") ?: 'p'} = rnd_value($depth + 1); return $o;
        case 9: return pick([App\Status::Active, App\Status::Closed, App\Currency::Eur, Suit::Spades]);
        case 10: $l = new App\Legacy(); $l->data = rnd_string(); return $l;
        case 11:
            switch (mt_rand(0, 5)) {
                case 0: return Illuminate\Support\Carbon::createFromTimestamp(mt_rand(0, 2000000000), pick(['UTC', 'Europe/Berlin', 'Asia/Tokyo']));
                case 1: return collect([rnd_value($depth + 1), rnd_value($depth + 1)]);
                case 2: return new Illuminate\Support\MessageBag(['email' => [rnd_string()]]);
                case 3: return new Illuminate\Contracts\Database\ModelIdentifier('App\\Models\\User', mt_rand(1, 99999), [], pick([null, 'mysql']));
                case 4: return new DateTimeImmutable('@' . mt_rand(0, 2000000000));
                default: return new ArrayObject([rnd_value($depth + 1)]);
            }
        case 12: $o = new stdClass(); $o->v = rnd_value($depth + 1); return [$o, $o, [$o]];
        case 13: $a = [rnd_value($depth + 1), rnd_value($depth + 1)]; $a[2] = &$a[0]; return $a;
        case 14: $n = new App\Node(); $n->name = rnd_string(); $n->next = $n; $m = new App\Node(); $m->next = $n; $n->peers = [$m, 'x']; return $n;
        case 15: $s = new SplObjectStorage(); $s[new stdClass()] = rnd_value($depth + 1); return $s;
        case 16:
            // A nested serialize() in a C: payload, with objects shared inside and outside it.
            $o = new stdClass(); $o->v = rnd_value($depth + 1);
            $n = new App\Nested(); $n->data = [$o, rnd_value($depth + 1), $o];
            return mt_rand(0, 1) ? [$n, $o, rnd_value($depth + 1), $o, $n] : [$o, $n, $o];
        default: $w = new App\WithSerialize(); $w->items = [rnd_value($depth + 1), 'k' => rnd_value($depth + 1)]; return $w;
    }
}

$out = [];
for ($i = 0; $i < (int) $input['count']; $i++) $out[] = base64_encode(serialize(rnd_value(0)));
echo json_encode($out, JSON_THROW_ON_ERROR);
