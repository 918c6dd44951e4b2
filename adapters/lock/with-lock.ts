/**
 * `withLock()`: block until a Laravel-compatible lock is ours, run the routine with a fence token
 * and an AbortSignal, and always release (redlock's `using()`, made safe for ledger writes: the
 * signal fires BEFORE the lock's validity ends, not after an extension already failed).
 *
 * While the routine runs, the lock is refreshed every TTL/2 (compare-then-EXPIRE). The signal aborts
 * with LockLostError when a refresh finds another owner, when refreshes keep failing until the
 * validity deadline (measured on the monotonic clock from the moment the acquiring command was
 * sent), or when `maxHoldSeconds` is reached; and with the caller's reason if `options.signal` aborts.
 */
import { LockLostError } from "../../src/errors/lock-errors.js";
import type { RedisLock } from "./redis-lock.js";

export interface WithLockOptions {
  /** How long to wait for the lock (`block($seconds)`), seconds. @default 10 */
  waitSeconds?: number;
  /** Cancels the wait, and is forwarded to the routine's signal. */
  signal?: AbortSignal;
  /** Take a fence token with the lock (one script). @default true */
  fencing?: boolean;
  /** Keep refreshing at TTL/2 while the routine runs. @default true */
  autoRefresh?: boolean;
  /** Stop refreshing after this long and abort the routine: bounds a stuck holder. @default 10 × TTL */
  maxHoldSeconds?: number;
  /** Where a failed release is reported (the lock then expires by its TTL). */
  logger?: { warn(details: object, message: string): void };
}

export interface LockContext {
  /** Aborts (reason: LockLostError or the caller's reason) when the lock can no longer be trusted. */
  signal: AbortSignal;
  /** The fence token of this hold (null with `fencing: false`). Pass it to the store of record. */
  fenceToken: bigint | null;
  /** The lock itself (owner(), refresh()...). */
  lock: RedisLock;
}

/** Mirrors `Cache::lock($name, $seconds)->block($wait, $callback)`, plus fencing and a lost-lock signal. */
export async function withLock<T>(
  lock: RedisLock,
  routine: (context: LockContext) => Promise<T> | T,
  options: WithLockOptions = {},
): Promise<T> {
  const ttlMs = lock.seconds * 1000;
  if (ttlMs === 0) {
    throw new RangeError(
      `withLock needs a lock with an expiry: lock [${lock.name}] has seconds = 0, so a crashed holder would keep it forever.`,
    );
  }
  const fencing = options.fencing ?? true;
  let sentAt = 0;
  let fenceToken: bigint | null = null;
  const attempt = async (): Promise<boolean> => {
    sentAt = performance.now();
    if (!fencing) return lock.acquire();
    fenceToken = await lock.acquireFenced();
    return fenceToken !== null;
  };
  await lock.waitUntilAcquired(options.waitSeconds ?? 10, attempt, options.signal);

  const controller = new AbortController();
  const abort = (reason: unknown): void => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const lost = (why: string, cause?: unknown): void =>
    abort(new LockLostError(lock.name, lock.owner(), why, cause === undefined ? undefined : { cause }));
  const onCallerAbort = (): void => abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onCallerAbort, { once: true });

  const holdUntil = sentAt + (options.maxHoldSeconds ?? lock.seconds * 10) * 1000;
  let validUntil = sentAt + ttlMs;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    const now = performance.now();
    const next = Math.min(validUntil - ttlMs / 2, holdUntil) - now;
    timer = setTimeout(tick, Math.max(0, Math.min(next, validUntil - now)));
  };
  const tick = async (): Promise<void> => {
    const now = performance.now();
    if (now >= validUntil) return lost("its TTL ran out before a refresh succeeded");
    if (now >= holdUntil) return lost(`it was held longer than maxHoldSeconds`);
    if (options.autoRefresh === false) return scheduleDeadline();
    const refreshSentAt = performance.now();
    try {
      if (!(await lock.refresh())) return lost("another owner holds it (refresh found a different owner)");
      validUntil = refreshSentAt + ttlMs;
    } catch (error) {
      // Keep trying until the deadline: a short Redis blip must not kill a healthy hold.
      const left = validUntil - performance.now();
      if (left <= 0) return lost("refreshes failed until its TTL ran out", error);
      if (!controller.signal.aborted) timer = setTimeout(tick, Math.min(ttlMs / 10, left));
      return;
    }
    if (!controller.signal.aborted) schedule();
  };
  const scheduleDeadline = (): void => {
    timer = setTimeout(
      () => lost("its TTL ran out (autoRefresh is off)"),
      Math.max(0, validUntil - performance.now()),
    );
  };
  if (options.autoRefresh === false) scheduleDeadline();
  else schedule();

  const cleanup = (): void => {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onCallerAbort);
  };
  let result: T;
  try {
    result = await routine({ signal: controller.signal, fenceToken, lock });
  } catch (error) {
    cleanup();
    // The routine's error is what the caller must see; a failed release only delays the TTL expiry.
    await lock.release().catch((releaseError: unknown) => warnRelease(options, lock, releaseError));
    throw error;
  }
  cleanup();
  try {
    await lock.release();
  } catch (error) {
    // The routine's outcome stands (its writes are fenced); the lock expires by its TTL. Without a
    // logger to report it to, the failure is thrown rather than swallowed.
    if (!options.logger) throw error;
    warnRelease(options, lock, error);
  }
  return result;
}

function warnRelease(options: WithLockOptions, lock: RedisLock, error: unknown): void {
  options.logger?.warn({ lock: lock.name, err: error }, "lock release failed; it will expire by its TTL");
}
