/**
 * The session and XSRF-TOKEN cookies as Laravel's web middleware reads and writes them:
 * PHP's Cookie-header parsing (first of duplicate names wins, values urldecoded), EncryptCookies
 * (laravel-formats.md §6.3: encrypted, bound to the cookie name by the v2 prefix), and the
 * Set-Cookie attributes StartSession / VerifyCsrfToken give them (§5.6, §6.4).
 */
import {
  decodeCookieValue,
  encodeSetCookieValue,
  type SameSite,
  type SetCookieAttributes,
  serializeSetCookie,
} from "../../src/codecs/encrypter/index.js";
import type { CookieCipher } from "./cookie-cipher.js";

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

/** The raw value of one cookie, as `$_COOKIE[$name]` would hold it before urldecode (first wins). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  // Fast path for plain names (no %-encoding, `+`, `.` or space, which PHP would decode or rename):
  // a scan over the header, no split. Any other name anywhere before the match: PHP's full parse.
  const n = header.length;
  for (let start = 0; start < n; ) {
    let end = header.indexOf(";", start);
    if (end === -1) end = n;
    const eq = header.indexOf("=", start);
    if (eq !== -1 && eq < end) {
      let k = start;
      while (k < eq && isAsciiSpace(header.charCodeAt(k))) k++;
      // trimStart() also drops Unicode spaces: leave those names to the full parse.
      if (k < eq && header.charCodeAt(k) > 0x7e) return parseCookieHeader(header).get(name);
      for (let i = k; i < eq; i++) {
        const c = header.charCodeAt(i);
        if (c === 0x25 || c === 0x2b || c === 0x2e || c === 0x20) return parseCookieHeader(header).get(name);
      }
      if (eq - k === name.length && header.startsWith(name, k)) return header.slice(eq + 1, end);
    }
    start = end + 1;
  }
  return undefined;
}

/** The ASCII characters String.prototype.trimStart() removes: tab, LF, VT, FF, CR, space. */
function isAsciiSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/**
 * The plaintext of an encrypted Laravel cookie (EncryptCookies), or null when it is missing,
 * oversized, tampered, made with a key we do not have, or minted for another cookie name.
 */
export function readEncryptedCookie(
  header: string | undefined,
  name: string,
  cipher: CookieCipher,
): string | null {
  const raw = cookieValue(header, name);
  if (raw === undefined || raw.length === 0 || raw.length > MAX_COOKIE_LENGTH) return null;
  return cipher.decryptHeaderValue(name, raw);
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

/** StartSession::addCookieToResponse's attributes: lifetime minutes, or a browser-session cookie. */
export function sessionCookieAttributes(settings: SessionCookieSettings): SetCookieAttributes {
  return {
    ...(settings.expireOnClose ? {} : { maxAgeSeconds: settings.lifetimeMinutes * 60 }),
    path: settings.path,
    domain: settings.domain,
    secure: settings.secure ?? false,
    httpOnly: settings.httpOnly,
    sameSite: sameSiteOf(settings.sameSite),
    partitioned: settings.partitioned,
  };
}

/** VerifyCsrfToken::newCookie's attributes: NOT HttpOnly, always `lifetime` minutes. */
export function xsrfCookieAttributes(settings: SessionCookieSettings): SetCookieAttributes {
  return { ...sessionCookieAttributes({ ...settings, expireOnClose: false }), httpOnly: false };
}

/**
 * Set-Cookie headers exactly as serializeSetCookie() writes them, with the attribute part (which
 * only changes with `expires`, i.e. once a second) built once per second and cookie name.
 */
export class SetCookieBuilder {
  #second = Number.NaN;
  readonly #parts = new Map<string, { head: string; tail: string }>();

  /** The header for a non-empty `value` (already encrypted: it is URL-encoded here). */
  build(name: string, value: string, attributes: SetCookieAttributes, nowMs: number): string {
    return this.buildEncoded(name, encodeSetCookieValue(value), attributes, nowMs);
  }

  /** build() for a value already URL-encoded (CookieCipher.encryptForHeader). */
  buildEncoded(name: string, encodedValue: string, attributes: SetCookieAttributes, nowMs: number): string {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#parts.clear();
    }
    let parts = this.#parts.get(name);
    if (parts === undefined) {
      // A one-character probe value: everything around it is the same for every value.
      const probe = serializeSetCookie(name, "x", { ...attributes, now: new Date(second * 1000) });
      const eq = probe.indexOf("=");
      parts = { head: probe.slice(0, eq + 1), tail: probe.slice(eq + 2) };
      this.#parts.set(name, parts);
    }
    return parts.head + encodedValue + parts.tail;
  }
}

/** The session cookie's Set-Cookie header (id encrypted by EncryptCookies). */
export function sessionSetCookie(
  name: string,
  sessionId: string,
  settings: SessionCookieSettings,
  cipher: CookieCipher,
  nowMs: number,
  builder: SetCookieBuilder = new SetCookieBuilder(),
): string {
  return builder.build(name, cipher.encrypt(name, sessionId), sessionCookieAttributes(settings), nowMs);
}

/** The XSRF-TOKEN cookie's Set-Cookie header (the session token, encrypted, readable by JS). */
export function xsrfSetCookie(
  token: string,
  settings: SessionCookieSettings,
  cipher: CookieCipher,
  nowMs: number,
  builder: SetCookieBuilder = new SetCookieBuilder(),
): string {
  return builder.build(
    "XSRF-TOKEN",
    cipher.encrypt("XSRF-TOKEN", token),
    xsrfCookieAttributes(settings),
    nowMs,
  );
}
