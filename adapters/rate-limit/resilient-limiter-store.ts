/**
 * A RateLimiterStore with a fail policy: while the primary store (Redis) cannot answer — a
 * connection error, or no reply within `timeoutMs` — every decision follows the policy, is logged
 * (warn on the first failure of an outage, debug after) and counted in `stats`:
 *
 * - `insurance`: count in memory (MemoryLimiterStore, rate-limiter-flexible's RateLimiterMemory)
 *   with the same limits; the default, and the policy of the login throttle.
 * - `fail-closed`: refuse — every call rejects with RateLimiterUnavailableError (the middleware
 *   answers 503 + Retry-After). For money-moving endpoints.
 * - `fail-open`: allow and count nothing. Never the default: it is an unlimited window.
 *
 * Other errors (a Lua error, WRONGTYPE: data problems, not outages) are thrown unchanged.
 */
import type { RateLimiterStore } from "../../src/contracts/rate-limit.js";
import { RateLimiterUnavailableError, type RateLimitFailPolicy } from "../../src/errors/rate-limit-errors.js";
import { MemoryLimiterStore } from "./memory-limiter-store.js";

/** What the limiter logs with (a pino logger or the bridge's Logger fits). */
export interface LimiterLogger {
  warn(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

export interface FailPolicyOptions {
  /** The limiter's name in logs and errors. @default "limiter" */
  name?: string;
  /** @default "insurance" */
  failPolicy?: RateLimitFailPolicy;
  /**
   * A decision waits at most this long for Redis before the policy applies (a DOWN Redis fails at
   * once; this bounds a SLOW one). @default 1000
   */
  timeoutMs?: number;
  /** Retry-After of a fail-closed refusal, seconds. @default 10 */
  failClosedRetryAfterSeconds?: number;
  /** The insurance store. @default a new MemoryLimiterStore */
  insurance?: RateLimiterStore;
  logger?: LimiterLogger;
}

/** Decisions taken without the primary store, by policy. */
export interface FailPolicyStats {
  storeFailures: number;
  insurance: number;
  failOpen: number;
  failClosed: number;
}

class StoreTimeoutError extends Error {}

interface Pending {
  deadline: number;
  reject: (error: Error) => void;
}

const UNAVAILABLE =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|Connection is closed|Stream isn't writeable|enableOfflineQueue|not ready|LOADING/;

/** An outage (the policy applies) rather than a bug or a data problem (thrown). */
export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof StoreTimeoutError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (code === "ERR_REDIS_CONNECTION") return true;
  return error.name === "MaxRetriesPerRequestError" || UNAVAILABLE.test(error.message);
}

type Op<T> = (store: RateLimiterStore) => Promise<T>;

export class ResilientLimiterStore implements RateLimiterStore {
  readonly stats: FailPolicyStats = { storeFailures: 0, insurance: 0, failOpen: 0, failClosed: 0 };
  readonly policy: RateLimitFailPolicy;
  readonly #primary: RateLimiterStore;
  readonly #insurance: RateLimiterStore;
  readonly #name: string;
  readonly #timeoutMs: number;
  readonly #retryAfter: number;
  readonly #logger: LimiterLogger | undefined;
  #outage = false;
  readonly #pending = new Set<Pending>();
  #ticker: NodeJS.Timeout | undefined;

  constructor(primary: RateLimiterStore, options: FailPolicyOptions = {}) {
    this.#primary = primary;
    this.policy = options.failPolicy ?? "insurance";
    this.#insurance = options.insurance ?? new MemoryLimiterStore();
    this.#name = options.name ?? "limiter";
    this.#timeoutMs = options.timeoutMs ?? 1000;
    this.#retryAfter = options.failClosedRetryAfterSeconds ?? 10;
    this.#logger = options.logger;
  }

  increment(key: string, decaySeconds: number, amount: number, availableAt: number): Promise<number> {
    return this.#run((s) => s.increment(key, decaySeconds, amount, availableAt), 0);
  }

  tooManyAttempts(key: string, maxAttempts: number): Promise<boolean> {
    return this.#run((s) => s.tooManyAttempts(key, maxAttempts), false);
  }

  consume(key: string, maxAttempts: number, decaySeconds: number, amount: number, availableAt: number) {
    return this.#run((s) => s.consume(key, maxAttempts, decaySeconds, amount, availableAt), {
      allowed: true,
      attempts: 0,
      availableAt: null,
    });
  }

  attempts(key: string): Promise<number> {
    return this.#run((s) => s.attempts(key), 0);
  }

  availableAt(key: string): Promise<number | null> {
    return this.#run((s) => s.availableAt(key), null);
  }

  async forget(key: string, withTimer: boolean): Promise<boolean> {
    // Forget in memory too: a success after an outage must not leave an insurance lockout behind.
    if (this.policy === "insurance") await this.#insurance.forget(key, withTimer);
    return this.#run((s) => s.forget(key, withTimer), false);
  }

  async #run<T>(op: Op<T>, openAnswer: T): Promise<T> {
    try {
      const answer = await this.#withTimeout(op(this.#primary));
      if (this.#outage) {
        this.#outage = false;
        this.#logger?.warn({ limiter: this.#name }, `Rate limiter [${this.#name}] reaches its store again.`);
      }
      return answer;
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      this.#noteFailure(error);
      if (this.policy === "fail-closed") {
        this.stats.failClosed++;
        throw new RateLimiterUnavailableError(this.#name, this.#retryAfter, { cause: error });
      }
      if (this.policy === "fail-open") {
        this.stats.failOpen++;
        return openAnswer;
      }
      this.stats.insurance++;
      return op(this.#insurance);
    }
  }

  #noteFailure(error: unknown): void {
    this.stats.storeFailures++;
    const fields = { limiter: this.#name, policy: this.policy, err: error };
    const message = `Rate limiter [${this.#name}] cannot reach its store; policy ${this.policy} applies.`;
    if (this.#outage) this.#logger?.debug(fields, message);
    else this.#logger?.warn(fields, message);
    this.#outage = true;
  }

  /**
   * Rejects with StoreTimeoutError when no reply came within `timeoutMs`. One shared ticker checks
   * the deadlines (a timer per call would cost more than the rest of the hot path); a late reply
   * is dropped, while the command may still run on Redis (stricter, never looser).
   */
  #withTimeout<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { deadline: performance.now() + this.#timeoutMs, reject };
      this.#pending.add(entry);
      this.#ticker ??= this.#startTicker();
      promise.then(
        (value) => {
          this.#pending.delete(entry);
          resolve(value);
        },
        (error: unknown) => {
          this.#pending.delete(entry);
          reject(error);
        },
      );
    });
  }

  #startTicker(): NodeJS.Timeout {
    const ticker = setInterval(
      () => {
        const now = performance.now();
        for (const entry of this.#pending) {
          if (entry.deadline > now) continue;
          this.#pending.delete(entry);
          entry.reject(new StoreTimeoutError(`no reply within ${this.#timeoutMs} ms`));
        }
        if (this.#pending.size === 0) {
          clearInterval(ticker);
          this.#ticker = undefined;
        }
      },
      Math.max(5, Math.floor(this.#timeoutMs / 5)),
    );
    ticker.unref();
    return ticker;
  }
}
