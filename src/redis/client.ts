/**
 * The narrow Redis client interface the bridge uses (BullMQ's IRedisClient, redis-semaphore's
 * RedisClient): adapters depend on this, never on ioredis directly, so the transport stays
 * replaceable and the surface we rely on is reviewable in one place. Add a command here when an
 * adapter needs it.
 *
 * Keys passed to these methods are WITHOUT REDIS_PREFIX: the connection applies it, like phpredis'
 * OPT_PREFIX (laravel-formats.md §1.5).
 */
import type { Redis } from "ioredis";

export type RedisClient = Pick<
  Redis,
  | "get"
  | "getBuffer"
  | "set"
  | "setex"
  | "del"
  | "exists"
  | "expire"
  | "ttl"
  | "pttl"
  | "mget"
  | "mgetBuffer"
  | "incrby"
  | "decrby"
  | "incrbyfloat"
  | "hget"
  | "hgetall"
  | "hset"
  | "zadd"
  | "zrange"
  | "zrangebyscore"
  | "zrem"
  | "zremrangebyscore"
  | "zcard"
  | "sadd"
  | "smembers"
  | "srem"
  | "rpush"
  | "lpush"
  | "llen"
  | "lrange"
  | "blpop"
  | "eval"
  | "evalsha"
  | "scan"
  | "flushdb"
  | "ping"
  | "multi"
  | "pipeline"
  | "call"
  | "callBuffer"
>;
