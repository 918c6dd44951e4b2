/**
 * The session and XSRF-TOKEN cookies as Laravel's web middleware reads and writes them:
 * PHP's Cookie-header parsing (first of duplicate names wins, values urldecoded), EncryptCookies
 * (laravel-formats.md §6.3: encrypted, bound to the cookie name by the v2 prefix), and the
 * Set-Cookie attributes StartSession / VerifyCsrfToken give them (§5.6, §6.4).
 */
import {
  decodeCookieValue,
  decryptCookie,
  type Encrypter,
  encryptCookie,
  type SameSite,
  serializeSetCookie,
} from "../../src/codecs/encrypter/index.js";

/** Cookies longer than this are refused before any decoding (browsers cap a cookie at 4096 bytes). */
export const MAX_COOKIE_LENGTH = 4096;

/** Parses a Cookie header the way PHP fills `$_COOKIE` (the first of duplicate names is kept). */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    // PHP skips leading spaces of the name and turns spaces and dots in names into underscores.
    const name = decodeCookieValue(part.slice(0, eq).trimStart()).replace(/[ .]/g, "_");
    if (name === "" || cookies.has(name)) continue;
    cookies.set(name, part.slice(eq + 1));
  }
  return cookies;
}

/**
 * The plaintext of an encrypted Laravel cookie (EncryptCookies), or null when it is missing,
 * oversized, tampered, made with a key we do not have, or minted for another cookie name.
 */
export function readEncryptedCookie(
  cookies: Map<string, string>,
  name: string,
  encrypter: Encrypter,
): string | null {
  const raw = cookies.get(name);
  if (raw === undefined || raw.length === 0 || raw.length > MAX_COOKIE_LENGTH) return null;
  return decryptCookie(name, decodeCookieValue(raw), encrypter);
}

/** Cookie attributes from `config/session.php`. */
export interface SessionCookieSettings {
  /** `session.path` — SESSION_PATH. */
  path: string;
  /** `session.domain` — SESSION_DOMAIN. */
  domain: string | null;
  /** `session.secure` — SESSION_SECURE_COOKIE. */
  secure: boolean | null;
  /** `session.http_only` — SESSION_HTTP_ONLY. */
  httpOnly: boolean;
  /** `session.same_site` — SESSION_SAME_SITE. */
  sameSite: string | null;
  /** `session.partitioned` — SESSION_PARTITIONED_COOKIE. */
  partitioned: boolean;
  /** `session.expire_on_close` — a browser-session cookie instead of one that expires. */
  expireOnClose: boolean;
  /** `session.lifetime`, minutes. */
  lifetimeMinutes: number;
}

function sameSiteOf(value: string | null): SameSite | null {
  return value === null ? null : (value.toLowerCase() as SameSite);
}

/**
 * StartSession::addCookieToResponse: the session cookie (id encrypted by EncryptCookies), expiring
 * after `lifetime` minutes, or at browser close with `expire_on_close`.
 */
export function sessionSetCookie(
  name: string,
  sessionId: string,
  settings: SessionCookieSettings,
  encrypter: Encrypter,
  nowMs: number,
): string {
  return serializeSetCookie(name, encryptCookie(name, sessionId, encrypter), {
    ...(settings.expireOnClose ? {} : { maxAgeSeconds: settings.lifetimeMinutes * 60 }),
    now: new Date(nowMs),
    path: settings.path,
    domain: settings.domain,
    secure: settings.secure ?? false,
    httpOnly: settings.httpOnly,
    sameSite: sameSiteOf(settings.sameSite),
    partitioned: settings.partitioned,
  });
}

/**
 * VerifyCsrfToken::newCookie: `XSRF-TOKEN` = the session token, encrypted, NOT HttpOnly (so
 * JavaScript can echo it as X-XSRF-TOKEN), always expiring after `lifetime` minutes.
 */
export function xsrfSetCookie(
  token: string,
  settings: SessionCookieSettings,
  encrypter: Encrypter,
  nowMs: number,
): string {
  return serializeSetCookie("XSRF-TOKEN", encryptCookie("XSRF-TOKEN", token, encrypter), {
    maxAgeSeconds: settings.lifetimeMinutes * 60,
    now: new Date(nowMs),
    path: settings.path,
    domain: settings.domain,
    secure: settings.secure ?? false,
    httpOnly: false,
    sameSite: sameSiteOf(settings.sameSite),
    partitioned: settings.partitioned,
  });
}
