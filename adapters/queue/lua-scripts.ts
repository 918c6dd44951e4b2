/**
 * The queue's Lua scripts, with the behaviour and KEYS/ARGV layout of Illuminate\Queue\LuaScripts
 * (laravel-formats.md §7.2), written by us. test/interop/adapters/queue/lua-scripts.test.ts runs each
 * against Laravel 8.83's own script on twin Redis states and compares replies and keys byte for byte.
 */
import { defineScript } from "../../src/redis/script.js";

/**
 * Push a job and one wake-up token.
 *
 * KEYS[1] queues:{q}   KEYS[2] queues:{q}:notify   ARGV[1] payload
 * Returns nil
 *
 * Origin: behaviour of Illuminate\Queue\LuaScripts::push(), Laravel 8.x–13.x.
 */
export const push = defineScript<[queue: string, notify: string], [payload: string | Buffer], null>({
  name: "queue:push",
  numberOfKeys: 2,
  origin: { laravel: "Illuminate\\Queue\\LuaScripts::push", versions: "8-13" },
  lua: `redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('RPUSH', KEYS[2], 1)`,
});

/**
 * Push many jobs atomically, with one wake-up token each (our `bulk()`: Laravel sends N push
 * scripts inside MULTI; the resulting keys are the same).
 *
 * KEYS[1] queues:{q}   KEYS[2] queues:{q}:notify   ARGV[1..n] payloads
 * Returns n
 *
 * Origin: bridge (same end state as N × LuaScripts::push in a transaction).
 */
export const bulkPush = defineScript<[queue: string, notify: string], string[], number>({
  name: "queue:bulkPush",
  numberOfKeys: 2,
  origin: "bridge",
  lua: `local n = #ARGV
for first = 1, n, 100 do
  local last = math.min(first + 99, n)
  redis.call('RPUSH', KEYS[1], unpack(ARGV, first, last))
  local tokens = {}
  for i = first, last do tokens[#tokens + 1] = 1 end
  redis.call('RPUSH', KEYS[2], unpack(tokens))
end
return n`,
});

/**
 * Schedule a job (12.45+ sends this instead of a plain ZADD).
 *
 * KEYS[1] queues:{q}:delayed   ARGV[1] available at (unix seconds)   ARGV[2] payload
 * Returns nil
 *
 * Origin: behaviour of Illuminate\Queue\LuaScripts::later(), Laravel 12.45–13.x.
 */
export const later = defineScript<[delayed: string], [availableAt: number, payload: string | Buffer], null>({
  name: "queue:later",
  numberOfKeys: 1,
  origin: { laravel: "Illuminate\\Queue\\LuaScripts::later", versions: "12-13" },
  lua: `redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])`,
});

/**
 * Pop the next job: LPOP it, add 1 to `attempts` through cjson, park that re-encoded copy in the
 * reserved set until ARGV[1], and consume one wake-up token.
 *
 * KEYS[1] queues:{q}   KEYS[2] queues:{q}:reserved   KEYS[3] queues:{q}:notify
 * ARGV[1] reserved until (unix seconds: now + retry_after)
 * Returns {job, reserved}: both false (nil) when the list is empty; {job, false} when the job is not
 * JSON with a numeric `attempts` (Laravel's script raises an error after the LPOP, losing the job;
 * ours hands it back so the worker can log it to failed_jobs).
 *
 * Origin: behaviour of Illuminate\Queue\LuaScripts::pop(), Laravel 8.x–13.x, except that poison case.
 */
export const pop = defineScript<
  [queue: string, reserved: string, notify: string],
  [reservedUntil: number],
  [Buffer | null, Buffer | null]
>({
  name: "queue:pop",
  numberOfKeys: 3,
  origin: {
    laravel: "Illuminate\\Queue\\LuaScripts::pop",
    versions: "8-13",
    note: "a payload cjson cannot decode, or without a numeric attempts, is returned as {job, false} instead of raising after the LPOP",
  },
  lua: `local job = redis.call('LPOP', KEYS[1])
if not job then return {false, false} end
local ok, decoded = pcall(cjson.decode, job)
if not ok or type(decoded) ~= 'table' or type(decoded['attempts']) ~= 'number' then
  redis.call('LPOP', KEYS[3])
  return {job, false}
end
decoded['attempts'] = decoded['attempts'] + 1
local reserved = cjson.encode(decoded)
redis.call('ZADD', KEYS[2], ARGV[1], reserved)
redis.call('LPOP', KEYS[3])
return {job, reserved}`,
});

/**
 * Move a reserved job to the delayed set (the reserved bytes, attempts already incremented).
 *
 * KEYS[1] queues:{q}:delayed   KEYS[2] queues:{q}:reserved
 * ARGV[1] the exact reserved payload   ARGV[2] available at (unix seconds)
 * Returns 1
 *
 * Origin: behaviour of Illuminate\Queue\LuaScripts::release(), Laravel 8.x–13.x.
 */
export const release = defineScript<
  [delayed: string, reserved: string],
  [reserved: string | Buffer, availableAt: number],
  number
>({
  name: "queue:release",
  numberOfKeys: 2,
  origin: { laravel: "Illuminate\\Queue\\LuaScripts::release", versions: "8-13" },
  lua: `redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return true`,
});

