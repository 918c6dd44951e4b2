/**
 * 03 — Rate limiting that Laravel counts too: `throttleLogins()` (Breeze/Fortify's 5 failures per
 * minute per email|ip, the same Redis key LoginRequest::throttleKey() builds) and `throttle()`
 * middleware (Laravel's `throttle:3,1` and a named `RateLimiter::for('api')` limiter, same
 * counters and X-RateLimit-* / Retry-After headers).
 *
 * Run:   REDIS_PORT=6379 CACHE_STORE=redis npx tsx examples/03-login-throttle.ts   # PORT, default 3000
 *        curl -X POST localhost:3000/login -H 'content-type: application/json' -d '{"email":"ada@example.com","password":"x"}'
 * Self-test: EXAMPLE_SELF_TEST=1 scripts six wrong passwords and four API calls.
 */
import { timingSafeEqual } from "node:crypto";
import express, { type Request } from "express";
import { Limit } from "../adapters/rate-limit/index.js"; // "laravel-redis-bridge/rate-limit"
import { createBridge } from "../src/index.js"; // "laravel-redis-bridge"
import { Browser, selfTest, serve, untilInterrupted } from "./support/self-test.js";

const bridge = createBridge();
const app = express();
app.use(express.json());

// A stand-in for Auth::attempt(): a real service checks Laravel's users table (bcrypt).
const passwords = new Map([["ada@example.com", "correct horse battery staple"]]);
const checkPassword = (email: string, password: string): boolean => {
  const expected = Buffer.from(passwords.get(email.toLowerCase()) ?? "\0");
  const given = Buffer.from(password);
  return expected.length === given.length && timingSafeEqual(expected, given);
};

// Breeze's defaults: 5 failed attempts per email|ip, locked for 60 s. A lockout set by the Laravel
// login form also locks this route, and the other way round.
const logins = bridge.throttleLogins();
app.post("/login", async (req, res, next) => {
  try {
    const { email = "", password = "" } = req.body as { email?: string; password?: string };
    // attempt(): the attempt is counted before the password is checked, so parallel guesses
    // cannot get more than 5 tries; a correct password clears the counter (RateLimiter::clear).
    const verdict = await logins.attempt(req, () => checkPassword(email, password));
    if (!verdict.allowed) {
      res
        .status(429)
        .set("Retry-After", String(verdict.retryAfterSeconds))
        .json({ message: verdict.message });
    } else if (!verdict.ok) {
      res.status(422).json({ message: "These credentials do not match our records." });
    } else {
      res.json({ message: "Logged in" });
    }
  } catch (error) {
    next(error); // RateLimiterUnavailableError when Redis is down and the policy is fail-closed
  }
});

// throttle:3,1 — 3 requests per minute per user (or per ip for guests), keyed like Laravel's.
app.get("/api/rates", bridge.throttle({ maxAttempts: 3, decayMinutes: 1 }), (_req, res) => {
  res.json({ "EUR-USD": "1.0842" });
});

// RateLimiter::for('exports', fn ($request) => Limit::perMinute(2)->by($request->ip())).
bridge.limiter.for("exports", (req: Request) => Limit.perMinute(2).by(req.ip ?? ""));
app.get("/api/exports", bridge.throttle("exports"), (_req, res) => {
  res.json({ queued: true });
});

const server = await serve(app, selfTest ? 0 : Number(process.env.PORT ?? 3000));
try {
  if (!selfTest) {
    console.log(`Listening on ${server.url} — POST /login, GET /api/rates, GET /api/exports`);
    await untilInterrupted();
  } else {
    const browser = new Browser(server.url);
    for (let attempt = 1; attempt <= 6; attempt++) {
      const r = await browser.post("/login", { email: "Ada@Example.com", password: `guess-${attempt}` });
      const body = r.body as { message: string };
      console.log(`login attempt ${attempt} (wrong password) → ${r.status} ${body.message}`);
    }
    for (let call = 1; call <= 4; call++) {
      const r = await browser.get("/api/rates");
      const remaining = r.headers.get("x-ratelimit-remaining");
      const retry = r.headers.get("retry-after");
      console.log(
        `GET /api/rates #${call} → ${r.status} remaining=${remaining}${retry ? ` retry-after=${retry}` : ""}`,
      );
    }
    const exports = [];
    for (let call = 1; call <= 3; call++) exports.push((await browser.get("/api/exports")).status);
    console.log(`GET /api/exports x3 → ${exports.join(", ")}`);
  }
} finally {
  await server.close();
  await bridge.close();
}
