import { BridgeError } from "./bridge-error.js";

/** `block()` ran out of time (Laravel's LockTimeoutException). */
export class LockTimeoutError extends BridgeError {
  readonly code = "ERR_LOCK_TIMEOUT" as const;
  /** The lock name (`name` is the error class name, as on every Error). */
  readonly lockName: string;
  /** How long we waited, in seconds (fractional). */
  readonly waitedSeconds: number;

  constructor(lockName: string, waitedSeconds: number) {
    super(
      `Lock [${lockName}] is still held by another owner after waiting ${waitedSeconds.toFixed(2)} s. ` +
        "Wait longer (block seconds), or find the holder: a Laravel lock taken with seconds = 0 never expires.",
    );
    this.lockName = lockName;
    this.waitedSeconds = waitedSeconds;
  }
}

/**
 * A held lock was lost while the routine ran: its refresh failed, found another owner, or its
 * validity ran out. Surfaced as `signal.reason` in `withLock()`; stop writing when you see it.
 */
export class LockLostError extends BridgeError {
  readonly code = "ERR_LOCK_LOST" as const;
  readonly lockName: string;
  readonly owner: string;

  constructor(lockName: string, owner: string, reason: string, options?: { cause?: unknown }) {
    super(
      `Lock [${lockName}] was lost: ${reason}. Stop work that needs it; fence tokens guard the writes.`,
      options,
    );
    this.lockName = lockName;
    this.owner = owner;
  }
}

/** Redlock: the resource is held by someone else on a quorum of masters after all retries. */
export class LockContendedError extends BridgeError {
  readonly code = "ERR_LOCK_CONTENDED" as const;
  readonly resources: readonly string[];
  readonly attempts: number;

  constructor(resources: readonly string[], attempts: number, options?: { cause?: unknown }) {
    super(
      `Lock [${resources.join(", ")}] is held by another owner (no quorum after ${attempts} attempts). ` +
        "Retry later or raise retryCount.",
      options,
    );
    this.resources = resources;
    this.attempts = attempts;
  }
}

/**
 * The lock service could not answer: Redis down, a script error (WRONGTYPE, NOPERM, ...), or too few
 * masters reachable for a quorum. `causes` keeps each master's error of the last attempt.
 */
export class LockUnavailableError extends BridgeError {
  readonly code = "ERR_LOCK_UNAVAILABLE" as const;
  readonly resources: readonly string[];
  readonly causes: readonly Error[];

  constructor(resources: readonly string[], causes: readonly Error[], options?: { cause?: unknown }) {
    const first = causes[0]?.message ?? "no reply";
    super(
      `Lock [${resources.join(", ")}] could not be taken or released: the lock servers failed (${first}). ` +
        "Check that the Redis masters are reachable (laravel-bridge doctor).",
      options ?? { cause: causes[0] },
    );
    this.resources = resources;
    this.causes = causes;
  }
}

/**
 * A store of record saw a fence token that is not above the highest it accepted for the resource: the
 * token source went backwards (e.g. Redis restarted with a clock behind). Reseed the fence counter
 * from the store of record (`reseedFence`) and acquire again.
 */
export class FenceRegressionError extends BridgeError {
  readonly code = "ERR_LOCK_FENCE_REGRESSION" as const;
  readonly lockName: string;
  readonly token: bigint;
  readonly highestAccepted: bigint;

  constructor(lockName: string, token: bigint, highestAccepted: bigint) {
    super(
      `Fence token ${token} for lock [${lockName}] is not above the highest accepted one (${highestAccepted}): ` +
        "the token source went backwards. Reseed it from the store of record (reseedFence) and acquire again.",
    );
    this.lockName = lockName;
    this.token = token;
    this.highestAccepted = highestAccepted;
  }
}
