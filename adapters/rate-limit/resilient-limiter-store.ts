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

/**
 * A call in flight, linked in start order; `startTick` is -1 once settled. A class (one shape for
 * every call, and no per-call closure for the ticker to call) rather than an object literal.
 */
class Pending {
  startTick: number;
  prev: Pending | undefined;
  next: Pending | undefined = undefined;
  readonly op: Op<unknown>;
  readonly openAnswer: unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;

  constructor(
    startTick: number,
    prev: Pending | undefined,
    op: Op<unknown>,
    openAnswer: unknown,
    resolve: (value: unknown) => void,
    reject: (error: unknown) => void,
  ) {
    this.startTick = startTick;
    this.prev = prev;
    this.op = op;
    this.openAnswer = openAnswer;
    this.resolve = resolve;
    this.reject = reject;
  }
}

const TICKS_PER_TIMEOUT = 5;

/** fail-open's answer to consume(): allowed, nothing counted (one frozen object, not one per call). */
const OPEN_CONSUME = Object.freeze({ allowed: true, attempts: 0, availableAt: null });

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
  #oldest: Pending | undefined;
  #newest: Pending | undefined;
  #tick = 0;
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
    return this.#run((s) => s.consume(key, maxAttempts, decaySeconds, amount, availableAt), OPEN_CONSUME);
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

  /**
   * Runs `op` on Redis; a failure that means "store unavailable", or no reply within `timeoutMs`,
   * hands the decision to the policy. Hot path, per call: the returned promise, one Pending
   * linked in O(1) into a list of calls in start order, and the two reply handlers — no timer and
   * no hashing (a Set or a timer per call tripled the CPU cost of a hit). One shared ticker of
   * timeoutMs/5 fails calls from the old end of the list once they are 5 ticks old (a call times
   * out after 1.0–1.2 × timeoutMs). A late reply is dropped; the command may still run on Redis
   * (stricter, never looser).
   */
  #run<T>(op: Op<T>, openAnswer: T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const call = new Pending(
        this.#tick,
        this.#newest,
        op,
        openAnswer,
        resolve as (v: unknown) => void,
        reject,
      );
      if (this.#newest) this.#newest.next = call;
      else this.#oldest = call;
      this.#newest = call;
      this.#ticker ??= this.#startTicker();
      let answer: Promise<T>;
      try {
        answer = op(this.#primary);
      } catch (error) {
        // A store that throws instead of rejecting still gets the policy, and the call is unlinked.
        answer = Promise.reject(error);
      }
      answer.then(
        (value) => {
          if (!this.#unlink(call)) return;
          if (this.#outage) this.#recovered();
          resolve(value);
        },
        (error: unknown) => this.#fail(call, error),
      );
    });
  }

  /** The primary store failed or timed out: the policy decides (once per call). */
  #fail(call: Pending, error: unknown): void {
    if (!this.#unlink(call)) return;
    this.#fallback(error, call.op, call.openAnswer).then(call.resolve, call.reject);
  }

  /** Removes a call from the list; false when it was already settled. */
  #unlink(entry: Pending): boolean {
    if (entry.startTick < 0) return false;
    entry.startTick = -1;
    if (entry.prev) entry.prev.next = entry.next;
    else this.#oldest = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.#newest = entry.prev;
    return true;
  }

  async #fallback<T>(error: unknown, op: Op<T>, openAnswer: T): Promise<T> {
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

  #recovered(): void {
    this.#outage = false;
    this.#logger?.warn({ limiter: this.#name }, `Rate limiter [${this.#name}] reaches its store again.`);
  }

  #noteFailure(error: unknown): void {
    this.stats.storeFailures++;
    const fields = { limiter: this.#name, policy: this.policy, err: error };
    const message = `Rate limiter [${this.#name}] cannot reach its store; policy ${this.policy} applies.`;
    if (this.#outage) this.#logger?.debug(fields, message);
    else this.#logger?.warn(fields, message);
    this.#outage = true;
  }

  #startTicker(): NodeJS.Timeout {
    const ticker = setInterval(
      () => {
        this.#tick++;
        let timeout: StoreTimeoutError | undefined;
        while (this.#oldest && this.#tick - this.#oldest.startTick > TICKS_PER_TIMEOUT) {
          timeout ??= new StoreTimeoutError(`no reply within ${this.#timeoutMs} ms`);
          this.#fail(this.#oldest, timeout);
        }
        if (!this.#oldest) {
          clearInterval(ticker);
          this.#ticker = undefined;
        }
      },
      Math.max(1, Math.floor(this.#timeoutMs / TICKS_PER_TIMEOUT)),
    );
    ticker.unref();
    return ticker;
  }
}
