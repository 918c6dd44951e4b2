/**
 * Laravel's RedisLock (Illuminate\Cache\RedisLock + Lock), byte for byte: key = cache prefix + name
 * on the lock connection, value = owner, `SET key owner EX seconds NX` (seconds 0: `SETNX`, no
 * expiry), release by compare-and-delete. A PHP process holding `Cache::lock($name)` excludes this
 * lock and the reverse. get/block/ownership come from BaseLock.
 */
import { LockUnavailableError } from "../../src/errors/lock-errors.js";
import type { RedisClient } from "../../src/redis/client.js";
import { BaseLock, type BaseLockOptions } from "./base-lock.js";
import { fenceKey } from "./fencing.js";
import { acquireFencedLock, refreshLock, releaseLock } from "./lua-scripts.js";

export interface RedisLockOptions extends BaseLockOptions {
  /** TTL of the fence counter key, seconds (see fencing.ts). @default 86400 */
  fenceTtlSeconds?: number;
}

const isAcquired = (reply: unknown): boolean => reply === "OK" || reply === 1;

export class RedisLock extends BaseLock {
  readonly #client: RedisClient;
  readonly #prefix: string;
  readonly #key: string;
  readonly #fenceTtlSeconds: number | undefined;
  #fenceToken: bigint | null = null;

  /**
   * @param client  the lock connection (`lock_connection`, `default` / DB 0 by default)
   * @param prefix  the store prefix exactly as RedisStore keeps it (`laravel_cache:` on 8–10)
   * @param seconds TTL in whole seconds; 0 = no expiry (Laravel's default, SETNX)
   * @param owner   the owner string; null = a random 16-char one (`Str::random()`)
   */
  constructor(
    client: RedisClient,
    prefix: string,
    name: string,
    seconds = 0,
    owner: string | null = null,
    options: RedisLockOptions = {},
  ) {
    super(name, seconds, owner, options);
    this.#client = client;
    this.#prefix = prefix;
    this.#key = prefix + name;
    this.#fenceTtlSeconds = options.fenceTtlSeconds;
  }

  /** `RedisLock::acquire()`: one attempt, one round trip. */
  acquire(): Promise<boolean> {
    return this.attemptThen((acquired) => acquired);
  }

  /** One attempt: the reply is mapped and handed to `next` in one callback (block() relies on it, see BaseLock). */
  protected override attemptThen<T>(next: (acquired: boolean) => T | PromiseLike<T>): Promise<T> {
    return this.#sendAcquire().then(
      (answer) => next(this.#accept(answer)),
      (error: unknown) => this.#unavailable(error),
    );
  }

  #sendAcquire(): Promise<unknown> {
    return this.seconds > 0
      ? this.#client.set(this.#key, this.owner(), "EX", this.seconds, "NX")
      : this.#client.setnx(this.#key, this.owner());
  }

  #accept(answer: unknown): boolean {
    const acquired = isAcquired(answer);
    if (acquired) this.#fenceToken = null;
    return acquired;
  }

  /**
   * Acquire (same key, value and TTL as `acquire()`) and get a fence token for this hold in the same
   * atomic script: a strictly larger token than any earlier grant of this name. null = not acquired.
   */
  async acquireFenced(): Promise<bigint | null> {
    const token = await acquireFencedLock
      .run(
        this.#client,
        [this.#key, fenceKey(this.#prefix, this.name)],
        [this.owner(), String(this.seconds), String(this.#fenceTtlSeconds ?? 86_400)],
      )
      .catch((error: unknown) => this.#unavailable(error));
    this.#fenceToken = token === null || token === undefined ? null : BigInt(token);
    return this.#fenceToken;
  }

  /** The fence token of the current hold, when it was taken with `acquireFenced()`. */
  fenceToken(): bigint | null {
    return this.#fenceToken;
  }

  /** `RedisLock::release()`: compare-and-delete; a non-owner deletes nothing and gets false. */
  release(): Promise<boolean> {
    // releaseLock.run() inlined (EVALSHA, EVAL on NOSCRIPT): a release is on every lock's hot path.
    const client = this.#client;
    const key = this.#key;
    const owner = this.owner();
    return client.evalsha(releaseLock.sha1, 1, key, owner).then(isDeleted, (error: unknown) => {
      if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) return this.#unavailable(error);
      return client
        .eval(releaseLock.lua, 1, key, owner)
        .then(isDeleted, (e: unknown) => this.#unavailable(e));
    });
  }

  /** `RedisLock::forceRelease()`: plain DEL, whoever holds it. */
  forceRelease(): Promise<void> {
    return this.#client.del(this.#key).then(
      () => undefined,
      (error: unknown) => this.#unavailable(error),
    );
  }

  /** `RedisLock::refresh($seconds)`: compare-then-EXPIRE (PERSIST for 0). False when not ours. */
  refresh(seconds: number = this.seconds): Promise<boolean> {
    return refreshLock
      .run(this.#client, [this.#key], [this.owner(), String(seconds)])
      .then(isDeleted, (error: unknown) => this.#unavailable(error));
  }

  /** The stored owner (GET), null when the key is missing. */
  protected currentOwner(): Promise<string | null> {
    return this.#client.get(this.#key).catch((error: unknown) => this.#unavailable(error));
  }

  /** Every Redis failure becomes LockUnavailableError, never "not acquired" (catalogue L12). */
  #unavailable(error: unknown): never {
    const cause = error instanceof Error ? error : new Error(String(error));
    throw new LockUnavailableError([this.name], [cause], { cause });
  }
}

/** The scripts answer 1 when they deleted (release) or refreshed. */
const isDeleted = (reply: unknown): boolean => reply === 1;
