/**
 * ShouldBeUnique across languages, through the Lock contract (≈ Illuminate\Bus\UniqueLock and
 * CallQueuedHandler::ensureUniqueJobLockIsReleased): a unique dispatch takes the lock
 * `laravel_unique_job:<class>[:]<uniqueId>` (`:` on 11+) in the default cache store for `uniqueFor`
 * seconds and is skipped while PHP or Node holds it; the worker releases it once the job is done or
 * failed (not when released back to the queue). PHP does not record "unique" in the payload, so a
 * Node handler must declare it (`worker.handle(name, fn, undefined, { uniqueId })`).
 */
import type { LaravelVersion } from "../../src/config/laravel-versions.js";
import type { LockProvider } from "../../src/contracts/cache.js";
import { uniqueJobLockName } from "../lock/job-lock-names.js";

export interface UniqueOptions {
  /** `uniqueId()` / `$uniqueId`. @default "" */
  id?: string;
  /** `uniqueFor` seconds; 0 = until the job is processed. @default 0 */
  for?: number;
}

/** `UniqueLock::getKey()` (the lock module's name, under the queue's own export); the lock provider adds the cache prefix. */
export const uniqueLockName: (className: string, uniqueId: string, version: LaravelVersion) => string =
  uniqueJobLockName;

export class UniqueJobs {
  constructor(
    private readonly locks: LockProvider,
    private readonly version: LaravelVersion,
  ) {}

  /** `UniqueLock::acquire()`: false when a job with this unique id is already queued or running. */
  async acquire(className: string, options: UniqueOptions): Promise<boolean> {
    return this.locks.lock(uniqueLockName(className, options.id ?? "", this.version), options.for ?? 0).get();
  }

  /** `Cache::lock($key)->forceRelease()`, as CallQueuedHandler does after the job. */
  async release(className: string, uniqueId: string): Promise<void> {
    await this.locks.lock(uniqueLockName(className, uniqueId, this.version)).forceRelease();
  }
}
