/**
 * 02 — An Express app inside Laravel's session: the user Laravel logged in, flash messages both
 * ways, and Laravel's CSRF protection (419 without the token). Same cookie, same Redis key.
 *
 * Needs SESSION_DRIVER=redis and the APP_KEY of the Laravel app (the session cookie is encrypted
 * with it); APP_NAME / SESSION_COOKIE give the cookie name, as in config/session.php.
 *
 * Run:   REDIS_PORT=6379 APP_KEY=base64:... SESSION_DRIVER=redis CACHE_STORE=redis \
 *          npx tsx examples/02-express-session.ts          # listens on PORT (default 3000)
 *   then open http://localhost:3000/me in the browser where you are logged in to Laravel
 *   (same host: browsers share cookies across ports).
 * Self-test: EXAMPLE_SELF_TEST=1 [EXAMPLE_COOKIE='laravel_session=...'] runs a scripted browser.
 */
import express, { type NextFunction, type Request, type Response } from "express";
import { sessionOf } from "../adapters/session/index.js"; // "laravel-redis-bridge/session"
import { BridgeError, createBridge } from "../src/index.js"; // "laravel-redis-bridge"
import { Browser, selfTest, serve, untilInterrupted } from "./support/self-test.js";

const bridge = createBridge();

const app = express();
app.use(bridge.session()); // ≈ EncryptCookies + StartSession (+ the XSRF-TOKEN cookie)
app.use(express.json());
app.use(bridge.csrf()); // ≈ VerifyCsrfToken: POST/PUT/DELETE need the token

// Who am I? Auth::id() as Laravel's SessionGuard stored it, and the flashed `status` message.
app.get("/me", (req, res) => {
  const session = sessionOf(req);
  res.json({ userId: session.userId() ?? null, status: session.get("status") ?? null });
});

// A state-changing route: only with the CSRF token. The flash shows on the next request, in Node
// or in Laravel (`session('status')` in a Blade view).
app.post("/preferences", (req, res) => {
  const session = sessionOf(req);
  const currency = (req.body as { currency?: unknown }).currency;
  if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency)) {
    res.status(422).json({ message: "currency must be a 3-letter ISO code" });
    return;
  }
  session.put("preferences.currency", currency);
  session.flash("status", `Display currency set to ${currency}`);
  res.json({ saved: true });
});

// TokenMismatchError → 419 (Laravel's "Page Expired"), SessionUnavailableError → 503.
app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
  if (!(error instanceof BridgeError)) return next(error);
  const status = (error as { status?: number }).status ?? 500;
  res.status(status).json({ message: error.message, code: error.code });
});

const server = await serve(app, selfTest ? 0 : Number(process.env.PORT ?? 3000));
try {
  if (!selfTest) {
    console.log(`Listening on ${server.url} — GET /me, POST /preferences {"currency":"EUR"}`);
    await untilInterrupted();
  } else {
    const browser = new Browser(server.url, process.env.EXAMPLE_COOKIE ?? "");
    const me = await browser.get("/me");
    console.log(`GET /me → ${me.status} ${JSON.stringify(me.body)}`);
    const refused = await browser.post("/preferences", { currency: "EUR" }, { csrf: false });
    console.log(`POST /preferences without the CSRF token → ${refused.status}`);
    const saved = await browser.post("/preferences", { currency: "EUR" });
    console.log(`POST /preferences with X-XSRF-TOKEN → ${saved.status}`);
    const again = await browser.get("/me");
    console.log(`GET /me → ${again.status} ${JSON.stringify(again.body)}`);
  }
} finally {
  await server.close();
  await bridge.close();
}
