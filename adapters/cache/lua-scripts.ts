/**
 * The cache scripts (≈ Illuminate\Cache\LuaScripts and the tag flush of RedisTaggedCache). Written
 * by us; the KEYS/ARGV layout and the effect on Redis are Laravel's, proven by the golden traces and
 * the interop tests.
 */
import type { RedisClient } from "../../src/redis/client.js";
import { defineScript } from "../../src/redis/script.js";

/**
 * Store a value only when the key does not exist (`Cache::add` with a TTL).
 *
 * KEYS[1]  <cache prefix><key>      ARGV[1]  encoded value      ARGV[2]  seconds (>= 1)
 * Returns  OK when stored, nil when the key already existed
 *
 * Origin: behaviour of Illuminate\Cache\LuaScripts::add() (RedisStore::add), 8.x–13.x.
 */
export const add = defineScript<[key: string], [value: string | Buffer, seconds: string], string | null>({
  name: "cache:add",
  numberOfKeys: 1,
  origin: { laravel: "Illuminate\\Cache\\LuaScripts::add", versions: "8-13" },
  lua: String.raw`
if redis.call('exists', KEYS[1]) == 1 then
  return nil
end
return redis.call('setex', KEYS[1], ARGV[2], ARGV[1])
`,
});

/**
 * Flush one chunk of tagged items atomically: delete every item key and remove its entry from every
 * tag set being flushed (the sets themselves stay; other tags keep stale members, as in Laravel).
 *
 * KEYS[1..n]  item keys (client-prefixed)
 * ARGV[1]     `<REDIS_PREFIX><cache prefix>` as a Lua pattern with `-` escaped as `%-` (Laravel's layout)
 * ARGV[2..]   fully prefixed tag set keys (`<REDIS_PREFIX><cache prefix>tag:<name>:entries`)
 * Returns     nil
 *
 * The entry removed is the key without its leading prefix. Laravel uses `gsub(key, prefix, "")`,
 * which also rewrites later occurrences of the prefix and treats `.`/`%` in it as pattern
 * characters; stripping only the leading, literal prefix gives the same result for every key
 * Laravel itself writes and the right one for the rest.
 *
 * Origin: behaviour of Illuminate\Cache\RedisTaggedCache::flush(), 12.30+ (non-cluster).
 */
export const flushTaggedChunkScript = defineScript<[], [], null>({
  name: "cache:flushTaggedChunk",
  numberOfKeys: 0,
  origin: { laravel: "Illuminate\\Cache\\RedisTaggedCache::flush", versions: "12-13" },
  lua: String.raw`
local prefix = string.gsub(ARGV[1], '%%%-', '-')
for _, key in ipairs(KEYS) do
  redis.call('del', key)
  local entry = key
  if string.sub(key, 1, #prefix) == prefix then
    entry = string.sub(key, #prefix + 1)
  end
  for i = 2, #ARGV do
    redis.call('zrem', ARGV[i], entry)
  end
end
return nil
`,
});

/**
 * Runs `cache:flushTaggedChunk` with a variable number of KEYS (defineScript fixes the count, this
 * script takes one chunk of up to 1000): EVALSHA, EVAL on NOSCRIPT, KEYS prefixed by the client.
 */
export async function flushTaggedChunk(
  client: Pick<RedisClient, "eval" | "evalsha">,
  keys: readonly string[],
  args: readonly string[],
): Promise<void> {
  const script = flushTaggedChunkScript;
  try {
    await client.evalsha(script.sha1, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) throw error;
    await client.eval(script.lua, keys.length, ...keys, ...args);
  }
}
