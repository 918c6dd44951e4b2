/**
 * The narrow Redis client interface the bridge uses (BullMQ's IRedisClient, redis-semaphore's
 * RedisClient): adapters depend on this, never on ioredis directly, so the transport stays
 * replaceable and the surface we rely on is reviewable in one place. Add a command to
 * REDIS_CLIENT_COMMANDS when an adapter needs it.
 *
 * Keys passed to these methods are WITHOUT REDIS_PREFIX: the connection applies it, like phpredis'
 * OPT_PREFIX (laravel-formats.md §1.5): to key arguments and EVAL/EVALSHA KEYS, not to ARGV. SCAN
 * MATCH patterns are NOT prefixed and SCAN returns full, prefixed names, exactly as with phpredis:
 * build patterns with `prefixedPattern()` and strip results with `withoutPrefix()` (keys.ts).
 * KEYS is deliberately absent (it blocks Redis; ioredis would not prefix its pattern, phpredis does).
 * `call()` prefixes the key positions of commands ioredis knows, unlike phpredis' rawCommand.
 *
 * Every promise rejects with a RedisConnectionError for connection-level failures (see
 * connection-manager.ts); other server replies (WRONGTYPE, script errors) reject unchanged.
 */
import type { Redis } from "ioredis";

/** The commands a RedisClient exposes, each with ioredis' own signature. */
export const REDIS_CLIENT_COMMANDS = [
  "get",
  "getBuffer",
  "set",
  "setex",
  "setnx",
  "del",
  "unlink",
  "exists",
  "expire",
  "ttl",
  "pttl",
  "mget",
  "mgetBuffer",
  "incr",
  "incrby",
  "decrby",
  "incrbyfloat",
  "hget",
  "hgetall",
  "hset",
  "hdel",
  "hincrby",
  "zadd",
  "zrange",
  "zrangebyscore",
  "zrem",
  "zremrangebyscore",
  "zcard",
  "zscore",
  "zscan",
  "sadd",
  "smembers",
  "srem",
  "sscan",
  "rpush",
  "lpush",
  "lpop",
  "rpop",
  "lrem",
  "llen",
  "lrange",
  "blpop",
  "eval",
  "evalsha",
  "scan",
  "flushdb",
  "ping",
  "time",
  "info",
  "call",
  "callBuffer",
] as const;

/** Commands that return a chainable batch whose `exec()` is the promise. */
export const REDIS_CLIENT_BATCHES = ["multi", "pipeline"] as const;

export type RedisClient = Pick<
  Redis,
  (typeof REDIS_CLIENT_COMMANDS)[number] | (typeof REDIS_CLIENT_BATCHES)[number]
>;
