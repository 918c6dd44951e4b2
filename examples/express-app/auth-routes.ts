/**
 * Who is logged in, shared with Laravel: `POST /login` (Breeze's throttle: 5 failures per minute per
 * email|ip, counted in the same Redis keys as the Laravel login form), `POST /logout`, `GET /me`.
 * A login here is a login in Laravel too (SessionGuard's `login_web_…` key in the shared session),
 * and a user Laravel logged in is known here.
 */
import { type Request, Router } from "express";
import { z } from "zod";
import { sessionOf } from "../../adapters/session/index.js"; // "laravel-redis-bridge/session"
import type { Bridge } from "../../src/index.js"; // "laravel-redis-bridge"
import type { Ledger } from "./ledger.js";

/** `Auth::id()`: the user id Laravel's `web` guard stored in the session, or null for a guest. */
export function currentUserId(req: Request): number | null {
  const id = sessionOf(req).userId();
  if (typeof id === "number") return id;
  return typeof id === "string" && /^[1-9][0-9]{0,15}$/.test(id) ? Number(id) : null;
}

const Credentials = z.object({ email: z.string().email().max(254), password: z.string().min(1).max(1024) });

export function authRoutes(bridge: Bridge, ledger: Ledger): Router {
  const router = Router();
  const logins = bridge.throttleLogins();

  router.post("/login", async (req, res) => {
    const { email, password } = Credentials.parse(req.body);
    let userId: number | null = null;
    // Counted before the password is checked: parallel guesses cannot exceed the 5 attempts.
    const verdict = await logins.attempt(req, () => {
      userId = ledger.verifyCredentials(email, password);
      return userId !== null;
    });
    if (!verdict.allowed) {
      res.status(429).set("Retry-After", String(verdict.retryAfterSeconds));
      res.json({ message: verdict.message, errors: { email: [verdict.message] } });
      return;
    }
    if (userId === null) {
      res.status(422).json({ message: "These credentials do not match our records." });
      return;
    }
    // Auth::login($user) + session()->regenerate(): a new session id and CSRF token.
    sessionOf(req).login(userId);
    res.json({ userId });
  });

  router.post("/logout", (req, res) => {
    sessionOf(req).logout(); // Auth::logout() + invalidate() + regenerateToken()
    res.json({ loggedOut: true });
  });

  router.get("/me", (req, res) => {
    const userId = currentUserId(req);
    if (userId === null) {
      res.status(401).json({ message: "Unauthenticated." });
      return;
    }
    res.json({ userId, balanceMinor: ledger.balance(userId), currency: "EUR" });
  });

  return router;
}
