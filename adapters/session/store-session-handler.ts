/**
 * Illuminate\Session\CacheBasedSessionHandler over any cache `Store` (src/contracts/cache.ts):
 * `read` = get(id) ('' when missing), `write` = put(id, payload, lifetime × 60), `destroy` =
 * forget(id). Through the cache's RedisStore this writes exactly the bytes CacheSessionHandler does;
 * through ArrayStore it is Laravel's `array` session driver.
 *
 * CacheSessionHandler (the default for `SESSION_DRIVER=redis`) talks to Redis directly instead,
 * because two guarantees need commands the Store contract does not offer: `onlyIfExists` as one
 * atomic `SET … XX` (here: a get then a put, so a logout racing the write can still lose), and the
 * pre-login DEL in the same pipeline as the save.
 */
import { isUtf8 } from "node:buffer";
import type { PhpValue } from "../../src/codecs/php/values.js";
import type { Store } from "../../src/contracts/cache.js";
import type { SessionHandler } from "../../src/contracts/session.js";
import { StoredSessionFormatError } from "./cache-session-handler.js";

function asBytes(value: PhpValue | null): Buffer | null {
  if (value === null) return null;
  if (typeof value === "string") return Buffer.from(value, "utf8");
  if (value instanceof Uint8Array) return Buffer.from(value);
  // RedisStore hands numeric strings back as they were stored; anything else is not a session.
  if (typeof value === "bigint") return Buffer.from(value.toString(), "latin1");
  throw new StoredSessionFormatError("the cache holds a non-string value under this session id");
}

export class StoreSessionHandler implements SessionHandler {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** The key a session id is stored under (without REDIS_PREFIX). */
  key(sessionId: string): string {
    return this.#store.getPrefix() + sessionId;
  }

  async read(sessionId: string): Promise<Buffer | null> {
    return asBytes(await this.#store.get(sessionId));
  }

  async write(
    sessionId: string,
    payload: Buffer,
    lifetimeSeconds: number,
    options: { onlyIfExists?: boolean; destroyFirst?: readonly string[] } = {},
  ): Promise<boolean> {
    for (const old of options.destroyFirst ?? []) await this.#store.forget(old);
    const seconds = Math.floor(lifetimeSeconds);
    // Repository::put with a TTL <= 0 forgets the key.
    if (seconds <= 0) {
      await this.#store.forget(sessionId);
      return true;
    }
    if (options.onlyIfExists && (await this.#store.get(sessionId)) === null) return false;
    // The PHP value model: valid UTF-8 as a string, other bytes as bytes (serialized the same).
    const value: PhpValue = isUtf8(payload) ? payload.toString("utf8") : payload;
    return this.#store.put(sessionId, value, seconds);
  }

  async destroy(sessionId: string): Promise<void> {
    await this.#store.forget(sessionId);
  }
}
