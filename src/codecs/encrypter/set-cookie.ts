/**
 * The Set-Cookie header as Laravel sends it (Symfony `Cookie::__toString()`, laravel-formats.md §6.3)
 * and the value decoding PHP applies to an incoming Cookie header:
 * - the value is `rawurlencode`d (only `A-Z a-z 0-9 - _ . ~` stay), so an encrypted cookie shows its
 *   `=` padding as `%3D`; PHP decodes with `urldecode`, where a bare `+` means a space, which is why
 *   `+` and `/` must be percent-encoded too;
 * - the name only has `= , ; space \t \r \n \v \f` percent-encoded;
 * - attributes follow in Symfony's order: expires, Max-Age, path, domain, secure, httponly, samesite,
 *   partitioned (Symfony 6.4+ / Laravel 11+).
 */
import { InvalidCookieError } from "../../errors/invalid-cookie-error.js";

export type SameSite = "lax" | "strict" | "none";

export interface SetCookieAttributes {
  /** Seconds from `now` until it expires (Laravel's `cookie()` takes minutes: × 60). Omit both this and `expires` for a browser-session cookie. */
  maxAgeSeconds?: number;
  /** An absolute expiry instead of `maxAgeSeconds`. */
  expires?: Date;
  /** The clock for `expires` and `Max-Age`. @default new Date() */
  now?: Date;
  /** `session.path` — SESSION_PATH. @default "/" */
  path?: string | null;
  /** `session.domain` — SESSION_DOMAIN. @default null */
  domain?: string | null;
  /** `session.secure` — SESSION_SECURE_COOKIE. @default false */
  secure?: boolean;
  /** `session.http_only` — SESSION_HTTP_ONLY (false for XSRF-TOKEN). @default true */
  httpOnly?: boolean;
  /** `session.same_site` — SESSION_SAME_SITE; null leaves the attribute out. @default "lax" */
  sameSite?: SameSite | null;
  /** `session.partitioned` — SESSION_PARTITIONED_COOKIE (Laravel 11+). @default false */
  partitioned?: boolean;
  /** Symfony's `$raw`: write name and value without encoding (they must then need none). @default false */
  raw?: boolean;
}

const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
const BASE64_TEXT = /^[A-Za-z0-9+/=]*$/;
const NAME_RESERVED = /[=,; \t\r\n\v\f]/g;
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
// Symfony writes a deleted cookie with an expiry one year and one second in the past.
const DELETED_AGO_SECONDS = 31_536_001;

/** PHP `rawurlencode()` of the UTF-8 bytes: what Symfony writes as a cookie value. */
export function encodeSetCookieValue(value: string): string {
  if (UNRESERVED.test(value)) return value;
  // The common case, an encrypted payload: base64 text whose only specials are + / =.
  if (BASE64_TEXT.test(value))
    return value.replace(/[+/=]/g, (c) => (c === "+" ? "%2B" : c === "/" ? "%2F" : "%3D"));
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const c = String.fromCharCode(byte);
    out += UNRESERVED.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * PHP `urldecode()`, as PHP applies it to each incoming cookie value before Laravel sees it: `%XX`
 * becomes that byte, `+` a space, a `%` without two hex digits stays. The bytes are read as UTF-8.
 */
export function decodeCookieValue(raw: string): string {
  if (!raw.includes("%") && !raw.includes("+")) return raw;
  const bytes = Buffer.from(raw, "utf8");
  const out = Buffer.allocUnsafe(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte === 0x2b) out[length++] = 0x20;
    else if (byte === 0x25 && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
      out[length++] = Number.parseInt(
        String.fromCharCode(bytes[i + 1] as number, bytes[i + 2] as number),
        16,
      );
      i += 2;
    } else out[length++] = byte;
  }
  return out.subarray(0, length).toString("utf8");
}

function isHex(byte: number | undefined): boolean {
  return (
    byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66))
  );
}

