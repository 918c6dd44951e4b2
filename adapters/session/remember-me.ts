/**
 * Laravel's "remember me" login (SessionGuard::user() → recaller() → userFromRecaller() →
 * updateSession()), for startSession({ rememberMe }): when the session has no user for the guard and
 * the request carries a valid recaller cookie — `remember_<guard>_<sha1(SessionGuard)>`, encrypted
 * like every cookie (name-bound prefix, not serialized), value `id|remember_token|password_hash` —
 * the app's `retrieveByToken(id, token)` looks the user up (it must compare the token with the
 * stored one; Laravel's EloquentUserProvider uses hash_equals), and a user found is logged in the
 * way 8.83 does it: `login_<guard>_<sha1>` = the user's id, then migrate(true) (new session id, old
 * key deleted at save, CSRF token kept). With `passwordHash` (the app runs AuthenticateSession), a
 * cookie whose hash segment is not the user's current password hash logs no one in, and
 * `password_hash_<guard>` is stored as that middleware stores it.
 */
import type { IncomingMessage } from "node:http";
import { unserialize } from "../../src/codecs/php/index.js";
import { PhpArray, PhpFloat, type PhpValue } from "../../src/codecs/php/values.js";
import type { CookieCipher } from "./cookie-cipher.js";
import type { Session } from "./session.js";
import { loginSessionKey, passwordHashSessionKey, recallerCookieName } from "./session-auth.js";
import { cookieValue, readEncryptedCookie, type SessionCookieSettings } from "./session-cookie.js";

/** Illuminate\Auth\Recaller: the three segments of a valid recaller cookie. */
export interface Recaller {
  /** The user id, as the cookie carries it (a string). */
  id: string;
  /** The user's remember_token (60 characters when Laravel made it). */
  token: string;
  /** The user's password hash at the time the cookie was made (may be empty). */
  hash: string;
}

/** Callbacks are methods, so a `RememberMeOptions<MyUser>` fits where `RememberMeOptions` is asked. */
export interface RememberMeOptions<User = unknown> {
  /** The guard whose session key and cookie are used. @default "web" */
  guard?: string;
  /**
   * UserProvider::retrieveByToken: the user whose id and remember_token these are, or null. Compare
   * the token in constant time (crypto.timingSafeEqual), as Laravel's providers do.
   */
  retrieveByToken(id: string, token: string): Promise<User | null | undefined> | User | null | undefined;
  /** getAuthIdentifier(): what is stored in the session. @default user.id, else the cookie's id */
  identifier?(user: User): string | number | bigint;
  /**
   * getAuthPassword(), for apps that run AuthenticateSession: the cookie's hash must equal it, and it
   * is stored as `password_hash_<guard>`. @default undefined (no check, nothing stored, as without
   * AuthenticateSession)
   */
  passwordHash?(user: User): string;
}

/** What remember-me found on one request (rememberedOf(req)). */
export interface RememberState<User = unknown> {
  /** The parsed recaller cookie (null: none, not decryptable, or not valid). */
  recaller: Recaller | null;
  /** The user it logged in, or null. */
  user: User | null;
  /** SessionGuard::viaRemember(): this request logged the user in from the cookie. */
  viaRemember: boolean;
}

const states = new WeakMap<object, RememberState>();

/** The remember-me result of a request that went through startSession({ rememberMe }). */
export function rememberedOf<User = unknown>(req: IncomingMessage): RememberState<User> | undefined {
  return states.get(req) as RememberState<User> | undefined;
}

/**
 * `new Recaller($value)` + `valid()`: a value PHP-serialized as a string (older cookies) is
 * unwrapped first (recallerText); valid means exactly three `|`-separated segments, id and token not blank.
 */
export function parseRecaller(value: string): Recaller | null {
  const text = recallerText(value);
  if (text === undefined) return null;
  const segments = text.split("|");
  if (segments.length !== 3) return null;
  const [id, token, hash] = segments as [string, string, string];
  if (phpTrim(id) === "" || phpTrim(token) === "") return null;
  return { id, token, hash };
}

