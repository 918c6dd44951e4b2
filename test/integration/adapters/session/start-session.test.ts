import express from "express";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type SessionRequest, sessionOf, startSession } from "../../../../adapters/session/start-session.js";
import { verifyCsrfToken } from "../../../../adapters/session/verify-csrf-token.js";
import {
  decodeCookieValue,
  decryptCookie,
  Encrypter,
  encryptCookie,
} from "../../../../src/codecs/encrypter/index.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import {
  CookieJar,
  commandCalls,
  memoryLogger,
  type SessionTestApp,
  startSessionApp,
} from "./session-app.js";

const PREFIX = "bridge_test_database_bridge_test_cache:";
const COOKIE = "bridge_test_session";

describe("startSession() on a real Redis", () => {
  let redis: PrivateRedisServer;
  let db0: Redis;
  let t: SessionTestApp;
  const logger = memoryLogger();
  let release: (() => void) | undefined;
  let afterFinish: unknown;

  beforeAll(async () => {
    redis = await startRedisServer();
    db0 = redis.client(0);
    t = await startSessionApp(
      redis.port,
      (app, manager) => {
        app.use(startSession(manager, { timeoutMs: 3000 }));
        app.use(express.urlencoded({ extended: false }));
        app.use(verifyCsrfToken(manager.encrypter, { except: ["hooks/*"] }));
        app.get("/count", (req, res) => {
          const s = sessionOf(req);
          res.json({ count: s.increment("count"), user: s.userId() ?? null });
        });
        app.get("/flash", (req, res) => {
          sessionOf(req).flash("status", "Saved!");
          res.redirect("/count");
        });
        app.get("/read-flash", (req, res) => res.json({ status: sessionOf(req).get("status") ?? null }));
        app.post("/login", (req, res) => {
          sessionOf(req).login(42);
          res.json({ ok: true });
        });
        app.post("/logout", (req, res) => {
          sessionOf(req).logout();
          res.json({ ok: true });
        });
        app.post("/hooks/stripe", (_req, res) => res.json({ ok: true }));
        app.get("/slow", (req, res) => {
          sessionOf(req).put("slow", true);
          new Promise<void>((resolve) => {
            release = resolve;
          }).then(() => res.json({ ok: true }));
        });
        app.get("/stream", (req, res) => {
          sessionOf(req).put("streamed", true);
          res.write("first ");
          setImmediate(() => res.end("second"));
        });
        app.get("/explicit-head", (req, res) => {
          sessionOf(req).put("explicit", true);
          res.writeHead(201, { "content-type": "text/plain" });
          res.end("created");
        });
        app.get("/throws", (req) => {
          sessionOf(req).put("before_error", true);
          throw new Error("route failed");
        });
        const admin = express();
        admin.get("/count", (req, res) => {
          const session = (req as SessionRequest).session;
          res.json({ count: session.increment("count"), same: session === sessionOf(req) });
        });
        app.use("/admin", admin);
        app.get("/reassigned", (req, res) => {
          const original = sessionOf(req);
          (req as unknown as { session: unknown }).session = { other: "middleware" };
          res.json({
            session: (req as unknown as { session: unknown }).session,
            count: original.increment("count"),
          });
        });
        app.get("/finish-reader", (req, res) => {
          res.on("finish", () => {
            afterFinish = (req as SessionRequest).session.get("count") ?? null;
          });
          res.json({ count: sessionOf(req).increment("count") });
        });
        app.get("/kill-then-answer", async (req, res) => {
          sessionOf(req).put("lost", true);
          await redis.kill();
          res.json({ ok: true });
        });
      },
      { logger },
    );
  });

  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  beforeEach(async () => {
    if (!redis.pid) await redis.restart();
    await redis.flush();
  });

  const idOf = (jar: CookieJar): string =>
    decryptCookie(COOKIE, decodeCookieValue(jar.cookies.get(COOKIE) ?? ""), t.encrypter) as string;

  it("starts a session in DB 0 under the cache prefix with lifetime × 60 TTL and Laravel's cookies", async () => {
    const jar = new CookieJar();
    const response = await jar.fetch(`${t.url}/count`);
    expect(await response.json()).toEqual({ count: 1, user: null });
    const setCookies = response.headers.getSetCookie();
    expect(setCookies[0]).toMatch(
      /^XSRF-TOKEN=eyJ[^;]+%3D; expires=[^;]+ GMT; Max-Age=7200; path=\/; samesite=lax$/,
    );
    expect(setCookies[1]).toMatch(
      new RegExp(`^${COOKIE}=eyJ[^;]+%3D; expires=[^;]+ GMT; Max-Age=7200; path=/; httponly; samesite=lax$`),
    );
    const id = idOf(jar);
    expect(id).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(await db0.ttl(`${PREFIX}${id}`)).toBeGreaterThan(7190);
    expect(await db0.get(`${PREFIX}${id}`)).toMatch(
      /^s:\d+:"a:4:\{s:6:"_token";s:40:"[A-Za-z0-9]{40}";s:5:"count";i:1;/,
    );
  });

  it("keeps the session across requests and slides its expiry on every save", async () => {
    const jar = new CookieJar();
    await jar.fetch(`${t.url}/count`);
    const id = idOf(jar);
    await db0.expire(`${PREFIX}${id}`, 100);
    const second = await jar.fetch(`${t.url}/count`);
    expect(await second.json()).toEqual({ count: 2, user: null });
    expect(idOf(jar)).toBe(id);
    expect(await db0.ttl(`${PREFIX}${id}`)).toBeGreaterThan(7190);
  });

  it("shows flashed data on the next request only", async () => {
    const jar = new CookieJar();
    await jar.fetch(`${t.url}/flash`);
    expect(await (await jar.fetch(`${t.url}/read-flash`)).json()).toEqual({ status: "Saved!" });
    expect(await (await jar.fetch(`${t.url}/read-flash`)).json()).toEqual({ status: null });
  });

  it("streams a response only after the session is saved and its cookies are set", async () => {
    const jar = new CookieJar();
    const response = await jar.fetch(`${t.url}/stream`);
    expect(await response.text()).toBe("first second");
    expect(await db0.get(`${PREFIX}${idOf(jar)}`)).toContain('s:8:"streamed";b:1;');
  });

  it("saves before an explicit writeHead, and still saves when the route throws (like Laravel's pipeline)", async () => {
    const jar = new CookieJar();
    const created = await jar.fetch(`${t.url}/explicit-head`);
    expect(created.status).toBe(201);
    expect(await created.text()).toBe("created");
    expect(created.headers.getSetCookie()).toHaveLength(2);
    expect(await db0.get(`${PREFIX}${idOf(jar)}`)).toContain('s:8:"explicit";b:1;');
    const failed = await jar.fetch(`${t.url}/throws`);
    expect(failed.status).toBe(500);
    expect(await db0.get(`${PREFIX}${idOf(jar)}`)).toContain('s:12:"before_error";b:1;');
    const head = await jar.fetch(`${t.url}/count`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.getSetCookie()).toHaveLength(2);
  });

  it("gives routes of a mounted sub-app req.session and saves their changes before the response", async () => {
    const jar = new CookieJar();
    await jar.fetch(`${t.url}/count`);
    const id = idOf(jar);
    const response = await jar.fetch(`${t.url}/admin/count`);
    expect(await response.json()).toEqual({ count: 2, same: true });
    expect(response.headers.getSetCookie()).toHaveLength(2);
    expect(await db0.get(`${PREFIX}${id}`)).toContain('s:5:"count";i:2;');
    expect(await (await jar.fetch(`${t.url}/count`)).json()).toEqual({ count: 3, user: null });
  });

  it("keeps the session readable after the response, for finish listeners and loggers", async () => {
    const jar = new CookieJar();
    await jar.fetch(`${t.url}/count`);
    afterFinish = undefined;
    expect(await (await jar.fetch(`${t.url}/finish-reader`)).json()).toEqual({ count: 2 });
    await expect.poll(() => afterFinish).toBe(2);
  });

  it("saves a session started in a sub-app when the parent app's route answers", async () => {
    const nested = await startSessionApp(redis.port, (app, manager) => {
      const sub = express();
      sub.use(startSession(manager));
      app.use(sub);
      app.get("/count", (req, res) => res.json({ count: sessionOf(req).increment("count") }));
    });
    try {
      const jar = new CookieJar();
      const first = await jar.fetch(`${nested.url}/count`);
      expect(first.headers.getSetCookie()).toHaveLength(2);
      expect(await db0.get(`${PREFIX}${idOf(jar)}`)).toContain('s:5:"count";i:1;');
      expect(await (await jar.fetch(`${nested.url}/count`)).json()).toEqual({ count: 2 });
    } finally {
      await nested.close();
    }
  });

  it("lets other middleware assign req.session while sessionOf() keeps the Laravel session", async () => {
    const jar = new CookieJar();
    await jar.fetch(`${t.url}/count`);
    const response = await jar.fetch(`${t.url}/reassigned`);
    expect(await response.json()).toEqual({ session: { other: "middleware" }, count: 2 });
    expect(await (await jar.fetch(`${t.url}/count`)).json()).toEqual({ count: 3, user: null });
  });

  it("changes the id and token on login, deletes the pre-login key, and the old cookie is anonymous", async () => {
    const jar = new CookieJar();
    await jar.fetch(`${t.url}/count`);
    const before = idOf(jar);
    const attacker = new CookieJar();
    attacker.cookies.set(COOKIE, jar.cookies.get(COOKIE) as string);
    const tokenBefore = decryptCookie(
      "XSRF-TOKEN",
      decodeCookieValue(jar.cookies.get("XSRF-TOKEN") ?? ""),
      t.encrypter,
    );
    const login = await jar.fetch(`${t.url}/login`, {
      method: "POST",
      headers: { "x-xsrf-token": decodeCookieValue(jar.cookies.get("XSRF-TOKEN") as string) },
    });
    expect(login.status).toBe(200);
    const after = idOf(jar);
    expect(after).not.toBe(before);
    expect(await db0.exists(`${PREFIX}${before}`)).toBe(0);
    expect(
      decryptCookie("XSRF-TOKEN", decodeCookieValue(jar.cookies.get("XSRF-TOKEN") ?? ""), t.encrypter),
    ).not.toBe(tokenBefore);
    expect(await (await jar.fetch(`${t.url}/count`)).json()).toEqual({ count: 2, user: 42 });
    expect(await (await attacker.fetch(`${t.url}/count`)).json()).toEqual({ count: 1, user: null });
  });

  it("refuses state-changing requests without the session token (419) and accepts each Laravel form", async () => {
    const jar = new CookieJar();
    await jar.fetch(`${t.url}/count`);
    const xsrf = decodeCookieValue(jar.cookies.get("XSRF-TOKEN") as string);
    const token = decryptCookie("XSRF-TOKEN", xsrf, t.encrypter) as string;
    expect((await jar.fetch(`${t.url}/logout`, { method: "POST" })).status).toBe(419);
    expect(
      (await jar.fetch(`${t.url}/logout`, { method: "POST", headers: { "x-csrf-token": "x".repeat(40) } }))
        .status,
    ).toBe(419);
    expect((await jar.fetch(`${t.url}/hooks/stripe`, { method: "POST" })).status).toBe(200);
    expect(
      (await jar.fetch(`${t.url}/login`, { method: "POST", headers: { "x-csrf-token": token } })).status,
    ).toBe(200);
    const fresh = decodeCookieValue(jar.cookies.get("XSRF-TOKEN") as string);
    const freshToken = decryptCookie("XSRF-TOKEN", fresh, t.encrypter) as string;
    const form = await jar.fetch(`${t.url}/logout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `_token=${freshToken}`,
    });
    expect(form.status).toBe(200);
  });

  it("treats tampered, foreign-key and wrong-name cookies as no cookie, without any Redis lookup", async () => {
    const jar = new CookieJar();
    await jar.fetch(`${t.url}/count`);
    const good = decodeCookieValue(jar.cookies.get(COOKIE) as string);
    const id = idOf(jar);
    const other = Encrypter.fromAppKey(`base64:${Buffer.alloc(32, 7).toString("base64")}`, "AES-256-CBC");
    const flipped = [...Array(good.length).keys()]
      .filter((i) => i % 17 === 3)
      .map((i) => good.slice(0, i) + (good[i] === "A" ? "B" : "A") + good.slice(i + 1));
    const json = JSON.parse(Buffer.from(good, "base64").toString("utf8")) as Record<string, string>;
    const reencode = (fields: Record<string, unknown>) =>
      Buffer.from(JSON.stringify(fields)).toString("base64");
    const flipAt = (text: string, i: number) =>
      text.slice(0, i) + (text[i] === "A" ? "B" : "A") + text.slice(i + 1);
    const fieldMutants: string[] = [];
    for (const field of ["iv", "value", "mac"]) {
      const text = json[field] as string;
      for (let i = 0; i < text.length; i += 7)
        fieldMutants.push(reencode({ ...json, [field]: flipAt(text, i) }));
      fieldMutants.push(reencode({ ...json, [field]: undefined }), reencode({ ...json, [field]: 5 }));
    }
    fieldMutants.push(
      reencode({ ...json, mac: (json.mac as string).toUpperCase() }),
      reencode({ ...json, tag: "AAAAAAAAAAAAAAAAAAAAAA==" }),
      reencode([1, 2, 3] as unknown as Record<string, unknown>),
    );
    const bad = [
      ...flipped,
      ...fieldMutants,
      good.slice(0, 30),
      `${good}${"x".repeat(5000)}`,
      "not base64 at all %%%",
      encryptCookie(COOKIE, id, other),
      encryptCookie("XSRF-TOKEN", id, t.encrypter),
      encryptCookie(COOKIE, "../../etc/passwd*?[]", t.encrypter),
    ];
    const gets = await commandCalls(db0, "get");
    for (const value of bad) {
      const probe = new CookieJar();
      probe.cookies.set(COOKIE, encodeURIComponent(value));
      const response = await probe.fetch(`${t.url}/count`);
      expect(await response.json()).toEqual({ count: 1, user: null });
      expect(idOf(probe)).not.toBe(id);
    }
    expect(await commandCalls(db0, "get")).toBe(gets);
  });

  it("accepts a cookie made with an APP_PREVIOUS_KEYS key and re-issues it with the current key", async () => {
    const oldKey = `base64:${Buffer.alloc(32, 9).toString("base64")}`;
    const old = Encrypter.fromAppKey(oldKey, "AES-256-CBC");
    const rotated = await startSessionApp(
      redis.port,
      (app, manager) => {
        app.use(startSession(manager));
        app.get("/count", (req, res) => res.json({ count: sessionOf(req).increment("count") }));
      },
      { env: { APP_PREVIOUS_KEYS: oldKey, LARAVEL_VERSION: "12", SESSION_COOKIE: COOKIE } },
    );
    const withoutOld = await startSessionApp(redis.port, (app, manager) => {
      app.use(startSession(manager));
      app.get("/count", (req, res) => res.json({ count: sessionOf(req).increment("count") }));
    });
    try {
      const jar = new CookieJar();
      await jar.fetch(`${rotated.url}/count`);
      const id = idOf(jar);
      jar.cookies.set(COOKIE, encodeURIComponent(encryptCookie(COOKIE, id, old)));
      expect(await (await jar.fetch(`${rotated.url}/count`)).json()).toEqual({ count: 2 });
      expect(idOf(jar)).toBe(id);
      const stale = new CookieJar();
      stale.cookies.set(COOKIE, encodeURIComponent(encryptCookie(COOKIE, id, old)));
      const response = await stale.fetch(`${withoutOld.url}/count`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ count: 1 });
    } finally {
      await rotated.close();
      await withoutOld.close();
    }
  });

  it("starts a new session under a new id when the stored value does not decode, leaving the bad key", async () => {
    const jar = new CookieJar();
    await jar.fetch(`${t.url}/count`);
    const id = idOf(jar);
    await db0.set(`${PREFIX}${id}`, 's:9:"a:1:{i:0;";');
    expect(await (await jar.fetch(`${t.url}/count`)).json()).toEqual({ count: 1, user: null });
    expect(idOf(jar)).not.toBe(id);
    expect(await db0.get(`${PREFIX}${id}`)).toBe('s:9:"a:1:{i:0;";');
    expect(t.manager.counters.corrupt).toBeGreaterThan(0);
    expect(logger.lines.some((l) => l.startsWith("warn A stored session did not decode"))).toBe(true);
  });

  it("does not resurrect a session that a concurrent request logged out", async () => {
    const jar = new CookieJar();
    await jar.fetch(`${t.url}/count`);
    const id = idOf(jar);
    const slow = new CookieJar();
    slow.cookies.set(COOKIE, jar.cookies.get(COOKIE) as string);
    const pending = slow.fetch(`${t.url}/slow`);
    await expect.poll(() => release !== undefined).toBe(true);
    const xsrf = decodeCookieValue(jar.cookies.get("XSRF-TOKEN") as string);
    await jar.fetch(`${t.url}/logout`, { method: "POST", headers: { "x-xsrf-token": xsrf } });
    release?.();
    release = undefined;
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(answer.headers.getSetCookie()).toEqual([]);
    expect(await db0.exists(`${PREFIX}${id}`)).toBe(0);
  });

  it("answers 503 without a new cookie when Redis is down at the start of a request", async () => {
    await redis.kill();
    const jar = new CookieJar();
    const response = await jar.fetch(`${t.url}/count`);
    expect(response.status).toBe(503);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("answers 503 within its timeout, not as anonymous, while Redis is frozen", async () => {
    const quick = await startSessionApp(redis.port, (app, manager) => {
      app.use(startSession(manager, { timeoutMs: 200 }));
      app.get("/count", (req, res) => res.json({ count: sessionOf(req).increment("count") }));
    });
    try {
      const jar = new CookieJar();
      await jar.fetch(`${quick.url}/count`);
      redis.pause();
      const started = performance.now();
      const response = await jar.fetch(`${quick.url}/count`);
      expect(response.status).toBe(503);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(performance.now() - started).toBeLessThan(1500);
    } finally {
      redis.resume();
      await quick.close();
    }
  });

  it("answers 503 instead of the route's response when the save fails", async () => {
    const jar = new CookieJar();
    await jar.fetch(`${t.url}/count`);
    const response = await jar.fetch(`${t.url}/kill-then-answer`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("the session could not be saved");
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("never writes a session id, cookie or APP_KEY into the logs", () => {
    const text = logger.lines.join("\n");
    expect(text).not.toMatch(/[A-Za-z0-9]{40}/);
    expect(text).not.toContain("eyJpdiI6");
    expect(text).not.toContain("oqmwt77FzNPa4ejv9v0ECxIZICcuNTxDSlFYX2ZtdHs");
  });
});
