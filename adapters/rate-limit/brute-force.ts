/**
 * The Node-side second layer of login protection, rate-limiter-flexible's login recipe (reliability
 * catalogue §4): consecutive failures per username+IP (reset on success) and failures per IP per
 * day, both checked BEFORE the password is verified. Redis-down policy: rate-limiter-flexible's own
 * insurance limiter (RateLimiterMemory, per process), with `rejectIfRedisNotReady` so no decision
 * waits for a reconnect. These keys are Node's own (`login_fail_*`); Laravel does not read them.
 */
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterRes } from "rate-limiter-flexible";

/** One limiter of the recipe. */
export interface BruteForceRule {
  /** Failures allowed in the window; the next attempt is refused (exactly `points` password checks). */
  points: number;
  /** The counting window, seconds. */
  durationSeconds: number;
  /** How long a key stays blocked once over the limit, seconds. */
  blockSeconds: number;
}

export interface BruteForceOptions {
  /**
   * An ioredis client for the counters (rate-limiter-flexible needs ioredis itself, not the
   * bridge's narrow client). Without one the layer counts in memory only (one process).
   */
  storeClient?: unknown;
  /** @default { points: 10, durationSeconds: 90 days, blockSeconds: 1 hour } */
  consecutiveFails?: Partial<BruteForceRule>;
  /** @default { points: 100, durationSeconds: 1 day, blockSeconds: 1 day } */
  failsPerIpPerDay?: Partial<BruteForceRule>;
  /** Key prefix of both limiters. @default "login_fail" */
  keyPrefix?: string;
}

/** A refused check: which rule, and how long until it lifts. */
export interface BruteForceVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
  rule?: "consecutiveFails" | "failsPerIpPerDay";
}

const DAY = 86_400;

function limiterFor(
  rule: BruteForceRule,
  keyPrefix: string,
  storeClient: unknown,
): RateLimiterRedis | RateLimiterMemory {
  const base = {
    keyPrefix,
    points: rule.points,
    duration: rule.durationSeconds,
    blockDuration: rule.blockSeconds,
  };
  if (storeClient === undefined) return new RateLimiterMemory(base);
  return new RateLimiterRedis({
    ...base,
    storeClient,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(base),
  });
}

/** rate-limiter-flexible's login-protection recipe. */
export class BruteForceProtection {
  readonly #consecutive: RateLimiterRedis | RateLimiterMemory;
  readonly #perIp: RateLimiterRedis | RateLimiterMemory;
  readonly #rules: { consecutiveFails: BruteForceRule; failsPerIpPerDay: BruteForceRule };

  constructor(options: BruteForceOptions = {}) {
    const prefix = options.keyPrefix ?? "login_fail";
    this.#rules = {
      consecutiveFails: {
        points: 10,
        durationSeconds: 90 * DAY,
        blockSeconds: 3600,
        ...options.consecutiveFails,
      },
      failsPerIpPerDay: { points: 100, durationSeconds: DAY, blockSeconds: DAY, ...options.failsPerIpPerDay },
    };
    this.#consecutive = limiterFor(
      this.#rules.consecutiveFails,
      `${prefix}_consecutive_username_and_ip`,
      options.storeClient,
    );
    this.#perIp = limiterFor(this.#rules.failsPerIpPerDay, `${prefix}_ip_per_day`, options.storeClient);
  }

  /** Before verifying the password: refused while either rule is over its limit. */
  async check(usernameKey: string, ip: string): Promise<BruteForceVerdict> {
    const [byUser, byIp] = await Promise.all([this.#consecutive.get(usernameKey), this.#perIp.get(ip)]);
    const over = (res: RateLimiterRes | null, rule: BruteForceRule): boolean =>
      res !== null && res.consumedPoints >= rule.points;
    if (over(byIp, this.#rules.failsPerIpPerDay)) {
      return { allowed: false, retryAfterSeconds: seconds(byIp), rule: "failsPerIpPerDay" };
    }
    if (over(byUser, this.#rules.consecutiveFails)) {
      return { allowed: false, retryAfterSeconds: seconds(byUser), rule: "consecutiveFails" };
    }
    return { allowed: true, retryAfterSeconds: 0 };
  }

  /** After a wrong password: count it on both rules (a rule over its limit blocks its key). */
  async failed(usernameKey: string, ip: string): Promise<void> {
    await Promise.all([absorb(this.#consecutive.consume(usernameKey)), absorb(this.#perIp.consume(ip))]);
  }

  /** After a correct password: the consecutive count of this username+IP starts again. */
  async succeeded(usernameKey: string): Promise<void> {
    await this.#consecutive.delete(usernameKey);
  }
}

const seconds = (res: RateLimiterRes | null): number =>
  Math.max(1, Math.ceil((res?.msBeforeNext ?? 1000) / 1000));

/** consume() rejects with a RateLimiterRes (not an Error) when over the limit: that is the expected outcome here. */
async function absorb(consumed: Promise<RateLimiterRes>): Promise<void> {
  try {
    await consumed;
  } catch (outcome) {
    if (outcome instanceof Error) throw outcome;
  }
}
