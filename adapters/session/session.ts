/**
 * ≈ Illuminate\Session\Store (+ EncryptedStore through the serializer): the session's id, its
 * lifecycle (start, save, migrate, regenerate, invalidate), the CSRF token, the previous URL and
 * SessionGuard's login/logout. Attributes: session-attributes.ts; flash data: session-flash.ts.
 *
 * Deliberate differences from Laravel, each for safety: migrate(true) DELs the old key in the save's
 * round trip (Redis still sees GET, DEL old, SETEX new); a session read from Redis is saved with
 * `SET … XX`, so one a concurrent logout destroyed stays gone (`save()` returns false); a stored value
 * that does not decode (any layer) starts a new session under a NEW id, the bad key left for inspection.
 */

import type { PhpArray } from "../../src/codecs/php/values.js";
import type { SessionHandler, SessionSerializer } from "../../src/contracts/session.js";
import { SessionStateError } from "../../src/errors/session-errors.js";
import { type Clock, systemClock, unixSeconds } from "../../src/support/clock.js";
import { isUndecodableStoredValue } from "./cache-session-handler.js";
import { arrForget, arrGet, arrSet, arrSetTop, offsetGet } from "./php-array.js";
import { type CapturedReferences, captureReferences, renumberReferences } from "./php-references.js";
import type { SessionValueGuard } from "./session-attributes.js";
import { loginSessionKey, passwordHashSessionKey } from "./session-auth.js";
import { SessionFlash } from "./session-flash.js";
import { generateSessionId, isValidSessionId, randomAlnum } from "./session-id.js";
import type { CorruptSessionListener, SessionOrigin } from "./session-origin.js";
import { fromSessionValue, type SessionValue, toSessionValue } from "./session-values.js";

export type { CorruptSessionListener, SessionOrigin } from "./session-origin.js";

export interface SessionOptions {
  /** The cookie name (`session.cookie`). */
  name: string;
  handler: SessionHandler;
  serializer: SessionSerializer<PhpArray>;
  /** `session.lifetime` in minutes: every save sets the TTL to lifetime × 60 s. */
  lifetimeMinutes: number;
  /** The id from the cookie; anything but 40 alphanumerics is replaced by a new id. */
  id?: string | null | undefined;
  clock?: Clock;
  onCorrupt?: CorruptSessionListener;
  /** Redis key for an id (for the corrupt-session report only). */
  keyOf?: (id: string) => string;
  /** Refuses values that must not live in a session (the ledger's rule). */
  valueGuard?: SessionValueGuard | undefined;
}

/** What start() returns when there is nothing to read. */
const STARTED: Promise<void> = Promise.resolve();
const WRITE_EXISTING = { onlyIfExists: true } as const;
const WRITE_NEW = { onlyIfExists: false } as const;

export class Session extends SessionFlash {
  #id: string;
  readonly #name: string;
  readonly #handler: SessionHandler;
  readonly #serializer: SessionSerializer<PhpArray>;
  readonly #lifetimeMinutes: number;
  readonly #clock: Clock;
  readonly #onCorrupt: CorruptSessionListener | undefined;
  readonly #keyOf: (id: string) => string;
  #started = false;
  /** Between save()'s write and its reply (tells #resume which continuation it is). */
  #saving = false;
  #origin: SessionOrigin = "new";
  /** True while the current id is known to have a key in Redis (so the save uses XX). */
  #existsInStore = false;
  /** Ids migrate(true) retired; deleted with the next save. */
  #destroy: string[] | null = null;
  /** Whether the id came from the request (a generated id cannot exist in Redis: no GET for it). */
  #loadable: boolean;
  /** Where the stored r:/R: back-references point (null: none, nearly always). */
  #references: CapturedReferences | null = null;

