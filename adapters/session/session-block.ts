/**
 * Session blocking (StartSession::handleRequestWhileBlocking, `Route::block($lockSeconds,
 * $waitSeconds)` or `session.block`): a request holds the cache lock `session:<id>` — RedisStore's
 * lock on the block store (`session.block_store`, else the default cache store): key = store prefix
 * + `session:` + id on the store's lock connection, `SET … EX lockSeconds NX`, retried every 50 ms
 * for up to waitSeconds — from before the session is read until after it is saved. A Laravel route
 * with ->block() and a Node route with startSession({ block }) therefore take turns on one session.
 *
 * Differences, each deliberate: a request without a valid session cookie takes no lock (its new
 * id cannot be shared with anyone; Laravel locks that fresh id for nothing), and the wait follows
 * BaseLock.block (gives up before a sleep that would overrun waitSeconds). Running out of time is
 * LockTimeoutError (Laravel: LockTimeoutException, a 500); Redis failing is a 503.
 */
import type { IncomingMessage } from "node:http";
import { LockTimeoutError, LockUnavailableError } from "../../src/errors/lock-errors.js";
import { SessionUnavailableError } from "../../src/errors/session-errors.js";
import type { Logger } from "../../src/observability/logger.js";
import type { RedisLock } from "../lock/redis-lock.js";
import type { RedisLockProvider } from "../lock/redis-lock-provider.js";

export interface SessionBlockOptions {
  /** `Route::block($lockSeconds)`: the lock's TTL, whole seconds. @default 10 */
  lockSeconds?: number;
  /** `Route::block(…, $waitSeconds)`: how long to wait for the lock. @default 10 */
  waitSeconds?: number;
  /** `session.block_store`: the (Redis) cache store whose locks are taken. @default cache.default */
  store?: string;
}

/** StartSession's sleep between lock attempts (`betweenBlockedAttemptsSleepFor(50)`). */
const RETRY_MILLISECONDS = 50;

export class SessionBlocker {
  readonly #locks: RedisLockProvider;
  readonly #lockSeconds: number;
  readonly #waitSeconds: number;
  readonly #logger: Logger;
  readonly #held = new WeakMap<object, { lock: RedisLock; sessionId: string }>();

  constructor(locks: RedisLockProvider, options: SessionBlockOptions, logger: Logger) {
    this.#locks = locks;
    this.#lockSeconds = options.lockSeconds ?? 10;
    this.#waitSeconds = options.waitSeconds ?? 10;
    this.#logger = logger;
  }

  /**
   * Waits for `session:<id>` and holds it for `req`.
   * @throws LockTimeoutError after waitSeconds; SessionUnavailableError when Redis fails
   */
  async acquire(req: IncomingMessage, sessionId: string): Promise<void> {
    const lock = this.#locks
      .lock(`session:${sessionId}`, this.#lockSeconds)
      .betweenBlockedAttemptsSleepFor(RETRY_MILLISECONDS);
    try {
      await lock.block(this.#waitSeconds);
    } catch (error) {
      throw withoutSessionId(error, sessionId, "read");
    }
    this.#held.set(req, { lock, sessionId });
  }

  /**
   * Releases the lock `req` holds, if any (once; later calls do nothing). Never rejects: a lock that
   * cannot be released is logged and expires after lockSeconds.
   */
  release(req: IncomingMessage): Promise<void> {
    const held = this.#held.get(req);
    if (held === undefined) return Promise.resolve();
    this.#held.delete(req);
    return held.lock.release().then(
      () => undefined,
      (error: unknown) => {
        this.#logger.warn(
          { err: withoutSessionId(error, held.sessionId, "write") },
          "The session lock could not be released; it expires on its own after lockSeconds.",
        );
      },
    );
  }
}

/**
 * The lock errors name their lock, `session:<id>`: rebuilt with only the id's first 6 characters
 * (as the corrupt-session warning does), so no session id reaches a log or an error page.
 */
function withoutSessionId(error: unknown, sessionId: string, operation: "read" | "write"): unknown {
  const masked = `session:${sessionId.slice(0, 6)}…`;
  if (error instanceof LockTimeoutError) return new LockTimeoutError(masked, error.waitedSeconds);
  if (error instanceof LockUnavailableError) {
    const cause = new LockUnavailableError([masked], error.causes, { cause: error.causes[0] });
    return new SessionUnavailableError(operation, { cause });
  }
  return error;
}
