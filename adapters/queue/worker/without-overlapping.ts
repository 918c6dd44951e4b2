/**
 * ≈ Illuminate\Queue\Middleware\WithoutOverlapping for a Node handler, on the very lock a PHP job
 * with that middleware takes: `Cache::lock('laravel-queue-overlap:<JobClass>:<key>', expireAfter)`
 * in the default cache store (laravel-formats.md §2.8, §3), so a PHP job and a Node handler of the
 * same class and key never run at the same time, whichever side holds it. Declared at registration:
 * `worker.handle(class, fn, undefined, { withoutOverlapping: { key: (data) => …, releaseAfter: 10 } })`.
 *
 * Laravel's handle(): when the lock is taken, run and always release it; when it is not, release the
 * job back to the queue after `releaseAfter` seconds (attempts count, as in Laravel: give such jobs
 * `tries` or `retryUntil`), or with `dontRelease` do nothing, so the job is deleted unrun.
 */
import type { LockProvider } from "../../../src/contracts/cache.js";
import { QueueConfigError } from "../../../src/errors/queue-errors.js";
import { overlapLockName } from "../../lock/job-lock-names.js";
import type { RedisJob } from "../redis-job.js";
import type { JobHandler } from "./context.js";

export interface WithoutOverlappingOptions {
  /** The middleware's `$key` (an account id…), or a function of the job's data. @default "" */
  key?: string | number | ((data: unknown, job: RedisJob) => string | number);
  /** `releaseAfter($seconds)`: delay (or time) before an overlapping job is available again. @default 0 */
  releaseAfter?: number | Date;
  /** `dontRelease()`: an overlapping job is deleted without running (wins over releaseAfter). @default false */
  dontRelease?: boolean;
  /**
   * `expireAfter($seconds)`: the lock's TTL, so a crashed holder cannot block the key forever. 0 = no
   * expiry (`SETNX`, Laravel's default: a PHP worker killed mid-job leaves the lock until deleted).
   * @default 0
   */
  expireAfter?: number | Date;
  /** `withPrefix($prefix)`. @default "laravel-queue-overlap:" */
  prefix?: string;
  /**
   * `shared()` (added in Laravel 9.x, laravel/framework#44227; not in 8.x): the key is `prefix + key`
   * for every job class, so different classes exclude each other.
   * @default false
   */
  shared?: boolean;
  /** The class name in the key (PHP's `get_class($job)`). @default the registered class (before any `@`) */
  jobClass?: string;
}

/** What the middleware needs from the worker. */
export interface OverlapServices {
  /** The default cache store's locks (QueueManagerServices.locks). */
  locks: LockProvider | undefined;
  /** `InteractsWithTime::secondsUntil()` on the queue's clock. */
  secondsUntil(delay: number | Date): number;
}

/** Wraps `handler` in WithoutOverlapping; throws QueueConfigError at registration when it cannot work. */
export function withoutOverlapping(
  registeredName: string,
  handler: JobHandler,
  options: WithoutOverlappingOptions,
  services: OverlapServices,
): JobHandler {
  const { locks } = services;
  if (!locks) {
    throw new QueueConfigError(
      "withoutOverlapping",
      `Handler [${registeredName}] declares withoutOverlapping, but the worker has no cache locks (QueueManagerServices.locks; createBridge provides them).`,
    );
  }
  checkSeconds(registeredName, "releaseAfter", options.releaseAfter);
  checkSeconds(registeredName, "expireAfter", options.expireAfter);
  const jobClass = options.jobClass ?? registeredName.split("@")[0] ?? registeredName;
  const keyOf = options.key;
  return async (data, job) => {
    const key = typeof keyOf === "function" ? keyOf(data, job) : (keyOf ?? "");
    const name = overlapLockName(jobClass, String(key), {
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      shared: options.shared === true,
    });
    const lock = locks.lock(name, services.secondsUntil(options.expireAfter ?? 0));
    if (await lock.get()) {
      try {
        return await handler(data, job);
      } finally {
        await lock.release();
      }
    }
    if (options.dontRelease) return undefined;
    return job.release(services.secondsUntil(options.releaseAfter ?? 0));
  };
}

function checkSeconds(name: string, option: string, value: number | Date | undefined): void {
  if (value === undefined || value instanceof Date) return;
  if (!Number.isFinite(value) || value < 0) {
    throw new QueueConfigError(
      `withoutOverlapping.${option}`,
      `Handler [${name}]: withoutOverlapping.${option} must be a non-negative number of seconds or a Date, got ${value}.`,
    );
  }
}
