/**
 * ≈ Illuminate\Session\CacheBasedSessionHandler over the `redis` cache store re-pointed at the session
 * connection (laravel-formats.md §5.1–5.2): key = cache prefix + id (REDIS_PREFIX is added by the
 * connection), value = RedisStore's `serialize($payload)` = `s:<bytes>:"<payload>";`, written with
 * `SETEX key <lifetime*60>`; `destroy` = `DEL`; `gc` = nothing (Redis expires the keys).
 */
import type { SessionHandler } from "../../src/contracts/session.js";
import type { RedisClient } from "../../src/redis/client.js";
import { CommandBatcher } from "./command-batcher.js";

/** The bytes stored under the key were not what RedisStore writes for a string. */
export class StoredSessionFormatError extends Error {
  override readonly name = "StoredSessionFormatError";
}

const S_OPEN = Buffer.from("s:");
const NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/;

/** RedisStore::serialize for a (non-numeric) string: PHP's `s:N:"…";` with N in bytes. */
export function serializeStoredString(payload: Buffer): Buffer {
  const head = Buffer.from(`s:${payload.length}:"`, "latin1");
  const out = Buffer.allocUnsafe(head.length + payload.length + 2);
  head.copy(out, 0);
  payload.copy(out, head.length);
  out[out.length - 2] = 0x22; // "
  out[out.length - 1] = 0x3b; // ;
  return out;
}

/**
 * RedisStore::unserialize for the session key: the inner string of `s:N:"…";`, or the raw value
 * when RedisStore kept it as a number. Anything else (an array, an object, broken bytes) throws.
 */
export function unserializeStoredString(stored: Buffer): Buffer {
  if (stored.length >= 6 && stored[0] === S_OPEN[0] && stored[1] === S_OPEN[1]) {
    const colon = stored.indexOf(0x3a, 2);
    const digits = colon > 2 ? stored.toString("latin1", 2, colon) : "";
    if (/^\d{1,10}$/.test(digits) && stored[colon + 1] === 0x22) {
      const start = colon + 2;
      const length = Number(digits);
      const end = start + length;
      if (end + 2 === stored.length && stored[end] === 0x22 && stored[end + 1] === 0x3b) {
        return stored.subarray(start, end);
      }
    }
    throw new StoredSessionFormatError('the stored session is not a complete PHP string (s:N:"…";)');
  }
  if (NUMERIC.test(stored.toString("latin1"))) return stored;
  throw new StoredSessionFormatError("the stored session is not a PHP string");
}

export interface CacheSessionHandlerOptions {
  /** The session connection (`SESSION_CONNECTION`, `default` when null), REDIS_PREFIX applied by it. */
  connection: RedisClient;
  /** The cache store prefix as RedisStore keeps it (8–10: `laravel_cache:`; 11+: verbatim). */
  prefix: string;
  /** Send the commands of one event-loop turn as one pipeline (command-batcher.ts). @default true */
  batch?: boolean;
}

/** The Redis session handler Laravel's `SESSION_DRIVER=redis` uses. */
export class CacheSessionHandler implements SessionHandler {
  readonly #redis: RedisClient;
  readonly #prefix: string;
  readonly #batcher: CommandBatcher | undefined;

  constructor(options: CacheSessionHandlerOptions) {
    this.#redis = options.connection;
    this.#prefix = options.prefix;
    this.#batcher = options.batch === false ? undefined : new CommandBatcher(options.connection);
  }

  /** The key (without REDIS_PREFIX) a session id is stored under. */
  key(sessionId: string): string {
    return this.#prefix + sessionId;
  }

  /** `read()`: GET; `null` when missing. @throws StoredSessionFormatError for foreign bytes. */
  async read(sessionId: string): Promise<Buffer | null> {
    const key = this.key(sessionId);
    const stored = this.#batcher
      ? ((await this.#batcher.run(1, (p) => p.getBuffer(key)))[0] as Buffer | null)
      : await this.#redis.getBuffer(key);
    return stored === null ? null : unserializeStoredString(stored);
  }

  /**
   * `write()`: SETEX (sliding expiry: every save restarts the lifetime). `destroyFirst` DELs old ids
   * in the same round trip (migrate(true) then save, as Laravel's login does: GET, DEL, SETEX).
   * `onlyIfExists` uses `SET … EX … XX`, so a session destroyed by a concurrent logout stays gone.
   * A lifetime ≤ 0 deletes the key, like Repository::put with a non-positive TTL.
   */
  async write(
    sessionId: string,
    payload: Buffer,
    lifetimeSeconds: number,
    options: { onlyIfExists?: boolean; destroyFirst?: readonly string[] } = {},
  ): Promise<boolean> {
    const key = this.key(sessionId);
    const olds = (options.destroyFirst ?? []).map((id) => this.key(id));
    const seconds = Math.floor(lifetimeSeconds);
    const value = seconds > 0 ? serializeStoredString(payload) : undefined;
    let reply: unknown;
    if (this.#batcher) {
      const replies = await this.#batcher.run(olds.length + 1, (p) => {
        for (const old of olds) p.del(old);
        if (value === undefined) p.del(key);
        else if (options.onlyIfExists) p.set(key, value, "EX", seconds, "XX");
        else p.setex(key, seconds, value);
      });
      reply = replies[replies.length - 1];
    } else {
      // Issued together: ioredis writes them back to back on one connection, so one round trip.
      const pending: Array<Promise<unknown>> = olds.map((old) => this.#redis.del(old));
      if (value === undefined) pending.push(this.#redis.del(key));
      else if (options.onlyIfExists) pending.push(this.#redis.set(key, value, "EX", seconds, "XX"));
      else pending.push(this.#redis.setex(key, seconds, value));
      const replies = await Promise.all(pending);
      reply = replies[replies.length - 1];
    }
    return value === undefined || reply !== null;
  }

  /** `destroy()`: DEL. */
  async destroy(sessionId: string): Promise<void> {
    const key = this.key(sessionId);
    if (this.#batcher) await this.#batcher.run(1, (p) => p.del(key));
    else await this.#redis.del(key);
  }
}
