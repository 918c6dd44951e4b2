/**
 * `throttleLogins()`: login throttling that shares its budget with Laravel (laravel-formats.md §4.4).
 * The key is `Str::transliterate(Str::lower($email).'|'.$ip)`, exactly as Breeze's
 * `LoginRequest::throttleKey()` and Fortify's `LoginRateLimiter` build it, so every unicode variant
 * of one address lands in one bucket and PHP and Node count the same failures: 5 per 60 s by
 * default, `hit` on a failure, `clear` on a success, refused with the seconds left.
 *
 * Layouts: `breeze` (Breeze, starter kits, Fortify's LoginRateLimiter: the key itself) or
 * `fortify-named` (Fortify with `limiters.login` = a `RateLimiter::for('login')` limiter behind
 * `throttle:login`: every attempt is counted under `md5('login'.$key)`, failures also under the key).
 * Redis down: `insurance` by default (memory counts, never an unlimited window), or `fail-closed`.
 */
import { hash } from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { RateLimiterStore } from "../../src/contracts/rate-limit.js";
import { RateLimiterUnavailableError, type RateLimitFailPolicy } from "../../src/errors/rate-limit-errors.js";
import type { Clock } from "../../src/support/clock.js";
import type { BruteForceProtection } from "./brute-force.js";
import { clientIp } from "./client-ip.js";
import { RateLimiter } from "./rate-limiter.js";
import { type LimiterLogger, ResilientLimiterStore } from "./resilient-limiter-store.js";
import { sendUnavailable } from "./throttle-response.js";
import { loginThrottleKey } from "./transliterate.js";

export interface LoginThrottleOptions {
  /** @default 5 (Breeze, Fortify) */
  maxAttempts?: number;
  /** @default 60 */
  decaySeconds?: number;
  /** @default "breeze" */
  layout?: "breeze" | "fortify-named";
  /** The username as typed (Fortify::username()). @default req.body.email */
  username?: (req: Request) => string;
  /** @default clientIp(req) — must match Laravel's `$request->ip()` (read client-ip.ts) */
  ip?: (req: Request) => string;
  /** Status of the lockout response: 429 (Fortify) or 422 (Breeze's ValidationException). @default 429 */
  status?: number;
  /** The field the lockout message is reported under. @default "email" */
  field?: string;
  /** @default "insurance" */
  failPolicy?: RateLimitFailPolicy;
  /** Decision budget before the policy applies, ms. @default 1000 */
  timeoutMs?: number;
  /** The second, Node-side layer (rate-limiter-flexible recipe). @default none */
  bruteForce?: BruteForceProtection;
  clock?: Clock;
  logger?: LimiterLogger;
}

/** Whether a login may be tried now. */
export interface LoginVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
  /** Laravel's `auth.throttle` message when refused. */
  message?: string;
}

/** Laravel's lang/en/auth.php `throttle` line. */
export const throttleMessage = (seconds: number): string =>
  `Too many login attempts. Please try again in ${seconds} seconds.`;

/** Login throttling shared with Laravel's Breeze/Fortify (see the file header). */
export class LoginThrottle {
  readonly limiter: RateLimiter;
  readonly #store: ResilientLimiterStore;
  readonly #o: Required<
    Pick<LoginThrottleOptions, "maxAttempts" | "decaySeconds" | "layout" | "status" | "field">
  > &
    LoginThrottleOptions;

