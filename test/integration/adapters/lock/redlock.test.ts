import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MultiMasterLock } from "../../../../adapters/lock/redlock.js";
import { LockContendedError, LockUnavailableError } from "../../../../src/errors/lock-errors.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";

// Three independent masters are three key prefixes on one private server here: Redlock only needs
// independent keyspaces to count votes; a real deployment uses three servers.
let server: PrivateRedisServer;
let masters: Redis[];

beforeAll(async () => {
  server = await startRedisServer();
  masters = [0, 1, 2].map(
    (n) => new Redis({ port: server.port, keyPrefix: `master${n}:`, maxRetriesPerRequest: 0 }),
  );
});
afterAll(async () => {
  for (const m of masters) m.disconnect();
  await server.stop();
});

describe("MultiMasterLock (Redlock through @sesamecare-oss/redlock)", () => {
  it("takes a quorum, refuses a second holder as contention, and frees the resource on release", async () => {
    const all = new MultiMasterLock(masters, { retryCount: 2, retryDelayMs: 10, retryJitterMs: 5 });
    const other = new MultiMasterLock(masters, { retryCount: 1, retryDelayMs: 5, retryJitterMs: 1 });
    const hold = await all.acquire(["ledger:42"], 2000);
    expect(hold.validUntil).toBeGreaterThan(Date.now());
    await expect(other.acquire(["ledger:42"], 2000)).rejects.toBeInstanceOf(LockContendedError);
    await hold.extend(3000);
    expect(hold.validUntil).toBeGreaterThan(Date.now() + 2000);
    await hold.release();
    const again = await all.acquire(["ledger:42"], 2000);
    await again.release();
  });

  it("reports unreachable masters as LockUnavailableError with each master's error, not as contention", async () => {
    const dead = new Redis({
      port: 1,
      maxRetriesPerRequest: 0,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    dead.on("error", () => {});
    const down = new MultiMasterLock([dead], { retryCount: 0 });
    const unavailable = await down.acquire(["x"], 1000).catch((e: unknown) => e);
    expect(unavailable).toBeInstanceOf(LockUnavailableError);
    expect((unavailable as LockUnavailableError).causes.length).toBe(1);
  });
});
