/**
 * Reconnect delays: exponential backoff with jitter, so a fleet of Node services that lost Redis at
 * the same moment does not reconnect in lockstep (thundering herd) when it comes back.
 */

/** How a connection retries after it dropped or failed to connect. All durations in ms. */
export interface RetrySettings {
  /** Delay before the first reconnect attempt. @default 50 */
  baseDelayMs: number;
  /** Upper bound for one delay. @default 2000 */
  maxDelayMs: number;
  /** Reconnect attempts in a row before the connection gives up for good; Infinity = never. @default Infinity */
  maxAttempts: number;
}

export const DEFAULT_RETRY: Readonly<RetrySettings> = Object.freeze({
  baseDelayMs: 50,
  maxDelayMs: 2000,
  maxAttempts: Number.POSITIVE_INFINITY,
});

/**
 * The delay before reconnect attempt `attempt` (1-based): the exponential step
 * `baseDelayMs · 2^(attempt-1)` capped at `maxDelayMs`, of which the upper half is random
 * ("equal jitter": never 0, never above the cap). `random` returns [0, 1).
 */
export function backoffDelayMs(attempt: number, settings: RetrySettings, random: () => number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const step = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** exponent);
  return Math.round(step / 2 + random() * (step / 2));
}

/** ioredis' `retryStrategy`: a delay, or null to stop reconnecting after `maxAttempts`. */
export function retryStrategy(
  settings: RetrySettings,
  random: () => number,
): (times: number) => number | null {
  return (times) => (times > settings.maxAttempts ? null : backoffDelayMs(times, settings, random));
}
