/**
 * One Express app per benchmark case, run as its own process by session.bench.ts:
 *   tsx bench/cases/session-server.ts <kind> <redisPort>
 * prints `listening <port>` when ready. Every kind serves GET / doing the same work a real route
 * does with a session: read a counter, write it back (`views++`).
 *
 *   bridge          bridge.session(): Laravel cookie decrypt + GET + PHP unserialize ×2 + serialize ×2
 *                   + SETEX + session and XSRF-TOKEN cookies encrypted, every request
 *   cr7             express-session + connect-redis 7 + ioredis (the common setup)
 *   cr7-autopipe    the same with ioredis enableAutoPipelining
 *   cr9             express-session + connect-redis 9 + node-redis 5
 *   none            no session at all
 */
import express from "express";
import expressSession from "express-session";
import { Redis } from "ioredis";
import { SessionManager, sessionOf, startSession } from "../../adapters/session/index.js";
import { Encrypter } from "../../src/codecs/encrypter/index.js";
import { resolveConfig } from "../../src/config/resolve.js";
import { ConnectionManager } from "../../src/redis/connection-manager.js";

const [kind = "none", redisPort = "6379"] = process.argv.slice(2);
const app = express();
const secret = "bench-only-secret-0123456789abcdef";

if (kind === "bridge") {
  const config = resolveConfig({
    env: {
      APP_NAME: "Bench",
      APP_KEY: `base64:${Buffer.alloc(32, 3).toString("base64")}`,
      REDIS_PORT: redisPort,
      SESSION_DRIVER: "redis",
    },
    envFile: "/dev/null",
  });
  const connections = new ConnectionManager(config.redis);
  const encrypter = Encrypter.fromAppKey(config.app.key, config.app.cipher);
  const manager = new SessionManager(config, { connections, encrypter });
  app.use(startSession(manager));
  app.get("/", (req, res) => {
    res.send(String(sessionOf(req).increment("views")));
  });
} else if (kind.startsWith("cr")) {
  let store: expressSession.Store;
  if (kind === "cr9") {
    const { createClient } = await import("redis");
    const { RedisStore } = await import("connect-redis-9");
    const client = createClient({ url: `redis://127.0.0.1:${redisPort}` });
    await client.connect();
    store = new RedisStore({ client });
  } else {
    const { default: RedisStore } = await import("connect-redis");
    const client = new Redis({ port: Number(redisPort), enableAutoPipelining: kind === "cr7-autopipe" });
    store = new RedisStore({ client });
  }
  app.use(expressSession({ store, secret, resave: false, saveUninitialized: false }));
  app.get("/", (req, res) => {
    const session = req.session as unknown as { views?: number };
    session.views = (session.views ?? 0) + 1;
    res.send(String(session.views));
  });
} else {
  let views = 0;
  app.get("/", (_req, res) => {
    views += 1;
    res.send(String(views));
  });
}

const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === "object" && address ? address.port : 0}\n`);
});
// Idle keep-alive sockets stay open while the other cases run (no "socket hang up" on reuse).
server.keepAliveTimeout = 0;

// A clean exit on SIGTERM/SIGINT, so `--cpu-prof` runs of this server write their profile.
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => process.exit(0));
