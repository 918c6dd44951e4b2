/**
 * Two rules of the session middleware on a real Redis: a stored value that does not decode is a
 * fresh session plus a warning and a metric, with the bad key left as it was; and money never rides
 * in a session (the financial-record rule is on by default, and the ledger's own rule plugs in).
 */
import type { Express, NextFunction, Request, Response } from "express";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LaravelSessionStore } from "../../../../adapters/session/express-store.js";
import { SessionFinancialRecordError } from "../../../../adapters/session/financial-record-guard.js";
import type { SessionManager } from "../../../../adapters/session/session-manager.js";
import { sessionOf, startSession } from "../../../../adapters/session/start-session.js";
import { decodeCookieValue, decryptCookie, Encrypter } from "../../../../src/codecs/encrypter/index.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { CookieJar, memoryLogger, type SessionTestApp, startSessionApp } from "./session-app.js";

const PREFIX = "bridge_test_database_bridge_test_cache:";

describe("session rules on a real Redis", () => {
  let redis: PrivateRedisServer;
  let db0: Redis;
  let plain: SessionTestApp;
  let encrypted: SessionTestApp;
  const logger = memoryLogger();
  const metrics: string[] = [];

  const routes = (app: Express, manager: SessionManager): void => {
    app.use(startSession(manager));
    app.get("/count", (req, res) => res.json({ count: sessionOf(req).increment("count") }));
    app.get("/balance", (req, res) => {
      sessionOf(req).put("note", "kept");
      sessionOf(req).put("wallet.balance", "100.00");
      res.json({ stored: true });
    });
    app.get("/read", (req, res) => res.json(sessionOf(req).only(["note", "wallet"])));
    app.use((error: Error & { code?: string }, _req: Request, res: Response, _next: NextFunction) => {
      res.status(500).json({ code: error.code ?? null, name: error.name });
    });
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    db0 = redis.client(0);
    const metricsSink = { increment: (name: string) => void metrics.push(name) };
    plain = await startSessionApp(redis.port, routes, { logger, metrics: metricsSink });
    encrypted = await startSessionApp(redis.port, routes, {
      logger,
      metrics: metricsSink,
      env: { SESSION_ENCRYPT: "true", LARAVEL_VERSION: "12" },
    });
  });

  afterAll(async () => {
    await plain.close();
    await encrypted.close();
    await redis.stop();
  });

  beforeEach(async () => {
    await redis.flush();
    metrics.length = 0;
  });

  const idOf = (jar: CookieJar, t: SessionTestApp): string =>
    decryptCookie(
      t.config.session.cookie,
      decodeCookieValue(jar.cookies.get(t.config.session.cookie) ?? ""),
      t.encrypter,
    ) as string;

  /** A session whose stored bytes are then replaced by `stored`; returns the key. */
  const corrupted = async (t: SessionTestApp, jar: CookieJar, stored: string | Buffer): Promise<string> => {
    await jar.fetch(`${t.url}/count`);
    const key = `${t.config.redis.prefix}${t.manager.keyPrefix}${idOf(jar, t)}`;
    await db0.set(key, stored, "EX", 500);
    return key;
  };

  it.each([
    ["not a PHP string at all (RedisStore's outer layer)", 'a:1:{s:5:"count";i:9;}'],
    ["a PHP string of the wrong length", 's:99:"a:1:{s:5:"count";i:9;}";'],
    ["a complete string whose payload does not unserialize", 's:9:"a:1:{i:0;";'],
    ["bytes that are no PHP value", Buffer.from([0xff, 0x00, 0x13, 0x37])],
  ])("reads %s as a fresh session, warns, counts, and leaves the key as it was", async (_what, stored) => {
    const jar = new CookieJar();
    const key = await corrupted(plain, jar, stored);
    const before = plain.manager.counters.corrupt;
    const response = await jar.fetch(`${plain.url}/count`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ count: 1 });
    expect(`${PREFIX}${idOf(jar, plain)}`).not.toBe(key);
    expect(await db0.getBuffer(key)).toEqual(Buffer.from(stored));
    expect(await db0.ttl(key)).toBeGreaterThan(490);
    expect(await db0.ttl(key)).toBeLessThanOrEqual(500);
    expect(plain.manager.counters.corrupt).toBe(before + 1);
    expect(plain.manager.counters.storeFailures).toBe(0);
    expect(metrics).toContain("session.corrupt");
    expect(logger.lines.at(-1)).toMatch(/^warn A stored session did not decode/);
  });

  it("treats a SESSION_ENCRYPT payload sealed with another key the same way", async () => {
    const jar = new CookieJar();
    const foreign = Encrypter.fromAppKey(`base64:${Buffer.alloc(32, 7).toString("base64")}`, "AES-256-CBC");
    const payload = foreign.encryptString(Buffer.from('s:20:"a:1:{s:1:"a";i:1;}";'));
    const key = await corrupted(encrypted, jar, `s:${payload.length}:"${payload}";`);
    expect(await (await jar.fetch(`${encrypted.url}/count`)).json()).toEqual({ count: 1 });
    expect(await db0.get(key)).toBe(`s:${payload.length}:"${payload}";`);
    expect(metrics).toEqual(["session.corrupt"]);
  });

  it("refuses money in the session by default: a typed error, and the rest of the request saved", async () => {
    const jar = new CookieJar();
    const response = await jar.fetch(`${plain.url}/balance`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      code: "ERR_FINANCIAL_RECORD",
      name: "SessionFinancialRecordError",
    });
    expect(await (await jar.fetch(`${plain.url}/read`)).json()).toEqual({ note: "kept" });
    const stored = await db0.get(`${PREFIX}${idOf(jar, plain)}`);
    expect(stored).not.toContain("balance");
  });

  it("applies the rule to express-session data kept by LaravelSessionStore", async () => {
    const store = new LaravelSessionStore(plain.manager);
    const sid = "A".repeat(40);
    const error = await new Promise<unknown>((resolve) =>
      store.set(sid, { cookie: { originalMaxAge: 1000 }, paymentMethod: "card" } as never, resolve),
    );
    expect(error).toBeInstanceOf(SessionFinancialRecordError);
    expect(await db0.exists(`${PREFIX}${sid}`)).toBe(0);
  });
});
