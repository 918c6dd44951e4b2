/**
 * startSession({ block }) on a real Redis: requests of one session take turns on Laravel's cache lock
 * `session:<id>`, so concurrent writes to one session no longer overwrite each other.
 */
import type { Express, NextFunction, Request, Response } from "express";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SessionManager } from "../../../../adapters/session/session-manager.js";
import { sessionOf, startSession } from "../../../../adapters/session/start-session.js";
import { decodeCookieValue, decryptCookie } from "../../../../src/codecs/encrypter/index.js";
import { ConfigError } from "../../../../src/errors/config-error.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { CookieJar, commandCalls, type SessionTestApp, startSessionApp } from "./session-app.js";

const PREFIX = "bridge_test_database_bridge_test_cache:";
const COOKIE = "bridge_test_session";

describe("session blocking on a real Redis", () => {
  let redis: PrivateRedisServer;
  let db0: Redis;
  let t: SessionTestApp;
  const entered: string[] = [];
  const gates = new Map<string, () => void>();

  const routes = (app: Express, manager: SessionManager): void => {
    app.use(startSession(manager, { block: { lockSeconds: 5, waitSeconds: 1 } }));
    app.get("/step/:name", async (req, res) => {
      const session = sessionOf(req);
      const name = req.params.name as string;
      entered.push(name);
      session.push("steps", name);
      if (name.startsWith("gated")) await new Promise<void>((resolve) => gates.set(name, resolve));
      res.json({ steps: session.get("steps") });
    });
    app.use((error: Error & { code?: string }, _req: Request, res: Response, _next: NextFunction) => {
      res.status(500).json({ code: error.code ?? null, message: error.message });
    });
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    db0 = redis.client(0);
    t = await startSessionApp(redis.port, routes, { env: { CACHE_DRIVER: "redis" } });
  });

  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  beforeEach(async () => {
    await redis.flush();
    entered.length = 0;
  });

  const idOf = (jar: CookieJar): string =>
    decryptCookie(COOKIE, decodeCookieValue(jar.cookies.get(COOKIE) ?? ""), t.encrypter) as string;

  it("makes a second request of the session wait until the first one saved, so neither change is lost", async () => {
    const jar = new CookieJar();
    await jar.fetch(`${t.url}/step/init`);
    const lockKey = `${PREFIX}session:${idOf(jar)}`;
    const first = jar.fetch(`${t.url}/step/gated-a`);
    await expect.poll(() => gates.has("gated-a")).toBe(true);
    expect(await db0.exists(lockKey)).toBe(1);
    const attempts = await commandCalls(db0, "set");
    const second = jar.fetch(`${t.url}/step/b`);
    // The second request is at the lock, trying again every 50 ms, and has not reached its route.
    await expect
      .poll(async () => (await commandCalls(db0, "set")) - attempts, { timeout: 5000 })
      .toBeGreaterThan(1);
    expect(entered).toEqual(["init", "gated-a"]);
    gates.get("gated-a")?.();
    expect(await (await first).json()).toEqual({ steps: ["init", "gated-a"] });
    expect(await (await second).json()).toEqual({ steps: ["init", "gated-a", "b"] });
    expect(await db0.exists(lockKey)).toBe(0);
    gates.clear();
  });

  it("answers with LockTimeoutError after waitSeconds, touching nothing, and takes no lock for a new session", async () => {
    const jar = new CookieJar();
    await jar.fetch(`${t.url}/step/init`);
    const id = idOf(jar);
    await db0.set(`${PREFIX}session:${id}`, "someone-else", "EX", 30);
    const before = await db0.get(`${PREFIX}${id}`);
    const response = await jar.fetch(`${t.url}/step/late`);
    expect(response.status).toBe(500);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe("ERR_LOCK_TIMEOUT");
    // The lock is named without the session id (only its first characters, for a SCAN).
    expect(body.message).toContain(`[session:${id.slice(0, 6)}…]`);
    expect(body.message).not.toContain(id);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await db0.get(`${PREFIX}${id}`)).toBe(before);
    expect(await db0.get(`${PREFIX}session:${id}`)).toBe("someone-else");
    expect(entered).toEqual(["init"]);
    // A browser without a session cookie cannot share its fresh session: it does not wait.
    expect(await (await new CookieJar().fetch(`${t.url}/step/fresh`)).json()).toEqual({ steps: ["fresh"] });
  });

  it("locks on the default cache store when it is Redis, and refuses a store that is not", async () => {
    expect(() => startSession(t.manager, { block: true })).not.toThrow();
    const fileDefault = await startSessionApp(redis.port, () => undefined, { env: { CACHE_DRIVER: "file" } });
    try {
      expect(() => startSession(fileDefault.manager, { block: true })).toThrow(ConfigError);
      expect(() => startSession(fileDefault.manager, { block: { store: "redis" } })).not.toThrow();
    } finally {
      await fileDefault.close();
    }
  });
});
