/**
 * Multi-master locks (the Redlock algorithm) for users with several INDEPENDENT Redis masters,
 * through @sesamecare-oss/redlock (the maintained fork of node-redlock) instead of quorum code of
 * our own: quorum acquire/release/extend, validity = TTL − elapsed − drift (driftFactor), retries
 * with random jitter. Its one opaque ExecutionError is split into our typed errors: real contention
 * → LockContendedError; masters failing (down, WRONGTYPE, NOPERM, script errors) → LockUnavailableError
 * with each master's error. Not Laravel-compatible (values and PX TTLs are Redlock's): use RedisLock
 * to share locks with PHP. For correctness, fence the writes (fencing.ts): Redlock cannot.
 */
import {
  ExecutionError,
  Redlock,
  type Lock as RedlockLock,
  ResourceLockedError,
  type Settings,
} from "@sesamecare-oss/redlock";
import type { Redis } from "ioredis";
import { LockContendedError, LockUnavailableError } from "../../src/errors/lock-errors.js";

export interface MultiMasterLockSettings {
  /** Clock drift allowance as a fraction of the TTL (Redlock spec). @default 0.01 */
  driftFactor?: number;
  /** Extra attempts after the first. @default 10 */
  retryCount?: number;
  /** Base pause between attempts, ms. @default 200 */
  retryDelayMs?: number;
  /** Random ± jitter on that pause, ms (desynchronises contenders). @default 100 */
  retryJitterMs?: number;
  /** The database every master uses (the library SELECTs it inside its scripts). @default 0 */
  database?: number;
}

/** A held multi-master lock. `extend()` updates it in place; `validUntil` is epoch ms. */
export interface MultiMasterHold {
  readonly resources: readonly string[];
  readonly validUntil: number;
  extend(ttlMs: number): Promise<void>;
  release(): Promise<void>;
}

export class MultiMasterLock {
  readonly #redlock: Redlock;

  /** @param masters one ioredis client per independent master (ConnectionManager connections). */
  constructor(masters: readonly Redis[], settings: MultiMasterLockSettings = {}) {
    const options: Settings = {
      driftFactor: settings.driftFactor ?? 0.01,
      retryCount: settings.retryCount ?? 10,
      retryDelay: settings.retryDelayMs ?? 200,
      retryJitter: settings.retryJitterMs ?? 100,
      db: settings.database ?? 0,
    };
    this.#redlock = new Redlock(masters, options);
  }

  /** Acquire `resources` on a quorum for `ttlMs`; throws LockContendedError / LockUnavailableError. */
  async acquire(resources: readonly string[], ttlMs: number): Promise<MultiMasterHold> {
    let lock = await translate(resources, () => this.#redlock.acquire([...resources], ttlMs));
    return {
      resources,
      get validUntil() {
        return lock.expiration;
      },
      extend: async (extendMs: number) => {
        lock = await translate(resources, () => lock.extend(extendMs));
      },
      release: async () => {
        await translate(resources, () => lock.release());
      },
    };
  }
}

async function translate<T>(resources: readonly string[], operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (!(error instanceof ExecutionError)) throw error;
    const stats = await Promise.all(error.attempts);
    const last = stats.at(-1);
    const causes = last ? [...last.votesAgainst.values()] : [];
    const contended = causes.length > 0 && causes.every((cause) => cause instanceof ResourceLockedError);
    if (contended) throw new LockContendedError(resources, stats.length, { cause: error });
    throw new LockUnavailableError(resources, causes.length > 0 ? causes : [error], { cause: error });
  }
}

export type { RedlockLock };
