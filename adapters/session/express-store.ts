/**
 * `LaravelSessionStore`: an express-session `Store` (the connect-redis shape: get, set, destroy,
 * touch, all, length, clear, ids) that keeps sessions where and how Laravel keeps them: the cache
 * prefix + a 40-character id, `SETEX lifetime`, double PHP serialization (or json / encrypted, as
 * configured). PHP code can read these sessions by id, and the store reads Laravel's.
 *
 * When to prefer `bridge.session()`: sharing the BROWSER session with Laravel needs Laravel's
 * encrypted cookie, which express-session cannot read or write (it signs its own `s:` cookie), and
 * Laravel's flash/token/login API. Use this store to keep express-session's API with
 * Laravel-compatible storage; pass `genid: laravelSessionId` so ids are valid for Laravel.
 */
import expressSession, { type SessionData } from "express-session";
import { PhpArray } from "../../src/codecs/php/values.js";
import { SessionEncodeError } from "../../src/errors/session-errors.js";
import { scanWithoutPrefix } from "../../src/redis/keys.js";
import { generateSessionId, isValidSessionId } from "./session-id.js";
import type { SessionManager } from "./session-manager.js";
import { fromSessionValue, toSessionValue } from "./session-values.js";

/** express-session's `genid`: 40 alphanumerics, the only ids Laravel accepts. */
export function laravelSessionId(): string {
  return generateSessionId();
}

type Callback<T = void> = (error: unknown, value?: T) => void;

/** 40 × [A-Za-z0-9] as a SCAN glob. */
const ID_GLOB = "[A-Za-z0-9]".repeat(40);

export class LaravelSessionStore extends expressSession.Store {
  readonly #manager: SessionManager;

  constructor(manager: SessionManager) {
    super();
    this.#manager = manager;
  }

  /** Reads a session; Laravel-made ones get a cookie section from the key's TTL. */
  override get(sid: string, callback: Callback<SessionData | null>): void {
    this.#load(sid).then((data) => callback(null, data), callback);
  }

  /** Writes a session for the cookie's maxAge, else `session.lifetime` minutes. */
  override set(sid: string, session: SessionData, callback?: Callback): void {
    this.#save(sid, session).then(
      () => callback?.(null),
      (error) => (callback ? callback(error) : this.emit("error", error)),
    );
  }

  /** DEL. */
  override destroy(sid: string, callback?: Callback): void {
    this.#manager.handler.destroy(sid).then(
      () => callback?.(null),
      (error) => (callback ? callback(error) : this.emit("error", error)),
    );
  }

  /** EXPIRE with the session's TTL (no rewrite). */
  override touch(sid: string, session: SessionData, callback?: () => void): void {
    // express-session passes a callback that takes an error, though its types say `() => void`.
    const done = callback as ((error?: unknown) => void) | undefined;
    this.#manager.connection.expire(this.#manager.handler.key(sid), this.#ttlSeconds(session)).then(
      () => done?.(),
      (error) => (done ? done(error) : this.emit("error", error)),
    );
  }

  /** Every session (SCAN over the prefix; keys that are not sessions are skipped). */
  override all(callback: Callback<Record<string, SessionData>>): void {
    this.#scan()
      .then(async (sids) => {
        const out: Record<string, SessionData> = {};
        for (const sid of sids) {
          const data = await this.#load(sid).catch(() => null);
          if (data) out[sid] = data;
        }
        return out;
      })
      .then((all) => callback(null, all), callback);
  }

  /** How many sessions there are. */
  override length(callback: Callback<number>): void {
    this.all((error, all) => (error ? callback(error) : callback(null, Object.keys(all ?? {}).length)));
  }

  /** Deletes every session (only keys that decode as sessions: the prefix is shared with the cache). */
  override clear(callback?: Callback): void {
    this.all((error, all) => {
      if (error) return callback?.(error);
      Promise.all(Object.keys(all ?? {}).map((sid) => this.#manager.handler.destroy(sid))).then(
        () => callback?.(null),
        (e) => callback?.(e),
      );
    });
  }

  /** The ids of every session. */
  ids(callback: Callback<string[]>): void {
    this.all((error, all) => (error ? callback(error) : callback(null, Object.keys(all ?? {}))));
  }

  async #scan(): Promise<string[]> {
    const found = new Set<string>();
    const prefix = this.#manager.redisPrefix + this.#manager.keyPrefix;
    for await (const key of scanWithoutPrefix(this.#manager.connection, prefix, ID_GLOB)) found.add(key);
    return [...found];
  }

  async #load(sid: string): Promise<SessionData | null> {
    if (!isValidSessionId(sid)) return null;
    const payload = await this.#manager.handler.read(sid);
    const attributes = payload === null ? null : this.#manager.serializer.unserialize(payload);
    if (attributes === null) return null;
    const data = toSessionValue(attributes) as unknown as Record<string, unknown>;
    if (Array.isArray(data)) return null;
    if (typeof data.cookie !== "object" || data.cookie === null) {
      // A session Laravel wrote: express-session needs a cookie section to restore one.
      const ttl = await this.#manager.connection.ttl(this.#manager.handler.key(sid));
      const maxAge = (ttl > 0 ? ttl : this.#manager.lifetimeMinutes * 60) * 1000;
      data.cookie = {
        originalMaxAge: maxAge,
        expires: new Date(Date.now() + maxAge).toISOString(),
        httpOnly: true,
        path: "/",
      };
    }
    return data as unknown as SessionData;
  }

  async #save(sid: string, session: SessionData): Promise<void> {
    if (!isValidSessionId(sid)) {
      throw new SessionEncodeError(
        "id",
        "express-session made an id Laravel cannot use: pass `genid: laravelSessionId` to session({ … }).",
      );
    }
    const attributes = new PhpArray();
    for (const [key, value] of Object.entries(session)) {
      if (value === undefined) continue;
      const plain = key === "cookie" ? cookieJson(value) : value;
      if (key !== "cookie") this.#manager.valueGuard?.(key, plain);
      attributes.entries.push([key, fromSessionValue(plain, key)]);
    }
    await this.#manager.handler.write(
      sid,
      this.#manager.serializer.serialize(attributes),
      this.#ttlSeconds(session),
    );
  }

  #ttlSeconds(session: SessionData): number {
    const maxAge = session.cookie?.maxAge;
    return typeof maxAge === "number" && maxAge > 0
      ? Math.ceil(maxAge / 1000)
      : this.#manager.lifetimeMinutes * 60;
  }
}

/** express-session's Cookie as plain data (dates as ISO strings, undefined fields dropped). */
function cookieJson(cookie: unknown): Record<string, unknown> {
  const json =
    (cookie as { toJSON?: () => Record<string, unknown> }).toJSON?.() ?? (cookie as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) {
    if (v === undefined) continue;
    out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}
