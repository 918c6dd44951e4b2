/**
 * `Limit::after()` for the throttle middleware (Laravel 12.32+): a limit with an after-callback is
 * checked before the handler like any other, but hit only when the callback accepts the response,
 * once that response is finished. Laravel adds the X-RateLimit-* headers after the hit, from a
 * re-read of the counter; Express writes headers before the response ends, so here the callback
 * is asked when the headers are written (status and headers final, no body) and the headers show
 * the count as it will be: one fewer remaining when the request counts. The hit itself is sent on
 * 'finish' (or 'close', so a client that hangs up mid-response is still counted).
 */
import type { Response } from "express";
import type { RateLimiter } from "./rate-limiter.js";
import type { ResolvedLimit } from "./throttle-limits.js";
import { addRateLimitHeaders } from "./throttle-response.js";

/**
 * Runs `listener` once, just before the headers of `res` are written (explicitly or by the first
 * write/end), with `res.statusCode` already set to the status being sent.
 */
export function beforeHeaders(res: Response, listener: () => void): void {
  const writeHead = res.writeHead as (...args: unknown[]) => Response;
  let fired = false;
  // A flag rather than restoring the original: another wrapper installed after this one stays intact.
  res.writeHead = function headersAboutToBeWritten(this: Response, ...args: unknown[]) {
    if (!fired) {
      fired = true;
      if (typeof args[0] === "number") this.statusCode = args[0];
      listener();
    }
    return writeHead.apply(this, args);
  } as Response["writeHead"];
}

/** Whether an after-callback counts this response; one that throws counts (never looser). */
function accepts(limit: ResolvedLimit, res: Response): boolean {
  try {
    return Boolean(limit.afterCallback?.(res));
  } catch {
    return true;
  }
}

/**
 * For a request that passed every limit: adds the headers of all `limits` (in order, the most
 * restrictive shown, as ThrottleRequests does after the response) when the headers are written, and
 * hits each after-limit its callback accepts once the response is finished. `remaining[i]` is what
 * limit i leaves with this request counted (already counted for limits without a callback).
 */
export function countAfterResponse(
  res: Response,
  limiter: RateLimiter,
  limits: readonly ResolvedLimit[],
  remaining: readonly number[],
): void {
  let counted: boolean[] | undefined;
  const decide = (): boolean[] => {
    counted ??= limits.map((limit) => limit.afterCallback === undefined || accepts(limit, res));
    return counted;
  };
  beforeHeaders(res, () => {
    const decided = decide();
    limits.forEach((limit, i) => {
      const left = (remaining[i] as number) + (decided[i] ? 0 : 1);
      addRateLimitHeaders(res, limit.maxAttempts, left);
    });
  });
  let sent = false;
  const finished = (): void => {
    if (sent) return;
    sent = true;
    const decided = decide();
    limits.forEach((limit, i) => {
      if (limit.afterCallback === undefined || !decided[i]) return;
      // The response is gone: nothing is left to refuse. An outage is logged and handled by the
      // limiter's fail policy; any other failure would reach no one, so it is dropped here.
      limiter.hit(limit.key, limit.decaySeconds).catch(() => undefined);
    });
  };
  res.once("finish", finished);
  res.once("close", finished);
}
