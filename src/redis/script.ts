/**
 * Named, typed Lua scripts (STYLE §C.6): the SHA1 computed once, EVALSHA first and EVAL only when
 * the server answers NOSCRIPT (after a restart, SCRIPT FLUSH or failover), like ioredis' Script and
 * redis-semaphore's createEval. KEYS are prefixed by the connection (REDIS_PREFIX, like phpredis);
 * ARGV never is, so a script that receives key names in ARGV must get them fully prefixed.
 *
 * Cluster rule (laravel-formats.md §1.7): all KEYS of one call must hash to one slot — use a hash
 * tag (`queues:{default}`, `queues:{default}:reserved`); `sameHashSlot()` in keys.ts checks it.
 */
import { createHash } from "node:crypto";
import type { RedisClient } from "./client.js";

/** An ARGV value as Redis receives it. */
export type ScriptArgument = string | number | Buffer;

/**
 * Where the script's behaviour comes from, for reviewers (STYLE §C.6 provenance): `"bridge"` for a
 * script of our own, or the Laravel method whose behaviour it reproduces.
 */
export type ScriptOrigin =
  | "bridge"
  | {
      /** e.g. `Illuminate\Queue\LuaScripts::pop`. */
      laravel: string;
      /** The Laravel majors it was checked against, e.g. `8-13`. */
      versions: string;
      /** A deviation and why. */
      note?: string;
    };

export interface ScriptDefinition<Keys extends readonly string[]> {
  /** `<area>:<name>`, e.g. `queue:pop`. Appears in errors. */
  name: string;
  numberOfKeys: Keys["length"];
  lua: string;
  origin: ScriptOrigin;
}

/** A defined script; `run()` is the typed call. */
export interface Script<Keys extends readonly string[], Args extends readonly ScriptArgument[], Reply> {
  readonly name: string;
  readonly lua: string;
  /** Lowercase hex SHA1 of `lua`, as SCRIPT LOAD returns it. */
  readonly sha1: string;
  readonly numberOfKeys: number;
  readonly origin: ScriptOrigin;
  /**
   * EVALSHA, falling back to EVAL on NOSCRIPT (which also caches it on the server again). Keys are
   * given without REDIS_PREFIX. Rejects with the server's error unchanged for Lua errors, with a
   * RedisConnectionError for connection problems (OOM, READONLY, NOPERM… included).
   */
  run(client: Pick<RedisClient, "eval" | "evalsha">, keys: Keys, args: Args): Promise<Reply>;
}

/**
 * Defines a script. The type parameters give the KEYS tuple, the ARGV tuple and the reply:
 * `defineScript<[queue: string, reserved: string], [expiresAt: number], string | null>({...})`.
 */
export function defineScript<
  Keys extends readonly string[],
  Args extends readonly ScriptArgument[] = [],
  Reply = unknown,
>(definition: ScriptDefinition<Keys>): Script<Keys, Args, Reply> {
  const { name, lua, numberOfKeys, origin } = definition;
  if (!Number.isInteger(numberOfKeys) || numberOfKeys < 0) {
    throw new TypeError(
      `Script [${name}]: numberOfKeys must be a non-negative integer, got ${numberOfKeys}.`,
    );
  }
  const sha1 = createHash("sha1").update(lua, "utf8").digest("hex");
  return Object.freeze({
    name,
    lua,
    sha1,
    numberOfKeys,
    origin: typeof origin === "string" ? origin : Object.freeze({ ...origin }),
    // Not async and no await: on the hot path (a lock release, a cache add) the reply reaches the
    // caller through the client's own promise plus one `.catch`, not three more promise layers.
    run(client: Pick<RedisClient, "eval" | "evalsha">, keys: Keys, args: Args): Promise<Reply> {
      if (keys.length !== numberOfKeys) {
        return Promise.reject(
          new TypeError(`Script [${name}] takes ${numberOfKeys} keys, got ${keys.length}.`),
        );
      }
      const reply = client.evalsha(sha1, numberOfKeys, ...keys, ...args) as Promise<Reply>;
      return reply.catch((error: unknown) => {
        if (!isNoScript(error)) throw error;
        return client.eval(lua, numberOfKeys, ...keys, ...args) as Promise<Reply>;
      });
    },
  });
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}
