/**
 * ≈ Illuminate\Session\CacheBasedSessionHandler over the `redis` cache store re-pointed at the session
 * connection (laravel-formats.md §5.1–5.2): key = cache prefix + id (REDIS_PREFIX is added by the
 * connection), value = RedisStore's `serialize($payload)` = `s:<bytes>:"<payload>";`, written with
 * `SETEX key <lifetime*60>`; `destroy` = `DEL`; `gc` = nothing (Redis expires the keys).
 */
import { isAscii } from "node:buffer";
import type { SessionHandler } from "../../src/contracts/session.js";
import { CacheFormatError } from "../../src/errors/cache-errors.js";
import { PhpUnserializeError } from "../../src/errors/codec-errors.js";
import type { RedisClient } from "../../src/redis/client.js";
import { type BatchedCommand, CommandBatcher } from "./command-batcher.js";

/** The bytes stored under the key were not what RedisStore writes for a string. */
export class StoredSessionFormatError extends Error {
  override readonly name = "StoredSessionFormatError";
}

/**
 * Whether a handler's read failed on the stored bytes (not on Redis): such a session is corrupt —
 * a new session, the key left for inspection — where a Redis failure is a 503.
 */
export function isUndecodableStoredValue(error: unknown): boolean {
  return (
    error instanceof StoredSessionFormatError ||
    error instanceof CacheFormatError ||
    error instanceof PhpUnserializeError
  );
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

/**
 * The stored value for a payload: `s:N:"…";` as a JS string when the payload is ASCII (ioredis
 * writes a string straight into the pipeline text; a Buffer forces a copy into a mixed buffer list
 * and a concat of the whole pipeline), otherwise as bytes. Same bytes on the wire either way.
 */
export function storedSessionValue(payload: Buffer): string | Buffer {
  return isAscii(payload)
    ? `s:${payload.length}:"${payload.toString("latin1")}";`
    : serializeStoredString(payload);
}

export interface CacheSessionHandlerOptions {
  /** The session connection (`SESSION_CONNECTION`, `default` when null), REDIS_PREFIX applied by it. */
  connection: RedisClient;
  /** The cache store prefix as RedisStore keeps it (8–10: `laravel_cache:`; 11+: verbatim). */
  prefix: string;
  /** Send the commands of one event-loop turn as one pipeline (command-batcher.ts). @default true */
  batch?: boolean;
}

const toPayload = (stored: unknown): Buffer | null =>
  stored === null || stored === undefined ? null : unserializeStoredString(stored as Buffer);
const isWritten = (reply: unknown): boolean => reply !== null;
const alwaysWritten = (): boolean => true;
const toVoid = (): void => undefined;
const lastIsWritten = (replies: unknown[]): boolean => replies[replies.length - 1] !== null;

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
  read(sessionId: string): Promise<Buffer | null> {
    const key = this.key(sessionId);
    if (this.#batcher) return this.#batcher.send("getBuffer", [key], toPayload);
    return this.#redis.getBuffer(key).then(toPayload);
  }

  /**
   * `write()`: SETEX (sliding expiry: every save restarts the lifetime). `destroyFirst` DELs old ids
   * in the same round trip (migrate(true) then save, as Laravel's login does: GET, DEL, SETEX).
   * `onlyIfExists` uses `SET … EX … XX`, so a session destroyed by a concurrent logout stays gone.
   * A lifetime ≤ 0 deletes the key, like Repository::put with a non-positive TTL.
   */
  write(
    sessionId: string,
    payload: Buffer,
    lifetimeSeconds: number,
    options?: { onlyIfExists?: boolean; destroyFirst?: readonly string[] },
  ): Promise<boolean> {
    const key = this.key(sessionId);
    const seconds = Math.floor(lifetimeSeconds);
    const olds = options?.destroyFirst;
    // Issued in this order in one tick: one pipeline (batched) or back to back on one connection.
    const pending: Array<Promise<unknown>> | undefined =
      olds !== undefined && olds.length > 0 ? olds.map((id) => this.#send("del", [this.key(id)])) : undefined;
    const written = pending === undefined ? (seconds <= 0 ? alwaysWritten : isWritten) : undefined;
    let reply: Promise<unknown>;
    if (seconds <= 0) reply = this.#send("del", [key], written);
    else if (options?.onlyIfExists)
      reply = this.#send("set", [key, storedSessionValue(payload), "EX", seconds, "XX"], written);
    else reply = this.#send("setex", [key, seconds, storedSessionValue(payload)], written);
    if (pending === undefined) return reply as Promise<boolean>;
    pending.push(reply);
    return Promise.all(pending).then(seconds <= 0 ? alwaysWritten : lastIsWritten);
  }

  /** `destroy()`: DEL. */
  destroy(sessionId: string): Promise<void> {
    return this.#send("del", [this.key(sessionId)], toVoid) as Promise<void>;
  }

  #send(name: BatchedCommand, args: unknown[], map?: (reply: unknown) => unknown): Promise<unknown> {
    if (this.#batcher) return this.#batcher.send(name, args, map);
    const method = this.#redis[name] as unknown as (...a: unknown[]) => Promise<unknown>;
    const reply = method.apply(this.#redis, args);
    return map === undefined ? reply : reply.then(map);
  }
}
