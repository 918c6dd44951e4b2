/**
 * `verifyCsrfToken({ except })` ≈ Laravel's VerifyCsrfToken (laravel-formats.md §6.4): GET, HEAD and
 * OPTIONS pass; any other request must carry the session's `_token` as the `_token` input (body or
 * query string), the `X-CSRF-TOKEN` header, or the encrypted XSRF-TOKEN cookie value as
 * `X-XSRF-TOKEN` (what axios and Laravel's JS send). Otherwise: TokenMismatchError, status 419.
 * Mount it after `startSession()` (and after a body parser if forms post `_token`). The XSRF-TOKEN
 * cookie itself is set by startSession().
 */
import { timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { decryptXsrfToken, type Encrypter } from "../../src/codecs/encrypter/index.js";
import { TokenMismatchError } from "../../src/errors/session-errors.js";
import { sessionOf } from "./start-session.js";

export interface VerifyCsrfTokenOptions {
  /**
   * `$except`: URIs that skip the check, as Laravel writes them (`stripe/*`, `webhooks/paypal`,
   * or a full URL `http://example.com/hook`); `*` matches anything.
   */
  except?: readonly string[];
}

const READING = new Set(["GET", "HEAD", "OPTIONS"]);

/** Builds the middleware (`bridge.csrf(options)`). */
export function verifyCsrfToken(
  encrypter: Encrypter,
  options: VerifyCsrfTokenOptions = {},
): (req: Request, res: Response, next: NextFunction) => void {
  const except = (options.except ?? [])
    .map((p) => (p === "/" ? p : p.replace(/^\/+|\/+$/g, "")))
    .map(patternOf);
  return (req, _res, next) => {
    if (READING.has(req.method) || inExceptArray(req, except)) return next();
    const expected = sessionOf(req).token();
    const given = tokenFromRequest(req, encrypter);
    if (expected !== undefined && given !== undefined && safeEqual(expected, given)) return next();
    next(new TokenMismatchError());
  };
}

/** VerifyCsrfToken::getTokenFromRequest. */
function tokenFromRequest(req: Request, encrypter: Encrypter): string | undefined {
  const input = inputToken(req);
  const header = req.get("x-csrf-token");
  let token: unknown = truthy(input) ? input : header;
  if (!truthy(token)) {
    const xsrf = req.get("x-xsrf-token");
    if (truthy(xsrf)) token = decryptXsrfToken(xsrf, encrypter) ?? "";
  }
  return typeof token === "string" ? token : undefined;
}

/** `$request->input('_token')`: the body (form or JSON) first, then the query string. */
function inputToken(req: Request): unknown {
  const body = req.body as Record<string, unknown> | undefined;
  if (body !== null && typeof body === "object" && Object.hasOwn(body, "_token")) return body._token;
  const query = req.query as Record<string, unknown> | undefined;
  return query !== undefined && Object.hasOwn(query, "_token") ? query._token : undefined;
}

/** PHP truthiness of a string input (`?:`): '' and '0' are false. */
function truthy(value: unknown): value is string {
  return typeof value === "string" && value !== "" && value !== "0";
}

/** hash_equals: constant time for equal lengths (the length itself is not secret: always 40). */
function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Str::is: `*` is a wildcard, everything else literal, the whole string must match. */
function patternOf(pattern: string): RegExp {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\#]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`, "su");
}

/** `$request->fullUrlIs($except) || $request->is($except)`. */
function inExceptArray(req: Request, except: readonly RegExp[]): boolean {
  if (except.length === 0) return false;
  const rawPath = req.path.replace(/^\/+|\/+$/g, "");
  let path = rawPath === "" ? "/" : rawPath;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the raw path, as rawurldecode leaves bad escapes alone
  }
  const url = `${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`;
  return except.some((p) => p.test(path) || p.test(url));
}
