import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { type SessionTestApp, startSessionApp, TEST_APP_KEY } from "./session-app.js";

const root = join(import.meta.dirname, "..", "..", "..", "..");

describe("laravel-bridge session:show", () => {
  let redis: PrivateRedisServer;
  let t: SessionTestApp;

  beforeAll(async () => {
    redis = await startRedisServer();
    t = await startSessionApp(redis.port, () => {});
  });

  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", join(root, "src/cli/main.ts"), ...args], {
      cwd: root,
      encoding: "utf8",
      env: {
        PATH: process.env.PATH ?? "",
        APP_NAME: "Bridge Test",
        APP_KEY: TEST_APP_KEY,
        REDIS_PORT: String(redis.port),
        SESSION_DRIVER: "redis",
        LARAVEL_VERSION: "8",
        ENV_FILE: "/dev/null",
      },
    });

  it("prints a session found by id or by its cookie, with the token and password hash masked", async () => {
    const session = t.manager.build();
    await session.start();
    session.login(42, { passwordHash: "$2y$10$abcdefghijklmnopqrstuv" });
    session.put("cart", { items: [1, 2] });
    await session.save();

    const byId = cli("session:show", session.id);
    expect(byId.status, byId.stderr).toBe(0);
    const shown = JSON.parse(byId.stdout) as {
      key: string;
      ttlSeconds: number;
      attributes: Record<string, unknown>;
    };
    expect(shown.key).toBe(`bridge_test_cache:${session.id}`);
    expect(shown.ttlSeconds).toBeGreaterThan(7000);
    expect(shown.attributes).toMatchObject({
      _token: "[masked]",
      password_hash_web: "[masked]",
      cart: { items: [1, 2] },
    });
    expect(byId.stdout).not.toContain(session.token() as string);
    expect(byId.stdout).not.toContain("$2y$10$");

    const cookie = encodeURIComponent(t.manager.cookies.encrypt(t.manager.cookieName, session.id));
    const byCookie = cli("session:show", "--cookie", cookie);
    expect(byCookie.status, byCookie.stderr).toBe(0);
    expect(JSON.parse(byCookie.stdout)).toMatchObject({ key: shown.key, attributes: shown.attributes });
  });

  it("exits 1 for an unknown session and for a cookie made for another name", () => {
    expect(cli("session:show", "Z".repeat(40)).status).toBe(1);
    const foreign = t.manager.cookies.encrypt("XSRF-TOKEN", "Z".repeat(40));
    const result = cli("session:show", "--cookie", foreign);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("not a valid [bridge_test_session] cookie");
  });
});
