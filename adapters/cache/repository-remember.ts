/**
 * `remember`, `rememberForever` and `flexible` (Illuminate\Cache\Repository), with stampede control:
 * - in this process, concurrent calls for one key share one read and, on a miss, one callback run
 *   (a single flight per store key), so 1000 simultaneous misses cost one GET, one computation and
 *   one write;
 * - across processes, `flexible()` serves the stale value while one holder of Laravel's
 *   `illuminate:cache:flexible:lock:<key>` refreshes it, and `remember(..., { lock })` makes misses
 *   queue on a lock and re-read the cache before computing.
 */
import type { CacheTtl, Lock, Store } from "../../src/contracts/cache.js";
import { CacheUnavailableError } from "../../src/errors/cache-errors.js";
import { LockTimeoutError } from "../../src/errors/lock-errors.js";
import type { Logger } from "../../src/observability/logger.js";
import { type Clock, unixSeconds } from "../../src/support/clock.js";
import { ttlSeconds } from "./ttl.js";

/** What remember/flexible need from a Repository. */
export interface RememberSupport {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  itemKey(key: string): string | Promise<string>;
  get(key: string): Promise<unknown>;
  many(keys: readonly string[]): Promise<Record<string, unknown>>;
  put(key: string, value: unknown, ttl?: CacheTtl): Promise<boolean>;
  putMany(values: Readonly<Record<string, unknown>>, ttl?: CacheTtl): Promise<boolean>;
  forever(key: string, value: unknown): Promise<boolean>;
  lock(name: string, seconds?: number, owner?: string | null): Lock;
  read<R>(operation: string, command: () => Promise<R>): Promise<R | null>;
}

export interface RememberOptions {
  /**
   * Cross-process herd protection: on a miss, wait (up to `waitSeconds`) for the lock
   * `bridge:remember:lock:<key>` held `seconds`, re-read, and compute only if still missing.
   * After the wait runs out, compute anyway (availability over strictness).
   */
  lock?: { seconds?: number; waitSeconds?: number };
}

export interface FlexibleOptions {
  /** Laravel's `$lock` argument: the refresh lock's TTL (0 = none, Laravel's default) and owner. */
  lock?: { seconds?: number; owner?: string };
}

const flights = new WeakMap<Store, Map<string, Promise<unknown>>>();
const refreshes = new WeakMap<Store, Map<string, Promise<void>>>();

/** One run of `compute` per store key at a time; later callers join the running one. */
function singleFlight<T>(store: Store, storeKey: string, compute: () => Promise<T>): Promise<T> {
  let running = flights.get(store);
  if (!running) {
    running = new Map();
    flights.set(store, running);
  }
  const existing = running.get(storeKey);
  if (existing) return existing as Promise<T>;
  const map = running;
  const flight = compute().finally(() => map.delete(storeKey));
  map.set(storeKey, flight);
  return flight;
}

/**
 * `Repository::remember()`. The read and the fill share one flight per store key: concurrent calls
 * for a key (hit or miss) cost one GET, and on a miss one callback run and one write. Joining at
 * the read, not after it, also covers a caller whose GET was answered after the fill ended.
 */
export async function remember<T>(
  repo: RememberSupport,
  key: string,
  ttl: CacheTtl,
  callback: () => T | Promise<T>,
  options: RememberOptions = {},
): Promise<T> {
  const storeKey = await repo.itemKey(key);
  return singleFlight(repo.store, storeKey, async () => {
    const cached = await repo.get(key);
    if (cached !== null) return cached as T;
    return computeAndStore(repo, key, callback, options, (value) =>
      ttl === null ? repo.forever(key, value) : repo.put(key, value, ttl),
    );
  });
}

export function rememberForever<T>(
  repo: RememberSupport,
  key: string,
  callback: () => T | Promise<T>,
  options: RememberOptions = {},
): Promise<T> {
  return remember(repo, key, null, callback, options);
}

