import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";

const root = join(import.meta.dirname, "..", "..", "..", "..");
let server: PrivateRedisServer;
let env: Record<string, string>;

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", join(root, "src/cli/main.ts"), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    input: "",
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(async () => {
  server = await startRedisServer();
  env = {
    REDIS_PORT: String(server.port),
    LARAVEL_VERSION: "12",
    CACHE_STORE: "redis",
    REDIS_PREFIX: "app-database-",
    CACHE_PREFIX: "app-cache-",
  };
});
afterAll(() => server.stop());

describe("laravel-bridge cache:* commands", () => {
  it("puts a JSON value where Laravel reads it, gets it back as JSON, and forgets it", async () => {
    expect(cli("cache:put", "user:1", '{"name":"Ann","roles":["admin"]}', "--ttl", "60").status).toBe(0);
    const raw = server.client(1);
    expect(await raw.get("app-database-app-cache-user:1")).toBe(
      'a:2:{s:4:"name";s:3:"Ann";s:5:"roles";a:1:{i:0;s:5:"admin";}}',
    );
    expect(await raw.ttl("app-database-app-cache-user:1")).toBe(60);
    const got = cli("cache:get", "user:1", "--json");
    expect(got.status).toBe(0);
    expect(JSON.parse(got.stdout)).toEqual({ name: "Ann", roles: ["admin"] });
    expect(cli("cache:forget", "user:1").status).toBe(0);
    expect(cli("cache:get", "user:1").status).toBe(1);
  });

  it("names the database cache:clear would wipe and refuses without --force off a terminal", async () => {
    const raw = server.client(1);
    await raw.set("unrelated", "x");
    const refused = cli("cache:clear");
    expect(refused.stdout).toContain("FLUSHDB on Redis database 1");
    expect(refused.status).toBe(1);
    expect(await raw.get("unrelated")).toBe("x");
    const forced = cli("cache:clear", "--force");
    expect(forced.status).toBe(0);
    expect(await raw.get("unrelated")).toBeNull();
  });

  it("prunes expired entries from the store's tag sets, and names the stores for an unknown one", async () => {
    const raw = server.client(1);
    const now = Math.floor(Date.now() / 1000);
    await raw.zadd(
      "app-database-app-cache-tag:users:entries",
      String(now - 10),
      "expired",
      String(now + 600),
      "live",
    );
    await raw.zadd("app-database-app-cache-tag:forever:entries", "-1", "kept");
    const pruned = cli("cache:prune-stale-tags");
    expect(pruned.status).toBe(0);
    expect(pruned.stdout).toContain("1 expired entries removed from 2 tag sets");
    expect(await raw.zrange("app-database-app-cache-tag:users:entries", "0", "-1")).toEqual(["live"]);
    expect(await raw.zrange("app-database-app-cache-tag:forever:entries", "0", "-1")).toEqual(["kept"]);
    const unknown = cli("cache:prune-stale-tags", "nope");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("Cache store [nope] is not defined");
  });
});