  constructor(options: SessionOptions) {
    super();
    this.#loadable = isValidSessionId(options.id);
    this.#id = this.#loadable ? (options.id as string) : generateSessionId();
    this.#name = options.name;
    this.#handler = options.handler;
    this.#serializer = options.serializer;
    this.#lifetimeMinutes = options.lifetimeMinutes;
    this.#clock = options.clock ?? systemClock;
    this.#onCorrupt = options.onCorrupt;
    this.#keyOf = options.keyOf ?? ((id) => id);
    this.guard = options.valueGuard;
  }

  /** `getId()` / `id()`: the current session id (40 alphanumerics). */
  get id(): string {
    return this.#id;
  }
  /** `getName()`: the cookie name. */
  get name(): string {
    return this.#name;
  }
  /** `isStarted()`. */
  get started(): boolean {
    return this.#started;
  }

  /** Whether this request found the session in Redis, made a new one, or replaced a corrupt one. */
  get origin(): SessionOrigin {
    return this.#origin;
  }

  /** `setId($id)`: keeps a valid id, otherwise generates one (never passes a bad id to Redis). */
  setId(id: unknown): void {
    this.#loadable = isValidSessionId(id);
    this.#id = this.#loadable ? (id as string) : generateSessionId();
    this.#existsInStore = false;
  }

  /**
   * `start()`: reads the session (one GET), then creates `_token` if missing. An id the session made
   * itself (no valid cookie: missing, tampered, foreign) is not looked up — it cannot exist.
   * @throws the handler's error (e.g. RedisConnectionError) — the caller answers 503.
   */
  start(): Promise<void> {
    this.#saving = false; // after a failed save(), whose reply never came
    if (!this.#loadable) {
      this.#loaded(null);
      return STARTED;
    }
    // No async layer: one promise for the read, one for its continuation (a request pays it twice).
    let read: Promise<Buffer | null>;
    try {
      read = this.#handler.read(this.#id);
    } catch (error) {
      return Promise.reject(error);
    }
    return read.then(this.#resume, this.#resume) as Promise<void>;
  }

  /**
   * The one closure a session makes (a request pays for each): the continuation of the read —
   * fulfilled (a Buffer or null) or rejected (an error) — and of the save (a boolean).
   */
  readonly #resume = (value: unknown): unknown => {
    if (this.#saving) return this.#saved(value as boolean);
    if (value === null || value instanceof Uint8Array) return this.#loaded(value as Buffer | null);
    // The read failed: on the stored bytes (corrupt, as an unserialize failure) or on Redis (a 503).
    if (!isUndecodableStoredValue(value)) throw value;
    this.#reportCorrupt(value);
    return this.#loaded(null);
  };

  /** The rest of start() once the payload is read. */
  #loaded(payload: Buffer | null): void {
    if (payload !== null) {
      try {
        const attributes = this.#serializer.unserialize(payload);
        if (attributes !== null) {
          // array_merge($this->attributes, $read): values put before start() are overwritten.
          for (const [k, v] of attributes.entries) arrSetTop(this.attributes, k, v);
          this.#references = captureReferences(this.attributes);
          this.#origin = "loaded";
        }
        this.#existsInStore = true;
      } catch (error) {
        this.#reportCorrupt(error);
      }
    }
    const token = offsetGet(this.attributes, "_token");
    if (token === undefined || token === null) this.regenerateToken();
    this.#started = true;
  }