/** The recaller cookie of a Cookie header for `guard`, decrypted and parsed (null if none valid). */
export function readRecaller(
  cookieHeader: string | undefined,
  cookies: CookieCipher,
  guard = "web",
): Recaller | null {
  const value = readEncryptedCookie(cookieHeader, recallerCookieName(guard), cookies);
  return value === null ? null : parseRecaller(value);
}

/**
 * SessionGuard::user()'s recaller branch, run once per request right after the session started.
 * A rejection of retrieveByToken goes to the caller (Express' error handler), as PHP's would.
 */
export async function recallUser<User>(
  req: IncomingMessage,
  session: Session,
  cookies: CookieCipher,
  options: RememberMeOptions<User>,
): Promise<void> {
  const guard = options.guard ?? "web";
  const state: RememberState<User> = { recaller: null, user: null, viaRemember: false };
  states.set(req, state);
  if (session.userId(guard) !== undefined) return;
  const recaller = readRecaller(req.headers.cookie, cookies, guard);
  state.recaller = recaller;
  if (recaller === null) return;
  const user = (await options.retrieveByToken(recaller.id, recaller.token)) ?? null;
  if (user === null) return;
  const hash = options.passwordHash?.(user);
  // AuthenticateSession: a cookie made before a password change logs no one in.
  if (hash !== undefined && hash !== recaller.hash) return;
  state.user = user;
  state.viaRemember = true;
  const id = options.identifier?.(user) ?? (user as { id?: string | number | bigint }).id ?? recaller.id;
  // updateSession(): put the id, then migrate(true) — a new session id, the old key deleted at save.
  session.put(loginSessionKey(guard), id);
  if (hash !== undefined) session.put(passwordHashSessionKey(guard), hash);
  session.migrate(true);
}

/**
 * The recaller cookie a response must clear: the request carried one, and the session ends the
 * request with no user for the guard (a logout here, or a cookie that logged no one in) — as
 * SessionGuard::logout() does with `Cookie::forget()`. Without this, the next request would log the
 * user back in from the old cookie. Returns the Set-Cookie header, or undefined.
 */
export function staleRecallerCookie(
  cookieHeader: string | undefined,
  session: Session,
  settings: SessionCookieSettings,
  guard = "web",
): string | undefined {
  const name = recallerCookieName(guard);
  if (cookieValue(cookieHeader, name) === undefined || session.userId(guard) !== undefined) return undefined;
  // Symfony's Cookie for a forgotten cookie (CookieJar defaults: session path/domain, HttpOnly).
  let header = `${name}=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0; path=${settings.path}`;
  if (settings.domain) header += `; domain=${settings.domain}`;
  if (settings.secure) header += "; secure";
  header += "; httponly";
  if (settings.sameSite) header += `; samesite=${settings.sameSite.toLowerCase()}`;
  return header;
}

/**
 * `@unserialize($value, ['allowed_classes' => false]) ?: $value`: what Recaller keeps — the value
 * itself when it does not unserialize or unserializes to something falsy, else the result (only a
 * string result can be valid; undefined stands for any other, which is never valid).
 */
function recallerText(value: string): string | undefined {
  let decoded: PhpValue;
  try {
    decoded = unserialize(value, { allowedClasses: false });
  } catch {
    return value;
  }
  if (isFalsy(decoded)) return value;
  if (typeof decoded === "string") return decoded;
  if (decoded instanceof Uint8Array) return Buffer.from(decoded).toString("utf8");
  return undefined;
}

function isFalsy(v: PhpValue): boolean {
  if (v === null || v === false || v === 0n || v === "" || v === "0") return true;
  if (v instanceof PhpFloat) return v.value === 0;
  if (v instanceof PhpArray) return v.entries.length === 0;
  return v instanceof Uint8Array && (v.length === 0 || (v.length === 1 && v[0] === 0x30));
}

/** PHP's trim() characters: space, \t, \n, \r, \0, \x0B. */
const TRIMMED = new Set([0x20, 0x09, 0x0a, 0x0d, 0x00, 0x0b]);

function phpTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && TRIMMED.has(s.charCodeAt(start))) start++;
  while (end > start && TRIMMED.has(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}
