<?php
// phpdotenv 5 (Laravel's loader) on a batch of .env contents (src/config/dotenv.ts parity).
// Input: {"cases": [{"content": string, "env": {name: value}, "names": [string...]}]}
// Output: {"results": [{"values": {name: string|null}} | {"error": message}]}
// "env" plays the real environment (putenv), so the immutable repository must not overwrite it.
require '/usr/share/php/Illuminate/autoload.php';

use Dotenv\Loader\Loader;
use Dotenv\Parser\Parser;
use Dotenv\Repository\Adapter\PutenvAdapter;
use Dotenv\Repository\RepositoryBuilder;

$input = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
$results = [];
foreach ($input['cases'] as $case) {
    foreach ($case['names'] as $name) {
        putenv($name);
    }
    foreach ($case['env'] as $name => $value) {
        putenv("$name=$value");
    }
    $repository = RepositoryBuilder::createWithNoAdapters()->addAdapter(PutenvAdapter::class)->immutable()->make();
    try {
        (new Loader())->load($repository, (new Parser())->parse($case['content']));
        $values = [];
        foreach ($case['names'] as $name) {
            $values[$name] = $repository->get($name);
        }
        $results[] = ['values' => $values];
    } catch (Throwable $e) {
        $results[] = ['error' => $e->getMessage()];
    }
}
echo json_encode(['results' => $results], JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE);
