/**
 * `startSession()`: Express middleware ≈ Laravel's web stack EncryptCookies → StartSession (→ the
 * XSRF-TOKEN cookie of VerifyCsrfToken). Per request:
 *  1. decrypt the session cookie (APP_KEY + previous keys, name-bound prefix); a missing, tampered,
 *     foreign or oversized cookie means a new session, and no Redis lookup;
 *  2. GET the session (one round trip); Redis failing → 503 (SessionUnavailableError to next()),
 *     no cookie issued, so the user's real session is not replaced;
 *  3. `req.session` is the Store (session.ts); the route runs;
 *  4. when the route starts its response: store `_previous.url` (GET, routed, not XHR/prefetch),
 *     age flash data, SETEX lifetime×60 (sliding expiry), then set XSRF-TOKEN and the session cookie
 *     — all before a header byte leaves. A failed save answers 503 instead of the route's response.
 */
import type { IncomingMessage } from "node:http";
import type { NextFunction, Request, Response } from "express";
import { SessionStateError, SessionUnavailableError } from "../../src/errors/session-errors.js";
import { type RememberMeOptions, recallUser, staleRecallerCookie } from "./remember-me.js";
import { attachSession, forgetSessionAfterFinish, sessionFor } from "./request-sessions.js";
import { commitBeforeHeaders, sendPlainError } from "./response-commit.js";
import type { Session } from "./session.js";
import { SessionBlocker, type SessionBlockOptions } from "./session-block.js";
import {
  readEncryptedCookie,
  SetCookieBuilder,
  sessionCookieAttributes,
  xsrfCookieAttributes,
} from "./session-cookie.js";
import { isValidSessionId } from "./session-id.js";
import type { SessionManager } from "./session-manager.js";

export interface StartSessionOptions {
  /** Also send the XSRF-TOKEN cookie, as Laravel's `web` group (VerifyCsrfToken) does. @default true */
  xsrfCookie?: boolean;
  /** The route name stored as `_previous.route` (Laravel 12.35+); Express routes have none. @default null */
  routeName?: (req: Request) => string | null;
  /** Answers when the session could not be saved. @default 503, plain text */
  onSaveError?: (error: SessionUnavailableError, req: Request, res: Response) => void;
  /**
   * A tighter bound than the connection's own command timeout (ConnectionManager `commandTimeoutMs`,
   * 10 s by default) for the session read and write; a frozen Redis then answers 503 sooner.
   * @default undefined (the connection's timeout alone)
   */
  timeoutMs?: number;
  /**
   * Laravel's "remember me": when the session has no user for the guard and a valid recaller cookie
   * came, `retrieveByToken` finds the user and the session logs them in as SessionGuard::user()
   * does (remember-me.ts). `rememberedOf(req)` tells the route what happened.
   * @default undefined (the recaller cookie is ignored)
   */
  rememberMe?: RememberMeOptions;
  /**
   * Session blocking, as `Route::block($lockSeconds, $waitSeconds)` (true: Laravel's 10 s and 10 s):
   * requests of one session take turns with each other and with Laravel's blocking routes
   * (session-block.ts). Mount this middleware on the routes that need it.
   * @default false
   */
  block?: boolean | SessionBlockOptions;
}

/** A request that went through startSession(). */
export type SessionRequest = Request & { session: Session };

/** The Laravel session of a request (typed access to `req.session`). @throws SessionStateError */
export function sessionOf(req: IncomingMessage): Session {
  const session = sessionFor(req);
  if (!session) {
    throw new SessionStateError(
      "No Laravel session on this request: mount bridge.session() before this route.",
    );
  }
  return session;
}

