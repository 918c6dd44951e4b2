import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentFence } from "../../../../adapters/lock/fencing.js";
import { RedisLockProvider } from "../../../../adapters/lock/redis-lock-provider.js";
import { withLock } from "../../../../adapters/lock/with-lock.js";
import type { RedisConfig } from "../../../../src/config/bridge-config.js";
import { LockLostError, LockUnavailableError } from "../../../../src/errors/lock-errors.js";
import { ConnectionManager } from "../../../../src/redis/connection-manager.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";

const PREFIX = "laravel-database-";
const STORE = "laravel-cache-";
let server: PrivateRedisServer;
let manager: ConnectionManager;
let locks: RedisLockProvider;

function redisConfig(port: number): RedisConfig {
  const base = { host: "127.0.0.1", port, username: null, password: null, tls: false, options: {} };
  return {
    client: "phpredis",
    prefix: PREFIX,
    cluster: "redis",
    connections: { default: { ...base, name: "default", database: 0 } },
  };
}

beforeAll(async () => {
  server = await startRedisServer();
  manager = new ConnectionManager(redisConfig(server.port), { retry: { baseDelayMs: 20, maxDelayMs: 100 } });
  locks = new RedisLockProvider(manager.connection("default"), STORE);
});
afterAll(async () => {
  await manager.close();
  await server.stop();
});

describe("fence tokens", () => {
  it("issues a strictly larger token on every grant of a name", async () => {
    let previous = 0n;
    for (let i = 0; i < 50; i++) {
      const lock = locks.lock("ledger:account-1", 5);
      const token = await lock.acquireFenced();
      expect(token).not.toBeNull();
      expect(token as bigint).toBeGreaterThan(previous);
      previous = token as bigint;
      expect(await lock.release()).toBe(true);
    }
  });

  it("writes the lock exactly as Laravel's RedisLock does, so PHP sees an ordinary lock", async () => {
    const lock = locks.lock("ledger:account-2", 10, "owner-abcdefghij");
    expect(await lock.acquireFenced()).not.toBeNull();
    const raw = server.client(0);
    expect(await raw.get(`${PREFIX}${STORE}ledger:account-2`)).toBe("owner-abcdefghij");
    expect(await raw.ttl(`${PREFIX}${STORE}ledger:account-2`)).toBe(10);
    expect(await locks.lock("ledger:account-2", 10).acquireFenced()).toBeNull();
    await lock.release();
  });

  it("never goes below a floor reseeded from the store of record", async () => {
    const floor = 9_000_000_000_000_000n;
    expect(await locks.reseedFence("ledger:account-3", floor)).toBe(floor);
    const lock = locks.lock("ledger:account-3", 5);
    expect(await lock.acquireFenced()).toBe(floor + 1n);
    await lock.release();
    expect(await locks.reseedFence("ledger:account-3", 5n)).toBe(floor + 1n);
  });
});

describe("withLock", () => {
  it("runs the routine with the fence token and releases the lock afterwards", async () => {
    const lock = locks.lock("ledger:with-1", 5);
    const seen = await withLock(lock, async ({ fenceToken, signal }) => ({
      fenceToken,
      aborted: signal.aborted,
    }));
    expect(seen.aborted).toBe(false);
    expect(seen.fenceToken).toBe(await currentFence(manager.connection("default"), STORE, "ledger:with-1"));
    expect(await lock.isLocked()).toBe(false);
  });

  it("aborts the routine's signal with LockLostError when another owner takes the lock", async () => {
    const lock = locks.lock("ledger:with-2", 1);
    const reason = await withLock(lock, async ({ signal }) => {
      await locks.lock("ledger:with-2").forceRelease();
      expect(await locks.lock("ledger:with-2", 30, "thief").get()).toBe(true);
      return new Promise((resolve) =>
        signal.addEventListener("abort", () => resolve(signal.reason), { once: true }),
      );
    });
    expect(reason).toBeInstanceOf(LockLostError);
    // The thief's lock is untouched by our release.
    expect(await locks.lock("ledger:with-2").isOwnedBy("thief")).toBe(true);
  });

  it("keeps a healthy lock alive past its TTL by refreshing it", async () => {
    const lock = locks.lock("ledger:with-3", 1);
    const owned = await withLock(lock, async ({ signal }) => {
      const deadline = Date.now() + 1600;
      // Wait on a condition: the TTL must have been renewed at least once by then.
      while (Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      return !signal.aborted && (await lock.isOwnedByCurrentProcess());
    });
    expect(owned).toBe(true);
  });

  it("releases the lock and rethrows when the routine fails", async () => {
    const lock = locks.lock("ledger:with-4", 5);
    await expect(withLock(lock, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await lock.isLocked()).toBe(false);
  });

  it("refuses a lock without expiry (seconds = 0)", async () => {
    await expect(withLock(locks.lock("ledger:with-5", 0), () => 1)).rejects.toBeInstanceOf(RangeError);
  });
});

describe("faults", () => {
  it("gives a strictly larger fence token after Redis is killed and restarted empty, and the old holder's release deletes nothing", async () => {
    const old = locks.lock("ledger:fault-1", 30, "old-holder-00001");
    const oldToken = (await old.acquireFenced()) as bigint;
    await server.kill();
    await server.restart();
    const fresh = locks.lock("ledger:fault-1", 30, "new-holder-00001");
    let token: bigint | null = null;
    const deadline = Date.now() + 10_000;
    while (token === null && Date.now() < deadline) {
      token = await fresh.acquireFenced().catch(() => null);
      if (token === null) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(token).not.toBeNull();
    expect(token as bigint).toBeGreaterThan(oldToken);
    expect(await old.release()).toBe(false);
    expect(await fresh.isOwnedByCurrentProcess()).toBe(true);
  });

  it("reports an unreachable Redis as LockUnavailableError, never as 'not acquired'", async () => {
    await server.kill();
    try {
      await expect(locks.lock("ledger:fault-2", 5).get()).rejects.toBeInstanceOf(LockUnavailableError);
      // block() too: a failed attempt is an error, not a reason to poll until the timeout.
      await expect(locks.lock("ledger:fault-2", 5).block(30)).rejects.toBeInstanceOf(LockUnavailableError);
    } finally {
      await server.restart();
    }
  });
});
