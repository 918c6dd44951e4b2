/**
 * The client IP as Laravel's `$request->ip()` must also see it. Counters are keyed by IP, so if PHP
 * and Node disagree on a client's address they count in different buckets (and an attacker who can
 * choose the address Node uses — X-Forwarded-For with `trust proxy` on but no proxy — gets a fresh
 * budget per request).
 *
 * Rules: use Express's `req.ip`, which honours `app.set("trust proxy", …)`: set it exactly like
 * Laravel's TrustProxies middleware (same proxies, same header), or leave both off. IPv4 clients
 * of a dual-stack Node server appear as `::ffff:203.0.113.7`; PHP behind nginx/php-fpm sees
 * `203.0.113.7`, so the mapped prefix is removed.
 */

/** The parts of an Express request the IP comes from. */
export interface IpSource {
  ip?: string | undefined;
  socket?: { remoteAddress?: string | undefined } | undefined;
}

const MAPPED_V4 = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/** Laravel-compatible client IP of an Express request (see the file header). */
export function clientIp(req: IpSource): string {
  const ip = req.ip ?? req.socket?.remoteAddress ?? "";
  // Only an address starting with ':' can be "::ffff:a.b.c.d": plain IPv4 skips the regex.
  if (ip.charCodeAt(0) !== 58) return ip;
  const mapped = MAPPED_V4.exec(ip);
  return mapped ? (mapped[1] as string) : ip;
}
