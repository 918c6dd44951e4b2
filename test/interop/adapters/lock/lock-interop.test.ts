import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisLockProvider } from "../../../../adapters/lock/redis-lock-provider.js";
import type { RedisClient } from "../../../../src/redis/client.js";
import { ConnectionManager } from "../../../../src/redis/connection-manager.js";
import { assertPhpLaravelInstalled, runPhp } from "../../../helpers/php.js";
import {
  type PrivateRedisServer,
  privateRedisConfig,
  startRedisServer,
} from "../../../helpers/redis-server.js";

const REDIS_PREFIX = "interop_database_";
const CACHE_PREFIX = "interop_cache";
const ITERATIONS = 500;

let server: PrivateRedisServer;
let manager: ConnectionManager;
let connection: RedisClient;
let locks: RedisLockProvider;
let env: Record<string, string>;

const php = <T>(input: object): Promise<T> => runPhp<T>("lock-interop", input, env);

beforeAll(async () => {
  assertPhpLaravelInstalled();
  server = await startRedisServer();
  env = { REDIS_PORT: String(server.port), REDIS_PREFIX, CACHE_PREFIX };
  manager = new ConnectionManager(privateRedisConfig(server, REDIS_PREFIX));
  connection = manager.connection("default");
  // Laravel 8.83 keeps the store prefix with ':'; locks live on the default connection (DB 0).
  locks = new RedisLockProvider(connection, `${CACHE_PREFIX}:`, { sleepMilliseconds: 2 });
});
afterAll(async () => {
  await manager.close();
  await server.stop();
});

/** SET calls the server has run so far (INFO commandstats): PHP's lock attempts show up here. */
async function setCalls(): Promise<number> {
  const info = (await server.client().info("commandstats")) as string;
  return Number(/cmdstat_set:calls=(\d+)/.exec(info)?.[1] ?? 0);
}

describe("locks shared with Laravel's Cache::lock", () => {
  it(`never lets a PHP loop and a Node loop be inside the same lock at once (${ITERATIONS} iterations each)`, async () => {
    const phpRun = php<{ overlaps: number; iterations: number }>({
      mode: "contend",
      name: "contended",
      n: ITERATIONS,
      sleepMs: 2,
    });
    // Start the Node loop once PHP is looping, so the two really contend.
    const deadline = Date.now() + 10_000;
    while ((await connection.get("php-started")) === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    let overlaps = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      await locks.lock("contended", 5).block(30, async () => {
        if ((await connection.incr("inside")) !== 1) overlaps++;
        await connection.rpush("holders", "node");
        await connection.decrby("inside", 1);
      });
      // Think time outside the lock (as PHP's loop has): the other side's 2 ms poll gets its turn,
      // instead of one loop re-taking the lock the moment it let go.
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const fromPhp = await phpRun;
    expect(fromPhp.iterations).toBe(ITERATIONS);
    expect(fromPhp.overlaps + overlaps).toBe(0);
    const holders = await connection.lrange("holders", 0, -1);
    expect(holders.length).toBe(2 * ITERATIONS);
    // The holders alternate: evidence that the loops contended instead of running one after the other.
    const switches = holders.filter((h, i) => i > 0 && h !== holders[i - 1]).length;
    expect(switches).toBeGreaterThan(50);
  });

  it("releases a PHP-acquired lock through restoreLock only with PHP's owner", async () => {
    const held = await php<{ acquired: boolean; owner: string }>({
      mode: "hold",
      name: "report",
      seconds: 30,
    });
    expect(held.acquired).toBe(true);
    expect(held.owner).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(await locks.restoreLock("report", "not-the-owner").release()).toBe(false);
    expect(await locks.lock("report").isOwnedBy(held.owner)).toBe(true);
    expect(await locks.restoreLock("report", held.owner).release()).toBe(true);
    expect(await locks.lock("report").isLocked()).toBe(false);
  });

  it("makes PHP's block() wait while Node holds the lock", async () => {
    const lock = locks.lock("busy", 10);
    expect(await lock.get()).toBe(true);
    const waiting = php<{ acquired: boolean; elapsedMs: number }>({
      mode: "block",
      name: "busy",
      seconds: 10,
      wait: 5,
    });
    // Hold until PHP has tried twice (each attempt is a SET NX the server refuses), then release.
    const attempts = await setCalls();
    const deadline = Date.now() + 10_000;
    while ((await setCalls()) < attempts + 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await setCalls()).toBeGreaterThanOrEqual(attempts + 2);
    expect(await lock.isOwnedByCurrentProcess()).toBe(true);
    expect(await lock.release()).toBe(true);
    const result = await waiting;
    expect(result.acquired).toBe(true);
    // It slept at least once between attempts (betweenBlockedAttemptsSleepFor(50)).
    expect(result.elapsedMs).toBeGreaterThan(40);
  });

  it("refuses a Node lock while PHP holds it, and takes it once PHP's TTL ran out", async () => {
    const held = await php<{ acquired: boolean; owner: string }>({ mode: "hold", name: "short", seconds: 1 });
    expect(held.acquired).toBe(true);
    expect(await locks.lock("short", 5).get()).toBe(false);
    await expect(locks.lock("short", 5).block(3)).resolves.toBe(true);
  });
});
