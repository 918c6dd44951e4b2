/**
 * Which counters a request goes through, exactly as Laravel's ThrottleRequests derives them
 * (laravel-formats.md §4.3), shared by the cache and the Redis middleware:
 *
 * - `throttle:60,1,prefix` → one limit, key `prefix + sha1(user id)` when logged in, else
 *   `prefix + sha1(routeDomain + "|" + ip)`;
 * - `throttle:api` → every Limit the named limiter returns, key `md5("api" + limit.key)`;
 * - `shouldHashKeys(false)` (10.13.3+) → the raw identifier and `api:<limit key>` instead.
 */
import { hash } from "node:crypto";
import type { Request } from "express";
import type { NamedLimiter } from "../../src/contracts/rate-limit.js";
import { MissingRateLimiterError } from "../../src/errors/rate-limit-errors.js";
import { clientIp } from "./client-ip.js";
import { Limit, type LimitAfter, type LimitResponder } from "./limit.js";

/** `throttle('api')`, or the numeric form `throttle:maxAttempts,decayMinutes,prefix`. */
export type ThrottleSpec =
  | string
  | {
      /** A number, or Laravel's `"guests|users"` form such as `"60|120"`. @default 60 */
      maxAttempts?: number | string;
      /** @default 1 */
      decayMinutes?: number;
      /** Prepended to the signature. @default "" */
      prefix?: string;
    };

/** How the middleware identifies a request; each has a Laravel-compatible default. */
export interface RequestIdentity {
  /**
   * The authenticated user's id (`$user->getAuthIdentifier()`), or null/undefined for guests.
   * @default `req.session.userId()` (bridge.session()), else `req.user.id`, else guest
   */
  resolveUser?: (req: Request) => unknown;
  /** `$route->getDomain()`: the route's `->domain()`, usually empty. @default "" */
  routeDomain?: (req: Request) => string;
  /** `$request->ip()`. @default clientIp(req) (trust-proxy aware; read client-ip.ts) */
  ip?: (req: Request) => string;
  /** `ThrottleRequests::shouldHashKeys()`. @default true */
  hashKeys?: boolean;
  /** Duplicate limit keys get `Limit::fallbackKey()` (Laravel 11+). @default true */
  duplicateKeysFallback?: boolean;
  /**
   * `Limit.after()` is honoured (Laravel 12.32+); when false, an after-limit counts every request
   * up front, as Laravel before 12.32 (which has no `after()`). @default true
   */
  limitAfter?: boolean;
}

/** One counter to check and hit for this request. */
export interface ResolvedLimit {
  key: string;
  maxAttempts: number;
  decaySeconds: number;
  responseCallback: LimitResponder | undefined;
  /** `Limit::after()`: counted after the response, when this accepts it; undefined = counted up front. */
  afterCallback: LimitAfter | undefined;
}

// crypto.hash (Node 20.12+): one call, no Hash object; ~2x faster than createHash() per request.
const sha1 = (s: string): string => hash("sha1", s, "hex");
const md5 = (s: string): string => hash("md5", s, "hex");

/**
 * The default `resolveUser`: the session engineer's `req.session.userId()` (its value or its
 * promise), else Passport's `req.user.id`. Not async: a guest request costs no promise here.
 */
export function defaultResolveUser(req: Request): unknown {
  const session = (req as { session?: { userId?: unknown } }).session;
  if (session && typeof session.userId === "function") {
    return (session.userId as () => unknown).call(session);
  }
  return (req as { user?: { id?: unknown } }).user?.id ?? null;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null | undefined)?.then === "function";

const isGuest = (user: unknown): boolean =>
  user === null || user === undefined || user === "" || user === false;

/** The limits of one request, or `"unlimited"` (a named limiter returned `Limit.none()` itself). */
export type RequestLimits = ResolvedLimit[] | "unlimited";

type Limiters = { limiter(name: string): NamedLimiter | undefined; limiterNames(): string[] };

/**
 * Resolves the limits of one request: an array (possibly empty), or `"unlimited"` when a named
 * limiter returned `Limit.none()` itself. Rejects with MissingRateLimiterError for an undefined name.
 */
export async function resolveLimits(
  req: Request,
  spec: ThrottleSpec,
  limiters: Limiters,
  identity: RequestIdentity,
): Promise<RequestLimits> {
  return limitsFor(req, spec, limiters, identity);
}

/**
 * resolveLimits() for the middleware's hot path: the limits themselves when neither the user
 * resolver nor the named limiter returned a promise (the usual request: no promise, no microtask),
 * else their promise. Throws MissingRateLimiterError synchronously.
 */
export function limitsFor(
  req: Request,
  spec: ThrottleSpec,
  limiters: Limiters,
  identity: RequestIdentity,
): RequestLimits | Promise<RequestLimits> {
  if (typeof spec === "string") {
    const callback = limiters.limiter(spec);
    if (!callback) throw new MissingRateLimiterError(spec, limiters.limiterNames());
    const result = callback(req);
    return isThenable(result)
      ? Promise.resolve(result).then((r) => namedLimits(spec, r, identity))
      : namedLimits(spec, result, identity);
  }
  const user = (identity.resolveUser ?? defaultResolveUser)(req);
  return isThenable(user)
    ? Promise.resolve(user).then((u) => numericLimits(req, spec, u, identity))
    : numericLimits(req, spec, user, identity);
}

function namedLimits(name: string, result: unknown, identity: RequestIdentity): RequestLimits {
  if (result instanceof Limit && result.unlimited) return "unlimited";
  const list = (Array.isArray(result) ? result : result instanceof Limit ? [result] : []) as Limit[];
  const seen = new Map<string, number>();
  for (const limit of list) seen.set(limit.key, (seen.get(limit.key) ?? 0) + 1);
  const fallback = identity.duplicateKeysFallback ?? true;
  const hash = identity.hashKeys ?? true;
  const after = identity.limitAfter ?? true;
  return list.map((limit) => {
    const key = fallback && (seen.get(limit.key) ?? 0) > 1 ? limit.fallbackKey() : limit.key;
    return {
      key: hash ? md5(name + key) : `${name}:${key}`,
      maxAttempts: limit.maxAttempts,
      decaySeconds: limit.decaySeconds,
      responseCallback: limit.responseCallback,
      afterCallback: after ? limit.afterCallback : undefined,
    };
  });
}

function numericLimits(
  req: Request,
  spec: Exclude<ThrottleSpec, string>,
  user: unknown,
  identity: RequestIdentity,
): ResolvedLimit[] {
  const guest = isGuest(user);
  const signature = guest
    ? `${identity.routeDomain?.(req) ?? ""}|${(identity.ip ?? clientIp)(req)}`
    : String(user);
  return [
    {
      key: (spec.prefix ?? "") + ((identity.hashKeys ?? true) ? sha1(signature) : signature),
      maxAttempts: maxAttemptsFor(spec.maxAttempts ?? 60, guest),
      decaySeconds: 60 * (spec.decayMinutes ?? 1),
      responseCallback: undefined,
      afterCallback: undefined,
    },
  ];
}

/** `ThrottleRequests::resolveMaxAttempts()` for numbers and the `"guests|users"` form. */
function maxAttemptsFor(maxAttempts: number | string, guest: boolean): number {
  if (typeof maxAttempts === "number") return maxAttempts;
  const parts = maxAttempts.split("|");
  const chosen = parts.length > 1 ? parts[guest ? 0 : 1] : parts[0];
  const n = Number.parseInt(chosen ?? "", 10);
  if (!Number.isFinite(n)) throw new MissingRateLimiterError(maxAttempts, []);
  return n;
}
