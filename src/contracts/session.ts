/**
 * Session contracts (≈ PHP's SessionHandlerInterface and Illuminate\Contracts\Session\Session).
 * Interfaces only: the Redis handler and the Store live in adapters/session.
 */

/**
 * Where session strings are kept, as Laravel's handlers see them (laravel-formats.md §5.1): the
 * payload is the Store's serialized (and maybe encrypted) attributes; the handler adds its own layer
 * (CacheBasedSessionHandler → RedisStore: `serialize($payload)`).
 */
export interface SessionHandler {
  /** `read($sessionId)`: the stored payload; `null` when there is none (Laravel reads that as `''`). */
  read(sessionId: string): Promise<Buffer | null>;
  /**
   * `write($sessionId, $data)` for `lifetimeSeconds`. With `onlyIfExists`, the write happens only if
   * the key is still there (so a session destroyed meanwhile is not resurrected); returns false
   * when it was not written for that reason.
   */
  write(
    sessionId: string,
    payload: Buffer,
    lifetimeSeconds: number,
    options?: { onlyIfExists?: boolean; destroyFirst?: readonly string[] },
  ): Promise<boolean>;
  /** `destroy($sessionId)`. */
  destroy(sessionId: string): Promise<void>;
}

/** Turns the attributes array into the stored payload and back (php or json, maybe encrypted). */
export interface SessionSerializer<Attributes> {
  /** `serialize($attributes)` / `json_encode($attributes)`, then the EncryptedStore layer if on. */
  serialize(attributes: Attributes): Buffer;
  /**
   * The reverse. `null` means "not a session" (Laravel starts an empty one); a thrown error means
   * the bytes are corrupt in a way worth a warning.
   */
  unserialize(payload: Buffer): Attributes | null;
}
