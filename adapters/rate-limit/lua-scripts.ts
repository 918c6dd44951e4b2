/**
 * The rate limiter's Lua scripts (STYLE §C.6). Laravel's RateLimiter issues 3–5 commands per hit
 * through the cache Repository; these scripts do the same steps in one round trip and leave exactly
 * the keys, values and TTLs those commands leave (laravel-formats.md §4.1), so PHP and Node can
 * interleave on one key. The DurationLimiter scripts reproduce Illuminate\Redis\Limiters\DurationLimiter
 * (§4.5). All written by us; behaviour checked against Laravel's own commands (see the tests).
 */
import { createHash } from "node:crypto";
import type { RedisClient } from "../../src/redis/client.js";

/** A named script: SHA1 computed once, EVALSHA first, EVAL on NOSCRIPT (ioredis' Script). */
export interface LimiterScript {
  readonly name: string;
  readonly lua: string;
  readonly sha1: string;
  readonly numberOfKeys: number;
  /** `"bridge"` or the Laravel method whose behaviour the script reproduces. */
  readonly origin: string;
}

function script(name: string, numberOfKeys: number, origin: string, lua: string): LimiterScript {
  return Object.freeze({
    name,
    lua,
    numberOfKeys,
    origin,
    sha1: createHash("sha1").update(lua).digest("hex"),
  });
}

/** Runs a script: keys without REDIS_PREFIX (the connection adds it), ARGV as given. */
export function runScript<Reply>(
  client: Pick<RedisClient, "eval" | "evalsha">,
  s: LimiterScript,
  keys: readonly string[],
  args: ReadonlyArray<string | number>,
): Promise<Reply> {
  return (client.evalsha(s.sha1, s.numberOfKeys, ...keys, ...args) as Promise<Reply>).catch(
    (error: unknown) => {
      if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) throw error;
      return client.eval(s.lua, s.numberOfKeys, ...keys, ...args) as Promise<Reply>;
    },
  );
}

// The body of RateLimiter::increment() (8.x hit() is the amount-1 case): Repository::add() of the
// timer and of a 0 counter (the EVAL `exists … setex` of RedisStore::add), INCRBY, and the put()
// that gives a TTL back to a counter INCRBY had to create. Repository::add() refuses a TTL <= 0
// without touching Redis and put() with one deletes; the `decay > 0` branches keep that.
const INCREMENT_BODY = `
local decay = tonumber(ARGV[1])
local amount = tonumber(ARGV[3])
local added = false
if decay > 0 then
  if redis.call('exists', KEYS[2]) == 0 then redis.call('setex', KEYS[2], decay, ARGV[2]) end
  if redis.call('exists', KEYS[1]) == 0 then
    redis.call('setex', KEYS[1], decay, '0')
    added = true
  end
end
local hits = redis.call('incrby', KEYS[1], amount)
if not added and hits == amount then
  if decay > 0 then redis.call('setex', KEYS[1], decay, ARGV[3]) else redis.call('del', KEYS[1]) end
end
`;

/**
 * `RateLimiter::increment($key, $decaySeconds, $amount)` / `hit()` in one round trip.
 *
 * KEYS[1]  <cache prefix><key>        KEYS[2]  <cache prefix><key>:timer
 * ARGV[1]  decay seconds              ARGV[2]  available-at (UNIX s, now + decay)   ARGV[3]  amount
 * Returns  the hits (integer)
 *
 * Origin: bridge; same effect as Laravel 12.57+ RateLimiter::increment (8.x hit for amount 1).
 */
export const increment = script(
  "rateLimiter:increment",
  2,
  "bridge (≈ Illuminate\\Cache\\RateLimiter::increment, 8-13)",
  `${INCREMENT_BODY}return hits`,
);

/**
 * `RateLimiter::tooManyAttempts($key, $max)`: GET the counter; at or over the limit, true when the
 * timer exists, otherwise delete the stale counter (resetAttempts) and answer false.
 *
 * KEYS[1]  counter   KEYS[2]  timer   ARGV[1]  max attempts
 * Returns  1 (too many) or 0
 *
 * Origin: bridge; same effect as Illuminate\Cache\RateLimiter::tooManyAttempts 9.14+.
 */
export const tooManyAttempts = script(
  "rateLimiter:tooManyAttempts",
  2,
  "bridge (≈ Illuminate\\Cache\\RateLimiter::tooManyAttempts, 9.14-13)",
  `
local attempts = tonumber(redis.call('get', KEYS[1]) or '0') or 0
if attempts >= tonumber(ARGV[1]) then
  if redis.call('exists', KEYS[2]) == 1 then return 1 end
  redis.call('del', KEYS[1])
end
return 0`,
);

/**
 * ThrottleRequests' step for one limit: tooManyAttempts, then (when allowed) increment. Same
 * effect as the two scripts above in a row, with the counter and timer read once up front (three
 * Redis calls on the common path instead of five: at 100 requests in flight Redis' CPU is the limit).
 *
 * KEYS[1]  counter   KEYS[2]  timer
 * ARGV[1]  decay seconds   ARGV[2]  available-at   ARGV[3]  amount   ARGV[4]  max attempts
 * Returns  allowed, the usual case: ONE integer `hits × 2^22 + (ARGV[2] − timer)` when
 *          0 <= hits < 2^30 and 0 <= ARGV[2] − timer < 2^22 (exact: below 2^52, whole numbers);
 *          otherwise {allowed 1|0, hits (after) or attempts (found), timer (UNIX s, integer) or
 *          absent}. Decode with decodeConsumeReply().
 *
 * Why the packing: turning a Lua table into a reply costs Redis about 0.6 µs more than an integer
 * (a third of the script's run time on the common path), and ioredis decodes an array of three
 * integers with four allocations; at 100 requests in flight that is ~10% of the throughput.
 *
 * Origin: bridge.
 */
