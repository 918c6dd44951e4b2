/**
 * `laravel-redis-bridge/lock`: Laravel-compatible Redis locks (Cache::lock), fence tokens,
 * `withLock()` for writes that need a lock, multi-master Redlock, and Laravel's job lock names.
 */

export type { Lock, LockProvider } from "../../src/contracts/cache.js";
export {
  FenceRegressionError,
  LockContendedError,
  LockLostError,
  LockTimeoutError,
  LockUnavailableError,
} from "../../src/errors/lock-errors.js";
export { ArrayLock, type ArrayLockEntry, type ArrayLockTable } from "./array-lock.js";
export { BaseLock, type BaseLockOptions } from "./base-lock.js";
export { assertFenceAdvanced, currentFence, fenceKey, reseedFence } from "./fencing.js";
export { overlapLockName, uniqueJobLockName } from "./job-lock-names.js";
export { acquireFencedLock, refreshLock, releaseLock } from "./lua-scripts.js";
export { randomOwner } from "./random-owner.js";
export { RedisLock, type RedisLockOptions } from "./redis-lock.js";
export { RedisLockProvider } from "./redis-lock-provider.js";
export { type MultiMasterHold, MultiMasterLock, type MultiMasterLockSettings } from "./redlock.js";
export { type LockContext, type WithLockOptions, withLock } from "./with-lock.js";