  /**
   * `save()`: ages flash data and writes the session for `lifetime` minutes (sliding expiry).
   * Returns false when the session had been destroyed by another request meanwhile (not rewritten).
   * @throws the handler's error: the caller must not pretend the session was saved.
   */
  save(): Promise<boolean> {
    let written: Promise<boolean>;
    try {
      this.ageFlashData();
      if (this.#references) renumberReferences(this.attributes, this.#references);
      const payload = this.#serializer.serialize(this.attributes);
      const destroyFirst = this.#destroy;
      this.#destroy = null;
      const exists = this.#existsInStore;
      // Shared options for the usual save (nothing to delete): no allocation per request.
      const options = destroyFirst
        ? { onlyIfExists: exists, destroyFirst }
        : exists
          ? WRITE_EXISTING
          : WRITE_NEW;
      written = this.#handler.write(this.#id, payload, this.#lifetimeMinutes * 60, options);
    } catch (error) {
      return Promise.reject(error);
    }
    this.#saving = true;
    return written.then(this.#resume) as Promise<boolean>;
  }

  #saved(written: boolean): boolean {
    this.#saving = false;
    this.#existsInStore = written;
    this.#started = false;
    return written;
  }

  /** `migrate($destroy)`: a new id for the same data; with `destroy`, the old key is deleted. */
  migrate(destroy = false): void {
    if (destroy && this.#destroy === null) this.#destroy = [this.#id];
    else if (destroy) this.#destroy?.push(this.#id);
    this.#id = generateSessionId();
    this.#loadable = false;
    this.#existsInStore = false;
  }

  /** `regenerate($destroy)`: a new id and a new CSRF token (call it on privilege changes). */
  regenerate(destroy = false): void {
    this.migrate(destroy);
    this.regenerateToken();
  }

  /** `invalidate()`: removes all data, the old key, and takes a new id. */
  invalidate(): void {
    this.flush();
    this.migrate(true);
  }

  /** `token()`: the CSRF token (`_token`). */
  token(): string | undefined {
    const token = arrGet(this.attributes, "_token");
    return typeof token === "string" ? token : undefined;
  }

  /** `regenerateToken()`: a new 40-character CSRF token. */
  regenerateToken(): void {
    arrSet(this.attributes, "_token", randomAlnum(40));
  }

  /** `passwordConfirmed()`: `auth.password_confirmed_at` = now, UNIX seconds. */
  passwordConfirmed(): void {
    arrSet(this.attributes, "auth.password_confirmed_at", BigInt(unixSeconds(this.#clock)));
  }

  /** The user id SessionGuard stored for `guard` (`login_<guard>_<sha1>`), or undefined. */
  userId(guard = "web"): SessionValue | undefined {
    const raw = arrGet(this.attributes, loginSessionKey(guard));
    return raw === undefined || raw === null ? undefined : toSessionValue(raw);
  }

  /**
   * SessionGuard::login() + `$request->session()->regenerate()`: the user id, then a new id and token,
   * the pre-login key deleted (session fixation safe). `passwordHash` fills `password_hash_<guard>`
   * as AuthenticateSession would.
   */
  login(userId: string | number | bigint, options: { guard?: string; passwordHash?: string } = {}): void {
    this.#requireStarted("login");
    const guard = options.guard ?? "web";
    const key = loginSessionKey(guard);
    arrSet(this.attributes, key, fromSessionValue(userId, key));
    if (options.passwordHash !== undefined)
      arrSet(this.attributes, passwordHashSessionKey(guard), options.passwordHash);
    this.migrate(true);
    this.regenerateToken();
  }

  /**
   * Logout as Laravel's starter kits do it: `Auth::guard($guard)->logout()`, `invalidate()` and
   * `regenerateToken()`: all data gone, new id, old key deleted, new token.
   */
  logout(guard = "web"): void {
    this.#requireStarted("logout");
    arrForget(this.attributes, loginSessionKey(guard));
    arrForget(this.attributes, passwordHashSessionKey(guard));
    this.invalidate();
    this.regenerateToken();
  }

  #requireStarted(method: string): void {
    if (this.#started) return;
    throw new SessionStateError(
      `session.${method}() needs a started session: call it inside startSession().`,
    );
  }

  #reportCorrupt(error: unknown): void {
    const retired = this.#id;
    this.#origin = "corrupt";
    this.migrate(false); // a new id: the undecodable key stays as it is, for inspection
    const reason = error instanceof Error ? error.message : "undecodable";
    // Only the first 6 characters of the id: enough for `SCAN MATCH <key>*`, useless to hijack it.
    this.#onCorrupt?.({ key: `${this.#keyOf(retired.slice(0, 6))}…`, reason, cause: error });
  }
}