export const consume = script(
  "rateLimiter:consume",
  2,
  "bridge",
  `
local counter = redis.call('get', KEYS[1])
local timer = redis.call('get', KEYS[2])
local found = tonumber(counter or '0') or 0
if found >= tonumber(ARGV[4]) then
  if timer then return {0, found, tonumber(timer) or 0} end
  redis.call('del', KEYS[1])
  counter = false
end
local decay = tonumber(ARGV[1])
local amount = tonumber(ARGV[3])
local added = false
if decay > 0 then
  if not timer then
    redis.call('setex', KEYS[2], decay, ARGV[2])
    timer = ARGV[2]
  end
  if not counter then
    redis.call('setex', KEYS[1], decay, '0')
    added = true
  end
end
local hits = redis.call('incrby', KEYS[1], amount)
if not added and hits == amount then
  if decay > 0 then redis.call('setex', KEYS[1], decay, ARGV[3]) else redis.call('del', KEYS[1]) end
end
local at = tonumber(timer)
if at and hits >= 0 and hits < 1073741824 then
  local back = tonumber(ARGV[2]) - at
  if back >= 0 and back < 4194304 and back == math.floor(back) then return hits * 4194304 + back end
end
return {1, hits, at}`,
);

/** 2^22: the packed consume reply keeps `ARGV[2] − timer` below it and the hits above it. */
const PACKED_BACK = 4_194_304;

/**
 * The consume script's reply as `{ allowed, attempts, availableAt }`; `availableAt` is the ARGV[2]
 * the call sent (the packed form stores the timer relative to it).
 */
export function decodeConsumeReply(
  reply: number | [number, number, number | undefined],
  availableAt: number,
): { allowed: boolean; attempts: number; availableAt: number | null } {
  if (typeof reply === "number") {
    const back = reply % PACKED_BACK;
    return { allowed: true, attempts: (reply - back) / PACKED_BACK, availableAt: availableAt - back };
  }
  return { allowed: reply[0] === 1, attempts: reply[1], availableAt: reply[2] ?? null };
}

/**
 * `DurationLimiter::acquire()`: a fixed window in a hash `start`/`end`/`count`, TTL decay × 2.
 * Inside the window (`start <= microtime <= end`, compared as STRINGS, exactly like Laravel's script)
 * count one more; otherwise open a new window with count 1.
 *
 * KEYS[1]  limiter key (REDIS_PREFIX only, no cache prefix)
 * ARGV[1]  microtime(true) as PHP prints it   ARGV[2]  time()   ARGV[3]  decay s   ARGV[4]  max locks
 * Returns  {acquired 1|nil, decays at (UNIX s), remaining (may be < 0)}
 *
 * Origin: behaviour of Illuminate\Redis\Limiters\DurationLimiter::luaScript(), 8-13 (written by us).
 */
export const durationAcquire = script(
  "durationLimiter:acquire",
  1,
  "Illuminate\\Redis\\Limiters\\DurationLimiter::luaScript (8-13)",
  `
local function open()
  redis.call('hset', KEYS[1], 'start', ARGV[2], 'end', ARGV[2] + ARGV[3], 'count', 1)
  return redis.call('expire', KEYS[1], ARGV[3] * 2)
end
if redis.call('exists', KEYS[1]) == 1
  and ARGV[1] >= redis.call('hget', KEYS[1], 'start')
  and ARGV[1] <= redis.call('hget', KEYS[1], 'end') then
  local count = tonumber(redis.call('hincrby', KEYS[1], 'count', 1))
  return {count <= tonumber(ARGV[4]), redis.call('hget', KEYS[1], 'end'), ARGV[4] - count}
end
return {open(), ARGV[2] + ARGV[3], ARGV[4] - 1}`,
);

/**
 * `DurationLimiter::tooManyAttempts()` (read-only, Laravel 12.54+ middleware). Laravel reads the
 * reply as `[decaysAt, remaining]`; outside a window that is `[0, now + decay]`, kept as it is.
 *
 * KEYS[1] and ARGV as durationAcquire.
 * Returns  {end, max - count} inside the window, {0, now + decay} otherwise
 *
 * Origin: behaviour of Illuminate\Redis\Limiters\DurationLimiter::tooManyAttemptsLuaScript() (written by us).
 */
export const durationTooManyAttempts = script(
  "durationLimiter:tooManyAttempts",
  1,
  "Illuminate\\Redis\\Limiters\\DurationLimiter::tooManyAttemptsLuaScript (12.54-13)",
  `
if redis.call('exists', KEYS[1]) == 1
  and ARGV[1] >= redis.call('hget', KEYS[1], 'start')
  and ARGV[1] <= redis.call('hget', KEYS[1], 'end') then
  return {redis.call('hget', KEYS[1], 'end'), ARGV[4] - redis.call('hget', KEYS[1], 'count')}
end
return {0, ARGV[2] + ARGV[3]}`,
);