  constructor(store: RateLimiterStore, options: LoginThrottleOptions = {}) {
    this.#o = { maxAttempts: 5, decaySeconds: 60, layout: "breeze", status: 429, field: "email", ...options };
    this.#store = new ResilientLimiterStore(store, {
      name: "login",
      failPolicy: options.failPolicy ?? "insurance",
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.limiter = new RateLimiter(this.#store, options.clock ? { clock: options.clock } : {});
  }

  /** Decisions taken without Redis (by policy). */
  get stats(): ResilientLimiterStore["stats"] {
    return this.#store.stats;
  }

  /** `throttleKey()`: `Str::transliterate(Str::lower($username).'|'.$ip)`. */
  throttleKey(req: Request): string {
    return loginThrottleKey(this.#username(req), this.#ip(req));
  }

  /** Before verifying the password. In the `fortify-named` layout this counts the attempt too. */
  async check(req: Request): Promise<LoginVerdict> {
    const key = this.throttleKey(req);
    const { maxAttempts, decaySeconds } = this.#o;
    let blocked: number | undefined;
    if (this.#o.layout === "fortify-named") {
      const r = await this.limiter.consume(namedKey(key), maxAttempts, decaySeconds);
      if (!r.allowed) blocked = r.retryAfterSeconds;
    } else if (await this.limiter.tooManyAttempts(key, maxAttempts)) {
      blocked = await this.limiter.availableIn(key);
    }
    if (blocked === undefined && this.#o.bruteForce) {
      const verdict = await this.#o.bruteForce.check(key, this.#ip(req));
      if (!verdict.allowed) blocked = verdict.retryAfterSeconds;
    }
    return blocked === undefined
      ? { allowed: true, retryAfterSeconds: 0 }
      : { allowed: false, retryAfterSeconds: blocked, message: throttleMessage(blocked) };
  }

  /** After a wrong password: `RateLimiter::hit($throttleKey)` (and the second layer). */
  async failed(req: Request): Promise<void> {
    const key = this.throttleKey(req);
    await Promise.all([
      this.limiter.hit(key, this.#o.decaySeconds),
      this.#o.bruteForce?.failed(key, this.#ip(req)),
    ]);
  }

  /** After a correct password: `RateLimiter::clear($throttleKey)` (and the consecutive count). */
  async succeeded(req: Request): Promise<void> {
    const key = this.throttleKey(req);
    await Promise.all([this.limiter.clear(key), this.#o.bruteForce?.succeeded(key)]);
  }

  /**
   * check → verify → count, race-free: the attempt is counted atomically BEFORE `verify` runs
   * (check + hit in one script), and a correct password then clears the key, so N concurrent
   * attempts can never verify more than `maxAttempts` passwords. The end state equals Laravel's
   * (a failure leaves one hit, a success a cleared key). `check()` + `failed()` have Laravel's own
   * check-then-hit race instead.
   */
  async attempt(
    req: Request,
    verify: () => boolean | Promise<boolean>,
  ): Promise<LoginVerdict & { ok: boolean }> {
    if (this.#o.layout === "fortify-named") {
      const verdict = await this.check(req);
      if (!verdict.allowed) return { ...verdict, ok: false };
      const ok = await verify();
      await (ok ? this.succeeded(req) : this.failed(req));
      return { ...verdict, ok };
    }
    const key = this.throttleKey(req);
    const ip = this.#ip(req);
    const brute = this.#o.bruteForce ? await this.#o.bruteForce.check(key, ip) : undefined;
    if (brute && !brute.allowed) return this.#refused(brute.retryAfterSeconds);
    const reserved = await this.limiter.consume(key, this.#o.maxAttempts, this.#o.decaySeconds);
    if (!reserved.allowed) return this.#refused(reserved.retryAfterSeconds);
    const ok = await verify();
    if (ok) await this.succeeded(req);
    else await this.#o.bruteForce?.failed(key, ip);
    return { allowed: true, retryAfterSeconds: 0, ok };
  }

  #refused(seconds: number): LoginVerdict & { ok: false } {
    return { allowed: false, retryAfterSeconds: seconds, message: throttleMessage(seconds), ok: false };
  }

  /** Express middleware for the login route: refuses locked-out attempts before the password is checked. */
  middleware(): RequestHandler {
    return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      try {
        const verdict = await this.check(req);
        if (verdict.allowed) return next();
        res.status(this.#o.status).set("Retry-After", String(verdict.retryAfterSeconds));
        res.json({ message: verdict.message, errors: { [this.#o.field]: [verdict.message] } });
      } catch (error) {
        if (error instanceof RateLimiterUnavailableError)
          return sendUnavailable(req, res, error.retryAfterSeconds);
        next(error);
      }
    };
  }

  #username(req: Request): string {
    if (this.#o.username) return this.#o.username(req);
    const body = (req as { body?: Record<string, unknown> }).body;
    const value = body?.[this.#o.field];
    return typeof value === "string" ? value : "";
  }

  #ip(req: Request): string {
    return (this.#o.ip ?? clientIp)(req);
  }
}

/** Fortify's named limiter key as ThrottleRequests stores it: `md5('login' . $throttleKey)`. */
const namedKey = (throttleKey: string): string => hash("md5", `login${throttleKey}`, "hex");