async function computeAndStore<T>(
  repo: RememberSupport,
  key: string,
  callback: () => T | Promise<T>,
  options: RememberOptions,
  store: (value: T) => Promise<boolean>,
): Promise<T> {
  const fill = async (): Promise<T> => {
    const value = await callback();
    try {
      await store(value);
    } catch (error) {
      // With failOpen the fill of a remember is best effort: the value is still right.
      if (!(error instanceof CacheUnavailableError && isFailOpen(repo))) throw error;
      repo.logger.warn({ key, err: error }, "cache unavailable: remembered value not stored (failOpen)");
    }
    return value;
  };
  if (!options.lock) return fill();
  const lock = repo.lock(`bridge:remember:lock:${await repo.itemKey(key)}`, options.lock.seconds ?? 10);
  try {
    await lock.block(options.lock.waitSeconds ?? 10);
  } catch (error) {
    if (error instanceof LockTimeoutError) return fill();
    throw error;
  }
  try {
    const cached = await repo.get(key);
    return cached !== null ? (cached as T) : await fill();
  } finally {
    await lock.release();
  }
}

function isFailOpen(repo: RememberSupport): boolean {
  return (repo as { options?: { failOpen?: boolean } }).options?.failOpen === true;
}

const createdKey = (key: string): string => `illuminate:cache:flexible:created:${key}`;

/**
 * `Repository::flexible()`: MGET value + created-at; a miss computes and stores both for `stale`
 * seconds; a value younger than `fresh` is returned; an older one is returned too, and refreshed in
 * the background under the refresh lock (see `whenRefreshed()`).
 */
export async function flexible<T>(
  repo: RememberSupport,
  key: string,
  ttl: readonly [CacheTtl, CacheTtl],
  callback: () => T | Promise<T>,
  options: FlexibleOptions = {},
): Promise<T> {
  const [freshTtl, staleTtl] = ttl;
  const values = await repo.many([key, createdKey(key)]);
  const value = values[key] ?? null;
  const created = values[createdKey(key)] ?? null;
  const storeBoth = async (fresh: T): Promise<boolean> =>
    repo.putMany({ [key]: fresh, [createdKey(key)]: BigInt(unixSeconds(repo.clock)) }, staleTtl);
  if (value === null || created === null) {
    const storeKey = await repo.itemKey(key);
    return singleFlight(repo.store, storeKey, async () => {
      const fresh = await callback();
      await storeBoth(fresh);
      return fresh;
    });
  }
  const freshSeconds = freshTtl === null ? 0 : ttlSeconds(freshTtl, repo.clock);
  if (Number(created) + freshSeconds > unixSeconds(repo.clock)) return value as T;
  deferRefresh(repo, key, async () => {
    const lock = repo.lock(
      `illuminate:cache:flexible:lock:${key}`,
      options.lock?.seconds ?? 0,
      options.lock?.owner ?? null,
    );
    await lock.get(async () => {
      // Someone else refreshed meanwhile: their created-at differs from the one we read.
      if (String(created) !== String(await repo.get(createdKey(key)))) return;
      await storeBoth(await callback());
    });
  });
  return value as T;
}

/** Laravel's `defer()`: one pending refresh per key; failures are logged, never thrown at the reader. */
function deferRefresh(repo: RememberSupport, key: string, refresh: () => Promise<void>): void {
  let pending = refreshes.get(repo.store);
  if (!pending) {
    pending = new Map();
    refreshes.set(repo.store, pending);
  }
  if (pending.has(key)) return;
  const map = pending;
  const run = Promise.resolve()
    .then(refresh)
    .catch((error: unknown) => repo.logger.warn({ key, err: error }, "flexible cache refresh failed"))
    .finally(() => map.delete(key));
  map.set(key, run);
}

/** Resolves once the background refreshes started by `flexible()` on this store have finished. */
export async function whenRefreshed(store: Store): Promise<void> {
  const pending = refreshes.get(store);
  while (pending && pending.size > 0) await Promise.all([...pending.values()]);
}