/** Builds the middleware (`bridge.session(options)`). */
export function startSession(
  manager: SessionManager,
  options: StartSessionOptions = {},
): (req: Request, res: Response, next: NextFunction) => void {
  const timeoutMs = options.timeoutMs;
  const remember = options.rememberMe;
  const xsrf = options.xsrfCookie ?? true;
  const routeName = options.routeName ?? (() => null);
  const cookies = new SetCookieBuilder();
  const sessionAttributes = sessionCookieAttributes(manager.cookieSettings);
  const xsrfAttributes = xsrfCookieAttributes(manager.cookieSettings);
  const onSaveError =
    options.onSaveError ??
    ((_error: SessionUnavailableError, _req: Request, res: Response) =>
      sendPlainError(res, 503, "Service Unavailable: the session could not be saved. Try again.\n"));

  /** Before the response's first byte: `_previous.url`, save (SETEX), then the cookies. */
  const commit = (res: Response, req: Request): Promise<void> => {
    const session = sessionOf(req);
    try {
      if (shouldStoreCurrentUrl(req)) {
        session.setPreviousUrl(fullUrl(req));
        if (manager.previousRoute) session.setPreviousRoute(routeName(req));
      }
      return withTimeout(session.save(), timeoutMs, "write").then((saved) => {
        if (!saved) {
          // Destroyed by another request (logout) while this one ran: not resurrected, no cookie.
          manager.count("destroyedConcurrently", "session.destroyed_concurrently");
          return;
        }
        addCookies(res, session);
        if (remember !== undefined) forgetStaleRecaller(req, res, session);
      });
    } catch (error) {
      return Promise.reject(error);
    }
  };

  const addCookies = (res: Response, session: Session): void => {
    const now = manager.clock.now();
    const token = session.token();
    // One appendHeader per cookie: Node validates an array value by joining it into one string.
    if (xsrf && token !== undefined) {
      const value = manager.cookies.encryptForHeader("XSRF-TOKEN", token);
      res.appendHeader("Set-Cookie", cookies.buildEncoded("XSRF-TOKEN", value, xsrfAttributes, now));
    }
    const value = manager.cookies.encryptForHeader(session.name, session.id);
    res.appendHeader("Set-Cookie", cookies.buildEncoded(session.name, value, sessionAttributes, now));
  };

  const forgetStaleRecaller = (req: Request, res: Response, session: Session): void => {
    const header = staleRecallerCookie(req.headers.cookie, session, manager.cookieSettings, remember?.guard);
    if (header !== undefined) res.appendHeader("Set-Cookie", header);
  };

  const onCommitFailure = (error: unknown, res: Response, req: Request): void => {
    const failure = asUnavailable(error, "write");
    manager.count("storeFailures", "session.store_failure");
    manager.logger.error({ err: failure }, failure.message);
    onSaveError(failure, req, res);
  };

  const blocker =
    options.block === undefined || options.block === false
      ? undefined
      : new SessionBlocker(
          manager.blockLocks(options.block === true ? undefined : options.block.store),
          options.block === true ? {} : options.block,
          manager.logger,
        );

  /** The session is read (and maybe recalled): hand the request to the route. */
  const begin = (req: Request, res: Response, next: NextFunction, session: Session): void => {
    attachSession(req, session);
    res.on("finish", forgetSessionAfterFinish);
    commitBeforeHeaders(res, blocker === undefined ? commit : commitThenRelease, onCommitFailure, req);
    next();
  };

  const readFailed = (next: NextFunction, error: unknown): void => {
    manager.count("storeFailures", "session.store_failure");
    next(asUnavailable(error, "read"));
  };

  /** Blocking: the lock goes once the save is done (before the response leaves, as in Laravel). */
  const commitThenRelease = (res: Response, req: Request): Promise<void> => {
    const release = (): Promise<void> => (blocker as SessionBlocker).release(req);
    return commit(res, req).then(release, (error: unknown) => release().then(() => Promise.reject(error)));
  };

  const startRemembering = (req: Request, res: Response, next: NextFunction, session: Session): void => {
    withTimeout(session.start(), timeoutMs, "read").then(
      () =>
        recallUser(req, session, manager.cookies, remember as RememberMeOptions).then(
          () => begin(req, res, next, session),
          (error: unknown) => failBeforeRoute(req, next, error),
        ),
      (error: unknown) => failBeforeRoute(req, next, error, true),
    );
  };

  const failBeforeRoute = (req: Request, next: NextFunction, error: unknown, read = false): void => {
    const done = blocker === undefined ? Promise.resolve() : blocker.release(req);
    done.then(() => (read ? readFailed(next, error) : next(error)));
  };

  const start = (req: Request, res: Response, next: NextFunction, session: Session): void => {
    if (remember !== undefined) {
      startRemembering(req, res, next, session);
      return;
    }
    withTimeout(session.start(), timeoutMs, "read").then(
      () => begin(req, res, next, session),
      (error: unknown) =>
        blocker === undefined ? readFailed(next, error) : failBeforeRoute(req, next, error, true),
    );
  };

  return (req, res, next) => {
    const id = readEncryptedCookie(req.headers.cookie, manager.cookieName, manager.cookies);
    const session = manager.build(id);
    // No valid cookie, no lock: the new id cannot be shared with another request.
    if (blocker === undefined || !isValidSessionId(id)) return start(req, res, next, session);
    blocker.acquire(req, session.id).then(
      () => {
        // A request that never answers (client gone) still lets go, at the latest when it closes.
        res.once("close", () => void blocker.release(req));
        start(req, res, next, session);
      },
      (error: unknown) => next(error),
    );
  };
}

