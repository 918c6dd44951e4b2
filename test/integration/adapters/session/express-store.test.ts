import expressSession from "express-session";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LaravelSessionStore, laravelSessionId } from "../../../../adapters/session/express-store.js";
import type { SessionManager } from "../../../../adapters/session/session-manager.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { CookieJar, type SessionTestApp, startSessionApp } from "./session-app.js";

const PREFIX = "bridge_test_database_bridge_test_cache:";

const call = <T>(fn: (cb: (error: unknown, value?: T) => void) => void): Promise<T | undefined> =>
  new Promise((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value))));

describe("LaravelSessionStore under express-session", () => {
  let redis: PrivateRedisServer;
  let db0: Redis;
  let t: SessionTestApp;
  let store: LaravelSessionStore;

  beforeAll(async () => {
    redis = await startRedisServer();
    db0 = redis.client(0);
    t = await startSessionApp(redis.port, (app, manager: SessionManager) => {
      store = new LaravelSessionStore(manager);
      app.use(
        expressSession({
          store,
          secret: "test-secret-for-signing-only",
          resave: false,
          saveUninitialized: false,
          genid: laravelSessionId,
        }),
      );
      app.get("/views", (req, res) => {
        const s = req.session as unknown as { views?: number };
        s.views = (s.views ?? 0) + 1;
        res.json({ views: s.views, id: req.sessionID });
      });
    });
  });

  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  beforeEach(() => redis.flush());

  it("stores express-session data in Laravel's key and double-serialized format, with a 40-character id", async () => {
    const jar = new CookieJar();
    const first = (await (await jar.fetch(`${t.url}/views`)).json()) as { views: number; id: string };
    expect(first.id).toMatch(/^[A-Za-z0-9]{40}$/);
    const stored = await db0.get(`${PREFIX}${first.id}`);
    expect(stored).toMatch(
      /^s:\d+:"a:2:\{s:6:"cookie";a:\d+:\{s:14:"originalMaxAge";N;.*s:5:"views";i:1;\}";$/,
    );
    expect(await db0.ttl(`${PREFIX}${first.id}`)).toBeGreaterThan(7190);
    const second = (await (await jar.fetch(`${t.url}/views`)).json()) as { views: number };
    expect(second.views).toBe(2);
  });

  it("reads a session Laravel wrote (no cookie section) and lists, counts and clears only sessions", async () => {
    const session = t.manager.build();
    await session.start();
    session.login(99);
    await session.save();
    await db0.set(`${PREFIX}${"x".repeat(40)}`, "i:5;");
    const data = (await call((cb) => store.get(session.id, cb))) as unknown as Record<string, unknown>;
    expect(data.login_web_59ba36addc2b2f9401580f014c7f58ea4e30989d).toBe(99);
    expect(data.cookie).toMatchObject({ httpOnly: true, path: "/" });
    expect(await call<string[]>((cb) => store.ids(cb))).toEqual([session.id]);
    expect(await call<number>((cb) => store.length(cb))).toBe(1);
    await call((cb) => store.clear(cb));
    expect(await db0.exists(`${PREFIX}${session.id}`)).toBe(0);
    expect(await db0.get(`${PREFIX}${"x".repeat(40)}`)).toBe("i:5;");
  });

  it("refuses ids Laravel could not use and touches without rewriting", async () => {
    const cookie = { originalMaxAge: 60_000, maxAge: 60_000 } as unknown as expressSession.Cookie;
    await expect(call((cb) => store.set("short-id", { cookie }, cb))).rejects.toThrow(
      /genid: laravelSessionId/,
    );
    const id = laravelSessionId();
    await call((cb) => store.set(id, { cookie }, cb));
    expect(await db0.ttl(`${PREFIX}${id}`)).toBeLessThanOrEqual(60);
    await new Promise<void>((resolve) =>
      store.touch(id, { cookie: { ...cookie, maxAge: 3_600_000 } as expressSession.Cookie }, resolve),
    );
    expect(await db0.ttl(`${PREFIX}${id}`)).toBeGreaterThan(3590);
    await call((cb) => store.destroy(id, cb));
    expect(await call((cb) => store.get(id, cb))).toBeNull();
  });
});
