/**
 * What ThrottleRequests adds to responses (laravel-formats.md §4.3): `X-RateLimit-Limit`,
 * `X-RateLimit-Remaining` and, when refused, `Retry-After` and `X-RateLimit-Reset` with a 429
 * (Laravel's ThrottleRequestsException: `{"message":"Too Many Attempts."}` for JSON requests).
 */
import type { Request, Response } from "express";
import type { LimitResponder } from "./limit.js";

/** `ThrottleRequests::getHeaders()`. */
export function rateLimitHeaders(
  maxAttempts: number,
  remaining: number,
  retryAfterSeconds?: number,
  nowSeconds?: number,
): Record<string, string> {
  const headers: Record<string, string> = {
    "X-RateLimit-Limit": String(maxAttempts),
    "X-RateLimit-Remaining": String(remaining),
  };
  if (retryAfterSeconds !== undefined) {
    headers["Retry-After"] = String(retryAfterSeconds);
    headers["X-RateLimit-Reset"] = String((nowSeconds ?? Math.floor(Date.now() / 1000)) + retryAfterSeconds);
  }
  return headers;
}

/**
 * `ThrottleRequests::addHeaders()` for a passed request: a later limit only replaces the headers of
 * an earlier one when it leaves fewer attempts (the most restrictive limit is shown).
 */
export function addRateLimitHeaders(res: Response, maxAttempts: number, remaining: number): void {
  const current = res.getHeader("X-RateLimit-Remaining");
  if (current !== undefined && Number.parseInt(String(current), 10) <= remaining) return;
  // The two headers of rateLimitHeaders() set directly: every throttled request passes here.
  res.setHeader("X-RateLimit-Limit", String(maxAttempts));
  res.setHeader("X-RateLimit-Remaining", String(remaining));
}

/** `Request::expectsJson()`: an AJAX request accepting anything, or Accept's first type is JSON. */
export function expectsJson(req: Request): boolean {
  const accept = (req.get("accept") ?? "").toLowerCase();
  const first = accept.split(",")[0]?.split(";")[0]?.trim() ?? "";
  const wantsJson = first.includes("/json") || first.includes("+json");
  const ajax = req.get("x-requested-with") === "XMLHttpRequest" && !req.get("x-pjax");
  const acceptsAny = first === "" || first === "*/*" || first === "*";
  return wantsJson || (ajax && acceptsAny);
}

/** The 429 of ThrottleRequestsException, or the limit's own response callback. */
export async function sendTooManyAttempts(
  req: Request,
  res: Response,
  headers: Record<string, string>,
  responder: LimitResponder | undefined,
): Promise<void> {
  if (responder) return void (await responder(req, res, headers));
  res.status(429).set(headers);
  if (expectsJson(req)) res.json({ message: "Too Many Attempts." });
  else res.type("text/plain").send("Too Many Attempts.");
}

/** The 503 of a fail-closed limiter whose store is down. */
export function sendUnavailable(req: Request, res: Response, retryAfterSeconds: number): void {
  res.status(503).set("Retry-After", String(retryAfterSeconds));
  const message = "Service Unavailable: the rate limiter cannot decide, retry later.";
  if (expectsJson(req)) res.json({ message });
  else res.type("text/plain").send(message);
}
