/**
 * The lock scripts (≈ Illuminate\Cache\LuaScripts for locks, plus the bridge's fencing scripts).
 * Written by us: Laravel's own text is never copied; what must match is the behaviour and the
 * KEYS/ARGV layout, proven against real Laravel in test/interop/adapters/lock/.
 */
import { defineScript } from "../../src/redis/script.js";

/**
 * Release a lock only if we still own it (compare-and-delete).
 *
 * KEYS[1]  <cache prefix><name>      ARGV[1]  owner
 * Returns  1 when deleted, 0 when the key is missing or holds another owner
 *
 * Origin: behaviour of Illuminate\Cache\LuaScripts::releaseLock() (RedisLock::release), 8.x–13.x.
 */
export const releaseLock = defineScript<[key: string], [owner: string], number>({
  name: "lock:releaseLock",
  numberOfKeys: 1,
  origin: { laravel: "Illuminate\\Cache\\LuaScripts::releaseLock", versions: "8-13" },
  lua: String.raw`
local current = redis.call('get', KEYS[1])
if current ~= ARGV[1] then
  return 0
end
return redis.call('del', KEYS[1])
`,
});

/**
 * Reset a lock's TTL only if we still own it.
 *
 * KEYS[1]  <cache prefix><name>      ARGV[1]  owner      ARGV[2]  seconds (<= 0: no expiry)
 * Returns  1 when refreshed, 0 when the key is missing or holds another owner
 *
 * Origin: behaviour of Illuminate\Cache\LuaScripts::refreshLock() (RedisLock::refresh), 13.16+.
 */
export const refreshLock = defineScript<[key: string], [owner: string, seconds: string], number>({
  name: "lock:refreshLock",
  numberOfKeys: 1,
  origin: { laravel: "Illuminate\\Cache\\LuaScripts::refreshLock", versions: "13" },
  lua: String.raw`
if redis.call('get', KEYS[1]) ~= ARGV[1] then
  return 0
end
if tonumber(ARGV[2]) > 0 then
  return redis.call('expire', KEYS[1], ARGV[2])
end
redis.call('persist', KEYS[1])
return 1
`,
});

/**
 * Acquire a lock exactly as RedisLock::acquire does (SET NX EX, or SETNX for seconds 0) and, in the
 * same atomic step, issue the next fence token for that name.
 *
 * token = max(previous token + 1, Redis TIME in microseconds). The counter alone would restart at 1
 * after Redis loses its data; the TIME floor keeps tokens above every token issued before a restart
 * as long as the Redis host clock did not step back further than the outage lasted. The store of
 * record still checks `token > highest accepted` and reseeds (reseedFence) if it ever sees otherwise.
 *
 * KEYS[1]  <cache prefix><name>      KEYS[2]  <cache prefix>bridge:fence:<name>
 * ARGV[1]  owner      ARGV[2]  seconds (0: no expiry)      ARGV[3]  fence key TTL, seconds
 * Returns  the token (integer) when acquired, nil when someone else holds the lock
 *
 * Origin: bridge (the lock key, value and TTL it writes are Laravel's, so PHP sees an ordinary lock).
 */
export const acquireFencedLock = defineScript<
  [key: string, fenceKey: string],
  [owner: string, seconds: string, fenceTtl: string],
  number | null
>({
  name: "lock:acquireFencedLock",
  numberOfKeys: 2,
  origin: "bridge",
  lua: String.raw`
local acquired
if tonumber(ARGV[2]) > 0 then
  acquired = redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[2], 'NX')
else
  acquired = redis.call('setnx', KEYS[1], ARGV[1]) == 1
end
if not acquired then
  return nil
end
local time = redis.call('time')
local floor = tonumber(time[1]) * 1000000 + tonumber(time[2])
local token = tonumber(redis.call('get', KEYS[2]) or '0') + 1
if floor > token then
  token = floor
end
redis.call('set', KEYS[2], string.format('%.0f', token), 'EX', ARGV[3])
return token
`,
});

/**
 * Raise a fence counter to at least `floor` (the highest token the store of record accepted), so the
 * next acquire issues a larger token. Never lowers it.
 *
 * KEYS[1]  <cache prefix>bridge:fence:<name>      ARGV[1]  floor      ARGV[2]  fence key TTL, seconds
 * Returns  the counter after the call
 *
 * Origin: bridge.
 */
export const reseedFence = defineScript<[fenceKey: string], [floor: string, fenceTtl: string], number>({
  name: "lock:reseedFence",
  numberOfKeys: 1,
  origin: "bridge",
  lua: String.raw`
local current = tonumber(redis.call('get', KEYS[1]) or '0')
local floor = tonumber(ARGV[1])
if floor > current then
  current = floor
end
redis.call('set', KEYS[1], string.format('%.0f', current), 'EX', ARGV[2])
return current
`,
});
