/**
 * 01 — Laravel's cache from Node: `Cache::remember`, `Cache::tags` and `Cache::lock`, on the same
 * Redis keys and PHP-serialized bytes as your Laravel app (what Node stores, `Cache::get` reads).
 *
 * Run (settings come from the environment and ./.env, exactly the variables Laravel reads):
 *   REDIS_PORT=6379 APP_NAME=Wallet CACHE_STORE=redis npx tsx examples/01-cache-remember.ts
 *   (Laravel 10 and older: LARAVEL_VERSION=10 CACHE_DRIVER=redis)
 */
import { createBridge } from "../src/index.js"; // in your service: from "laravel-redis-bridge"

const bridge = createBridge();
try {
  // Cache::remember('fx:EUR-USD', 60, fn () => ...): concurrent misses share ONE provider call.
  // Rates stay decimal strings: a float would round them.
  let providerCalls = 0;
  const fetchRate = async () => {
    providerCalls++;
    return { pair: "EUR-USD", rate: "1.0842", source: "ecb" };
  };
  const [first] = await Promise.all([
    bridge.cache.remember("fx:EUR-USD", 60, fetchRate),
    bridge.cache.remember("fx:EUR-USD", 60, fetchRate),
    bridge.cache.remember("fx:EUR-USD", 60, fetchRate),
  ]);
  console.log(`remember: EUR-USD = ${first.rate} (3 callers, provider called ${providerCalls} time)`);
  await bridge.cache.remember("fx:EUR-USD", 60, fetchRate);
  console.log(`remember again: served from Redis (provider still called ${providerCalls} time)`);

  // Cache::tags(['user:42', 'statements'])->put(...), then flush everything tagged user:42.
  const statements = bridge.cache.tags(["user:42", "statements"]);
  await statements.put("statement:2024-05", { lines: 12, closingBalanceMinor: 125_000 }, 600);
  const cached = (await statements.get("statement:2024-05")) as { lines: number } | null;
  await bridge.cache.tags("user:42").flush();
  console.log(
    `tags: statement cached (${cached?.lines} lines); after tags(user:42).flush(): ${String(await statements.get("statement:2024-05"))}`,
  );

  // Cache::lock('reports:nightly', 10): the same key Laravel's Cache::lock uses, so PHP and Node
  // exclude each other. get() tries once; block() waits; release() only frees our own lock.
  const lock = bridge.lock("reports:nightly", 10);
  const acquired = await lock.get();
  const second = await bridge.lock("reports:nightly", 10).get();
  console.log(`lock: acquired=${acquired}, a second owner gets it too? ${second}`);
  // Another process (a PHP job, say) can release it if it knows the owner token: Cache::restoreLock.
  console.log(
    `restoreLock(owner).release(): ${await bridge.restoreLock("reports:nightly", lock.owner()).release()}`,
  );

  const report = await bridge.lock("reports:nightly", 10).block(5, async () => "nightly report built");
  console.log(`lock.block(5, callback): ${report}, lock released afterwards`);
} finally {
  await bridge.close();
}
