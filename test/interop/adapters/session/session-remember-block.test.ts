/**
 * Laravel 8.83 (php -S, the real web stack) and Express on one Redis: a remember-me cookie made by
 * SessionGuard::login($user, true) logs the user in on the Node side, and a PHP route with
 * Route::block() and a Node route with startSession({ block }) take turns on one session.
 */
import { timingSafeEqual } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rememberedOf } from "../../../../adapters/session/remember-me.js";
import { sessionOf, startSession } from "../../../../adapters/session/start-session.js";
import { decodeCookieValue } from "../../../../src/codecs/encrypter/index.js";
import { assertPhpLaravelInstalled } from "../../../helpers/php.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import {
  CookieJar,
  commandCalls,
  type SessionTestApp,
  startSessionApp,
} from "../../../integration/adapters/session/session-app.js";
import { type PhpSessionServer, sessionIdIn, startPhpSessionServerFor } from "./php-session-server.js";

const HASH = "$2y$10$92IXUNpkjO0rOQ5byMi.Ye4oKoEa3Ro9llC/.og/at2.uheWG/igi";

describe("remember-me and session blocking shared with Laravel 8.83", () => {
  let redis: PrivateRedisServer;
  let db0: Redis;
  let php: PhpSessionServer;
  let node: SessionTestApp;
  /** The remember_token Laravel gave user 42 (its provider here keeps no database). */
  let issuedToken = "";
  let nodeGate: (() => void) | undefined;

  beforeAll(async () => {
    assertPhpLaravelInstalled();
    redis = await startRedisServer();
    db0 = redis.client(0);
    node = await startSessionApp(redis.port, (app, manager) => {
      const retrieveByToken = (id: string, token: string) =>
        id === "42" &&
        issuedToken.length === token.length &&
        timingSafeEqual(Buffer.from(token), Buffer.from(issuedToken))
          ? { id: 42, password: HASH }
          : null;
      app.get(
        "/node/me",
        startSession(manager, {
          rememberMe: { retrieveByToken, passwordHash: (u: { password: string }) => u.password },
        }),
        (req, res) => {
          const s = sessionOf(req);
          res.json({ userId: s.userId() ?? null, remembered: rememberedOf(req) ?? null });
        },
      );
      app.get("/node/block-step", startSession(manager, { block: { store: "redis" } }), async (req, res) => {
        const s = sessionOf(req);
        s.push("steps", "node");
        if (req.query.hold === "1") await new Promise<void>((resolve) => (nodeGate = resolve));
        res.json({ steps: s.get("steps") });
      });
    });
    php = await startPhpSessionServerFor(node, redis.port);
  });

  afterAll(async () => {
    await php?.stop();
    await node?.close();
    await redis?.stop();
  });

  const sessionId = (jar: CookieJar): string => sessionIdIn(node, jar);

  it("accepts the recaller cookie Laravel's SessionGuard made, and ignores tampered copies", async () => {
    const laravel = new CookieJar();
    await laravel.fetch(`${php.url}/php/read`);
    const xsrf = decodeCookieValue(laravel.cookies.get("XSRF-TOKEN") ?? "");
    const login = await laravel.fetch(`${php.url}/php/login-remember`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-xsrf-token": xsrf },
      body: JSON.stringify({ user: 42, password: HASH }),
    });
    const { rememberToken, recaller } = (await login.json()) as { rememberToken: string; recaller: string };
    issuedToken = rememberToken;
    const cookie = laravel.cookies.get(recaller);
    expect(cookie).toBeDefined();

    // The Laravel session is gone (expired, another device): only the remember-me cookie is left.
    const browser = new CookieJar();
    browser.cookies.set(recaller, cookie as string);
    expect(await (await browser.fetch(`${node.url}/node/me`)).json()).toEqual({
      userId: 42,
      remembered: {
        recaller: { id: "42", token: rememberToken, hash: HASH },
        user: { id: 42, password: HASH },
        viaRemember: true,
      },
    });
    // The session Node logged in is Laravel's too.
    expect(((await (await browser.fetch(`${php.url}/php/read`)).json()) as { userId: number }).userId).toBe(
      42,
    );

    const raw = decodeCookieValue(cookie as string);
    for (const at of [8, Math.floor(raw.length / 2), raw.length - 6]) {
      const tampered = new CookieJar();
      const flipped = `${raw.slice(0, at)}${raw[at] === "A" ? "B" : "A"}${raw.slice(at + 1)}`;
      tampered.cookies.set(recaller, encodeURIComponent(flipped));
      expect(await (await tampered.fetch(`${node.url}/node/me`)).json()).toMatchObject({
        userId: null,
        remembered: { recaller: null, viaRemember: false },
      });
    }
  });

  it("makes a Node request wait while a Laravel blocking route holds the session, and the reverse", async () => {
    const jar = new CookieJar();
    await jar.fetch(`${php.url}/php/read`);
    const lockKey = `${node.config.redis.prefix}${node.manager.keyPrefix}session:${sessionId(jar)}`;
    const release = `${node.config.redis.prefix}bridge-test:release`;

    // Laravel holds the lock; Node waits for it and then sees Laravel's change.
    const phpHolding = jar.fetch(`${php.url}/php/block-step`);
    await expect.poll(() => db0.exists(`${node.config.redis.prefix}bridge-test:php-entered`)).toBe(1);
    expect(await db0.exists(lockKey)).toBe(1);
    let attempts = await commandCalls(db0, "set");
    const nodeWaiting = jar.fetch(`${node.url}/node/block-step`);
    await expect
      .poll(async () => (await commandCalls(db0, "set")) - attempts, { timeout: 5000 })
      .toBeGreaterThan(1);
    await db0.set(release, "1");
    expect(await (await phpHolding).json()).toEqual({ steps: ["php"] });
    expect(await (await nodeWaiting).json()).toEqual({ steps: ["php", "node"] });
    await db0.del(release, `${node.config.redis.prefix}bridge-test:php-entered`);

    // Node holds the lock; Laravel's blocking route waits and then sees Node's change.
    const nodeHolding = jar.fetch(`${node.url}/node/block-step?hold=1`);
    await expect.poll(() => nodeGate !== undefined).toBe(true);
    expect(await db0.exists(lockKey)).toBe(1);
    attempts = await commandCalls(db0, "set");
    const phpWaiting = jar.fetch(`${php.url}/php/block-step?hold=0`);
    await expect
      .poll(async () => (await commandCalls(db0, "set")) - attempts, { timeout: 5000 })
      .toBeGreaterThan(1);
    expect(await db0.exists(`${node.config.redis.prefix}bridge-test:php-entered`)).toBe(0);
    nodeGate?.();
    expect(await (await nodeHolding).json()).toEqual({ steps: ["php", "node", "node"] });
    expect(await (await phpWaiting).json()).toEqual({ steps: ["php", "node", "node", "php"] });
    expect(await db0.exists(lockKey)).toBe(0);
  });
});