/** `gmdate('D, d-M-Y H:i:s T', $seconds)`, e.g. `Sat, 21-Nov-2026 12:00:00 GMT`. */
export function formatCookieDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`
  );
}

/**
 * The full Set-Cookie header value Laravel would send for this cookie (Symfony `Cookie::__toString()`).
 * An empty value is written as Symfony deletes a cookie (`deleted`, expired, `Max-Age=0`).
 * @throws InvalidCookieError for an empty name, a `;` or control character in `path`/`domain`, an
 * unknown `sameSite`, or a raw name/value that would need encoding.
 */
export function serializeSetCookie(
  name: string,
  value: string,
  attributes: SetCookieAttributes = {},
): string {
  const raw = attributes.raw ?? false;
  if (name === "") throw new InvalidCookieError("name", "The cookie name cannot be empty.");
  if (raw && [...name].some((c) => isControl(c) || "=,; ".includes(c))) {
    throw new InvalidCookieError(
      "name",
      "A raw cookie name must not contain = , ; whitespace or control characters.",
    );
  }
  if (raw && ![...value].every(isCookieOctet)) {
    throw new InvalidCookieError(
      "value",
      'A raw cookie value must be printable ASCII without space, ", comma, ; or \\.',
    );
  }
  const nowSeconds = Math.floor((attributes.now ?? new Date()).getTime() / 1000);
  let header = `${raw ? name : name.replace(NAME_RESERVED, encodeReserved)}=`;
  if (value === "") {
    header += `deleted; expires=${formatCookieDate(nowSeconds - DELETED_AGO_SECONDS)}; Max-Age=0`;
  } else {
    header += raw ? value : encodeSetCookieValue(value);
    const expire = expiry(attributes, nowSeconds);
    if (expire !== 0)
      header += `; expires=${formatCookieDate(expire)}; Max-Age=${Math.max(0, expire - nowSeconds)}`;
  }
  const path = attributes.path === undefined ? "/" : attributes.path;
  if (path) header += `; path=${checked("path", path)}`;
  if (attributes.domain) header += `; domain=${checked("domain", attributes.domain)}`;
  if (attributes.secure === true) header += "; secure";
  if (attributes.httpOnly ?? true) header += "; httponly";
  const sameSite = attributes.sameSite === undefined ? "lax" : attributes.sameSite;
  if (sameSite !== null) header += `; samesite=${checkedSameSite(sameSite)}`;
  if (attributes.partitioned === true) header += "; partitioned";
  return header;
}

function isControl(c: string): boolean {
  const code = c.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

/** RFC 6265 cookie-octet: printable ASCII except space, `"`, `,`, `;` and `\`. */
function isCookieOctet(c: string): boolean {
  const code = c.charCodeAt(0);
  return code > 0x20 && code < 0x7f && !'",;\\'.includes(c);
}

function encodeReserved(c: string): string {
  return `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;
}

/** Symfony's expire time in UNIX seconds; 0 = a browser-session cookie. */
function expiry(attributes: SetCookieAttributes, nowSeconds: number): number {
  if (attributes.expires !== undefined) return Math.floor(attributes.expires.getTime() / 1000);
  if (attributes.maxAgeSeconds !== undefined) return nowSeconds + Math.floor(attributes.maxAgeSeconds);
  return 0;
}

function checked(attribute: "path" | "domain", value: string): string {
  // Symfony would write these verbatim; a ; or line break would smuggle in attributes or headers.
  if ([...value].some((c) => isControl(c) || c === ";")) {
    throw new InvalidCookieError(
      attribute,
      `The cookie ${attribute} must not contain ";" or control characters.`,
    );
  }
  return value;
}

function checkedSameSite(sameSite: string): SameSite {
  const lower = sameSite.toLowerCase();
  if (lower === "lax" || lower === "strict" || lower === "none") return lower;
  throw new InvalidCookieError(
    "sameSite",
    'The "sameSite" parameter value is not valid: use lax, strict, none or null.',
  );
}
