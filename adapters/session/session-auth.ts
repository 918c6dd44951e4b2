/**
 * The session keys Laravel's SessionGuard and AuthenticateSession use (laravel-formats.md §5.4), so
 * a user logged in on either side is logged in on both.
 */
import { createHash } from "node:crypto";

/** `sha1(Illuminate\Auth\SessionGuard::class)`, part of every guard's session key. */
export const SESSION_GUARD_HASH = createHash("sha1").update("Illuminate\\Auth\\SessionGuard").digest("hex");

/** SessionGuard::getName(): `login_<guard>_<sha1 of the class>`, e.g. `login_web_59ba36ad…`. */
export function loginSessionKey(guard = "web"): string {
  return `login_${guard}_${SESSION_GUARD_HASH}`;
}

/** SessionGuard::getRecallerName(): the remember-me cookie name `remember_<guard>_<sha1>`. */
export function recallerCookieName(guard = "web"): string {
  return `remember_${guard}_${SESSION_GUARD_HASH}`;
}

/** AuthenticateSession's key for the password hash it checks on every request. */
export function passwordHashSessionKey(guard = "web"): string {
  return `password_hash_${guard}`;
}
