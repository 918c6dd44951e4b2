/**
 * startSession({ rememberMe }) on a real Redis: Laravel's recaller cookie logs the user in as
 * SessionGuard::user() does (login key, migrate(true)), tampered or stale cookies log no one in.
 */
import { timingSafeEqual } from "node:crypto";
import type { Express, NextFunction, Request, Response } from "express";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rememberedOf } from "../../../../adapters/session/remember-me.js";
import { loginSessionKey, recallerCookieName } from "../../../../adapters/session/session-auth.js";
import type { SessionManager } from "../../../../adapters/session/session-manager.js";
import { sessionOf, startSession } from "../../../../adapters/session/start-session.js";
import {
  decodeCookieValue,
  decryptCookie,
  Encrypter,
  encryptCookie,
} from "../../../../src/codecs/encrypter/index.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { CookieJar, type SessionTestApp, startSessionApp } from "./session-app.js";

const PREFIX = "bridge_test_database_bridge_test_cache:";
const COOKIE = "bridge_test_session";
const RECALLER = recallerCookieName("web");
const TOKEN = "r".repeat(60);
const HASH = "$2y$10$abcdefghijklmnopqrstuuC6XBbW2ZQ0ZK7bQp6hJ1d3V5nG0sN2";

interface User {
  id: number;
  rememberToken: string;
  password: string;
}