function asUnavailable(error: unknown, operation: "read" | "write"): SessionUnavailableError {
  return error instanceof SessionUnavailableError
    ? error
    : new SessionUnavailableError(operation, { cause: error });
}

function withTimeout<T>(
  promise: Promise<T>,
  ms: number | undefined,
  operation: "read" | "write",
): Promise<T> {
  if (ms === undefined) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SessionUnavailableError(operation, { cause: new Error(`no answer within ${ms} ms`) })),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** StartSession::storeCurrentUrl: GET, a matched route, not XHR, not a prefetch or precognition. */
function shouldStoreCurrentUrl(req: Request): boolean {
  if (req.method !== "GET" || req.route === undefined) return false;
  const h = req.headers;
  if (h["x-requested-with"] === "XMLHttpRequest" || h.precognition === "true") return false;
  const purpose = h.purpose ?? h["sec-purpose"] ?? h["x-moz"];
  return (
    purpose === undefined || !/prefetch/i.test(`${purpose} ${h["sec-purpose"] ?? ""} ${h["x-moz"] ?? ""}`)
  );
}

/**
 * Request::fullUrl(): scheme://host/path without a trailing slash, then the query string with its
 * keys sorted and values rawurlencoded (Symfony's normalizeQueryString).
 */
export function fullUrl(req: Request): string {
  const original = req.originalUrl;
  const q = original.indexOf("?");
  const path = q === -1 ? original : original.slice(0, q);
  const full = `${req.protocol}://${req.get("host") ?? "localhost"}${path}`;
  let end = full.length;
  while (end > 0 && full.charCodeAt(end - 1) === 0x2f) end--;
  const url = end === full.length ? full : full.slice(0, end);
  const query = q === -1 ? "" : normalizeQueryString(original.slice(q + 1));
  if (query === "") return url;
  return `${url}${path === "/" ? "/?" : "?"}${query}`;
}

function normalizeQueryString(qs: string): string {
  const pairs = new Map<string, string>();
  for (const part of qs.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = decode(eq === -1 ? part : part.slice(0, eq));
    if (key === "") continue;
    pairs.set(key, eq === -1 ? "" : decode(part.slice(eq + 1)));
  }
  return [...pairs.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${rawUrlEncode(k)}=${rawUrlEncode(v)}`)
    .join("&");
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

function rawUrlEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