/**
 * Move every member of a sorted set whose score is due (<= ARGV[1]) to the end of the list, in
 * score order, with one wake-up token each (delayed → ready, expired reservation → ready).
 *
 * KEYS[1] from (queues:{q}:delayed or :reserved)   KEYS[2] queues:{q}   KEYS[3] queues:{q}:notify
 * ARGV[1] now (unix seconds)   ARGV[2] optional batch limit (9.23+ migration_batch_size, -1 = all)
 * Returns the migrated payloads
 *
 * Origin: behaviour of Illuminate\Queue\LuaScripts::migrateExpiredJobs(), Laravel 8.x–13.x.
 */
export const migrateExpiredJobs = defineScript<
  [from: string, to: string, notify: string],
  [now: number] | [now: number, limit: number],
  string[]
>({
  name: "queue:migrateExpiredJobs",
  numberOfKeys: 3,
  origin: { laravel: "Illuminate\\Queue\\LuaScripts::migrateExpiredJobs", versions: "8-13" },
  lua: `local due
if ARGV[2] then
  due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
else
  due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
end
local n = #due
if n > 0 then
  -- The due members are the lowest scores, so removing by rank removes exactly them.
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, n - 1)
  for first = 1, n, 100 do
    local last = math.min(first + 99, n)
    redis.call('RPUSH', KEYS[2], unpack(due, first, last))
    local tokens = {}
    for i = first, last do tokens[#tokens + 1] = 1 end
    redis.call('RPUSH', KEYS[3], unpack(tokens))
  end
end
return due`,
});

/**
 * KEYS[1] queues:{q}   KEYS[2] queues:{q}:delayed   KEYS[3] queues:{q}:reserved
 * Returns LLEN + ZCARD + ZCARD
 *
 * Origin: behaviour of Illuminate\Queue\LuaScripts::size(), Laravel 8.x–13.x.
 */
export const size = defineScript<[queue: string, delayed: string, reserved: string], [], number>({
  name: "queue:size",
  numberOfKeys: 3,
  origin: { laravel: "Illuminate\\Queue\\LuaScripts::size", versions: "8-13" },
  lua: `return redis.call('LLEN', KEYS[1]) + redis.call('ZCARD', KEYS[2]) + redis.call('ZCARD', KEYS[3])`,
});

/**
 * KEYS[1] queues:{q}   KEYS[2] :delayed   KEYS[3] :reserved   KEYS[4] :notify
 * Returns the size before deleting all four keys
 *
 * Origin: behaviour of Illuminate\Queue\LuaScripts::clear(), Laravel 8.x–13.x.
 */
export const clear = defineScript<
  [queue: string, delayed: string, reserved: string, notify: string],
  [],
  number
>({
  name: "queue:clear",
  numberOfKeys: 4,
  origin: { laravel: "Illuminate\\Queue\\LuaScripts::clear", versions: "8-13" },
  lua: `local n = redis.call('LLEN', KEYS[1]) + redis.call('ZCARD', KEYS[2]) + redis.call('ZCARD', KEYS[3])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
return n`,
});

/**
 * The worker's whole pop step in one call: the acknowledgements (ZREM of reserved copies), Laravel's
 * two migrations, then up to ARGV[5] pops — the same commands in the same order as ZREM + migrate +
 * migrate + pop sent one by one, so PHP workers sharing the queue see the same states; one round trip
 * and one script call instead of four.
 *
 * KEYS[1] queues:{q}   KEYS[2] :delayed   KEYS[3] :reserved   KEYS[4] :notify
 * ARGV[1] now   ARGV[2] reserved until   ARGV[3] migration limit ('' = all)
 * ARGV[4] '1' to migrate expired reservations (retry_after set)   ARGV[5] pops   ARGV[6..] acks
 * Returns {job1, reserved1, job2, reserved2, …} for the jobs popped (reserved false = poison, as `pop`)
 *
 * Origin: bridge (composition of migrateExpiredJobs and pop; checked against Laravel's scripts run in sequence).
 */
export const popBatch = defineScript<
  [queue: string, delayed: string, reserved: string, notify: string],
  Array<string | number | Buffer>,
  Array<Buffer | null>
>({
  name: "queue:popBatch",
  numberOfKeys: 4,
  origin: "bridge",
  lua: `local queue, delayed, reserved, notify = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now, untilScore, limit = ARGV[1], ARGV[2], ARGV[3]
for i = 6, #ARGV do redis.call('ZREM', reserved, ARGV[i]) end
local function migrate(from)
  local due
  if limit ~= '' then
    due = redis.call('ZRANGEBYSCORE', from, '-inf', now, 'LIMIT', 0, limit)
  else
    due = redis.call('ZRANGEBYSCORE', from, '-inf', now)
  end
  local n = #due
  if n > 0 then
    redis.call('ZREMRANGEBYRANK', from, 0, n - 1)
    for first = 1, n, 100 do
      local last = math.min(first + 99, n)
      redis.call('RPUSH', queue, unpack(due, first, last))
      local tokens = {}
      for i = first, last do tokens[#tokens + 1] = 1 end
      redis.call('RPUSH', notify, unpack(tokens))
    end
  end
end
migrate(delayed)
if ARGV[4] == '1' then migrate(reserved) end
local out = {}
for p = 1, tonumber(ARGV[5]) do
  local job = redis.call('LPOP', queue)
  if not job then break end
  local ok, decoded = pcall(cjson.decode, job)
  out[#out + 1] = job
  if not ok or type(decoded) ~= 'table' or type(decoded['attempts']) ~= 'number' then
    out[#out + 1] = false
  else
    decoded['attempts'] = decoded['attempts'] + 1
    local copy = cjson.encode(decoded)
    redis.call('ZADD', reserved, untilScore, copy)
    out[#out + 1] = copy
  end
  redis.call('LPOP', notify)
end
return out`,
});