describe("remember-me cookies on a real Redis", () => {
  let redis: PrivateRedisServer;
  let db0: Redis;
  let t: SessionTestApp;
  let authSession: SessionTestApp;
  const lookups: Array<[string, string]> = [];
  const users = new Map<string, User>([["42", { id: 42, rememberToken: TOKEN, password: HASH }]]);

  const retrieveByToken = (id: string, token: string): User | null => {
    lookups.push([id, token]);
    if (id === "500") throw new Error("user database down");
    const user = users.get(id);
    if (user === undefined || token.length !== user.rememberToken.length) return null;
    return timingSafeEqual(Buffer.from(token), Buffer.from(user.rememberToken)) ? user : null;
  };

  const routes =
    (passwordHash: boolean) =>
    (app: Express, manager: SessionManager): void => {
      app.use(
        startSession(manager, {
          rememberMe: passwordHash
            ? { retrieveByToken, passwordHash: (user: User) => user.password }
            : { retrieveByToken },
        }),
      );
      app.get("/me", (req, res) => {
        const s = sessionOf(req);
        const remembered = rememberedOf<User>(req);
        res.json({
          userId: s.userId() ?? null,
          passwordHash: s.get("password_hash_web") ?? null,
          viaRemember: remembered?.viaRemember ?? null,
          recaller: remembered?.recaller ?? null,
          token: s.token(),
        });
      });
      app.get("/logout", (req, res) => {
        sessionOf(req).logout();
        res.json({ ok: true });
      });
      app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
        res.status(500).json({ error: error.message });
      });
    };

  beforeAll(async () => {
    redis = await startRedisServer();
    db0 = redis.client(0);
    t = await startSessionApp(redis.port, routes(false));
    authSession = await startSessionApp(redis.port, routes(true));
  });

  afterAll(async () => {
    await t.close();
    await authSession.close();
    await redis.stop();
  });

  beforeEach(async () => {
    await redis.flush();
    lookups.length = 0;
  });

  const idOf = (jar: CookieJar): string =>
    decryptCookie(COOKIE, decodeCookieValue(jar.cookies.get(COOKIE) ?? ""), t.encrypter) as string;
  const remember = (jar: CookieJar, value: string, encrypter = t.encrypter): void => {
    jar.cookies.set(RECALLER, encodeURIComponent(encryptCookie(RECALLER, value, encrypter)));
  };
  const me = async (jar: CookieJar, app = t): Promise<Record<string, unknown>> =>
    (await jar.fetch(`${app.url}/me`)).json() as Promise<Record<string, unknown>>;

  it("logs the user in from a valid cookie: login key set, new session id, old key deleted, token kept", async () => {
    const jar = new CookieJar();
    const anonymous = await me(jar);
    const before = idOf(jar);
    remember(jar, `42|${TOKEN}|${HASH}`);
    expect(await me(jar)).toEqual({
      userId: 42,
      passwordHash: null,
      viaRemember: true,
      recaller: { id: "42", token: TOKEN, hash: HASH },
      token: anonymous.token,
    });
    expect(idOf(jar)).not.toBe(before);
    expect(await db0.exists(`${PREFIX}${before}`)).toBe(0);
    expect(await db0.get(`${PREFIX}${idOf(jar)}`)).toContain(
      `s:${loginSessionKey().length}:"${loginSessionKey()}";i:42;`,
    );
    // The next request finds the user in the session: no second lookup.
    expect(await me(jar)).toMatchObject({ userId: 42, viaRemember: false });
    expect(lookups).toEqual([["42", TOKEN]]);
  });

  it("clears the remember-me cookie on logout, so the next request does not log the user back in", async () => {
    const jar = new CookieJar();
    remember(jar, `42|${TOKEN}|${HASH}`);
    expect(await me(jar)).toMatchObject({ userId: 42, viaRemember: true });
    const logout = await jar.fetch(`${t.url}/logout`);
    const cleared = logout.headers.getSetCookie().find((c) => c.startsWith(`${RECALLER}=`));
    expect(cleared).toBe(
      `${RECALLER}=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0; path=/; httponly; samesite=lax`,
    );
    expect(await me(jar)).toMatchObject({ userId: null, viaRemember: false, recaller: null });
    expect(lookups).toEqual([["42", TOKEN]]);
  });

  it("ignores tampered, foreign-key, malformed and unknown-token cookies", async () => {
    const good = encryptCookie(RECALLER, `42|${TOKEN}|${HASH}`, t.encrypter);
    const flipped = `${good.slice(0, 40)}${good[40] === "A" ? "B" : "A"}${good.slice(41)}`;
    const other = Encrypter.fromAppKey(`base64:${Buffer.alloc(32, 9).toString("base64")}`, "AES-256-CBC");
    const cases: Array<(jar: CookieJar) => void> = [
      (jar) => jar.cookies.set(RECALLER, encodeURIComponent(flipped)),
      (jar) => remember(jar, `42|${TOKEN}|${HASH}`, other),
      (jar) =>
        jar.cookies.set(
          RECALLER,
          encodeURIComponent(encryptCookie(COOKIE, `42|${TOKEN}|${HASH}`, t.encrypter)),
        ),
      (jar) => remember(jar, `42|${TOKEN}`),
      (jar) => remember(jar, `42|${"x".repeat(60)}|${HASH}`),
      (jar) => remember(jar, `7|${TOKEN}|${HASH}`),
    ];
    for (const plant of cases) {
      const jar = new CookieJar();
      plant(jar);
      expect(await me(jar)).toMatchObject({ userId: null, viaRemember: false });
    }
    // Only the two well-formed, authentic cookies reached the user provider.
    expect(lookups).toEqual([
      ["42", "x".repeat(60)],
      ["7", TOKEN],
    ]);
  });

  it("with AuthenticateSession, refuses a cookie made before a password change and stores the hash", async () => {
    const stale = new CookieJar();
    remember(stale, `42|${TOKEN}|$2y$10$an-older-password-hash`);
    expect(await me(stale, authSession)).toMatchObject({ userId: null, viaRemember: false });
    const fresh = new CookieJar();
    remember(fresh, `42|${TOKEN}|${HASH}`);
    expect(await me(fresh, authSession)).toMatchObject({ userId: 42, passwordHash: HASH, viaRemember: true });
  });

  it("hands a failing user lookup to Express' error handler, with no session cookie", async () => {
    const jar = new CookieJar();
    remember(jar, `500|${TOKEN}|${HASH}`);
    const response = await jar.fetch(`${t.url}/me`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "user database down" });
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});
