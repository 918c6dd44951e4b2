/**
 * The Lock contract (Illuminate\Contracts\Cache\Lock as RedisLock and ArrayLock implement it): the
 * same behaviour sentences for every driver, RedisLock in test/integration and ArrayLock in
 * test/unit. `block()` sleeps through the contract's own sleep function, which moves the harness
 * clock (and TTLs) and can act in between, so nothing here waits on real time.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LockProvider } from "../../src/contracts/cache.js";
import { LockTimeoutError } from "../../src/errors/lock-errors.js";

export interface LockHarness {
  /** Locks whose `block()` waits with `sleep` and reads the harness clock. */
  makeLocks(sleep: (milliseconds: number) => Promise<void>): LockProvider;
  /** Lets `seconds` pass for lock TTLs and the clock. */
  elapse(seconds: number): Promise<void>;
  /** Frees every lock before each test. */
  reset(): Promise<void>;
}

export function describeLock(name: string, makeHarness: () => LockHarness | Promise<LockHarness>): void {
  describe(`${name}: the lock contract`, () => {
    let h: LockHarness;
    let locks: LockProvider;
    /** Runs at each block() sleep (after time moved on); set per test. */
    let duringSleep: (sleeps: number) => Promise<void> | void;
    let sleeps = 0;
    beforeAll(async () => {
      h = await makeHarness();
      locks = h.makeLocks(async (milliseconds) => {
        sleeps++;
        await h.elapse(milliseconds / 1000);
        await duringSleep(sleeps);
      });
    });
    beforeEach(async () => {
      await h.reset();
      sleeps = 0;
      duringSleep = () => undefined;
    });

    it("lets one owner in: a second lock of the same name is refused until the first is released", async () => {
      const first = locks.lock("report", 10);
      const second = locks.lock("report", 10);
      expect(await first.get()).toBe(true);
      expect(await second.get()).toBe(false);
      expect(await locks.lock("other", 10).get()).toBe(true);
      expect(await first.release()).toBe(true);
      expect(await second.get()).toBe(true);
    });

    it("releases only for its owner: another owner's release is false and deletes nothing", async () => {
      const held = locks.lock("payout", 10);
      await held.get();
      expect(await locks.lock("payout", 10).release()).toBe(false);
      expect(await locks.restoreLock("payout", "not-the-owner").release()).toBe(false);
      expect(await held.isOwnedByCurrentProcess()).toBe(true);
      expect(await locks.lock("payout", 10).get()).toBe(false);
    });

    it("releases a lock taken elsewhere through restoreLock() with its owner string", async () => {
      const held = locks.lock("import", 30);
      await held.get();
      const restored = locks.restoreLock("import", held.owner());
      expect(await restored.isOwnedByCurrentProcess()).toBe(true);
      expect(await restored.release()).toBe(true);
      expect(await held.isLocked()).toBe(false);
    });

    it("frees the lock with forceRelease() whoever holds it", async () => {
      await locks.lock("stuck", 0).get();
      await locks.lock("stuck").forceRelease();
      expect(await locks.lock("stuck", 5).get()).toBe(true);
    });

    it("expires a lock after its seconds, and never one taken with 0 seconds", async () => {
      await locks.lock("short", 5).get();
      await locks.lock("forever", 0).get();
      await h.elapse(4);
      expect(await locks.lock("short", 5).get()).toBe(false);
      await h.elapse(2);
      expect(await locks.lock("short", 5).get()).toBe(true);
      await h.elapse(86_400);
      expect(await locks.lock("forever", 5).get()).toBe(false);
    });

    it("runs get(callback) inside the lock and releases it; held elsewhere, returns false without running", async () => {
      let runs = 0;
      expect(await locks.lock("job", 10).get(() => ++runs)).toBe(1);
      expect(await locks.lock("job", 10).get()).toBe(true);
      expect(await locks.lock("job", 10).get(() => ++runs)).toBe(false);
      expect(runs).toBe(1);
    });

    it("releases after get(callback) even when the callback throws", async () => {
      await expect(
        locks.lock("fragile", 10).get(() => {
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await locks.lock("fragile", 10).get()).toBe(true);
    });

    it("makes block() poll until the holder releases, then runs the callback and releases", async () => {
      const holder = locks.lock("busy", 30);
      await holder.get();
      duringSleep = async (n) => {
        if (n === 2) await holder.release();
      };
      const waiter = locks.lock("busy", 30);
      expect(await waiter.block(5, () => "done")).toBe("done");
      expect(sleeps).toBe(2);
      expect(await waiter.isLocked()).toBe(false);
    });

    it("releases after a block() callback that throws, and rethrows its error", async () => {
      const failing = locks.lock("block-fragile", 10);
      await expect(
        failing.block(5, () => {
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await failing.isLocked()).toBe(false);
      expect(sleeps).toBe(0);
    });

    it("gives up block(1) with LockTimeoutError after Laravel's 4 attempts 250 ms apart", async () => {
      await locks.lock("taken", 30).get();
      const error = await locks
        .lock("taken", 30)
        .block(1)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockTimeoutError);
      expect(sleeps).toBe(3);
      const faster = locks.lock("taken", 30).betweenBlockedAttemptsSleepFor(100);
      sleeps = 0;
      await expect(faster.block(1)).rejects.toBeInstanceOf(LockTimeoutError);
      expect(sleeps).toBe(9);
    });

    it("answers owner(), isOwnedByCurrentProcess(), isOwnedBy() and isLocked()", async () => {
      const lock = locks.lock("status", 10);
      expect(lock.owner()).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(locks.lock("status", 10, "given-owner").owner()).toBe("given-owner");
      expect(await lock.isLocked()).toBe(false);
      expect(await lock.isOwnedByCurrentProcess()).toBe(false);
      await lock.get();
      expect(await lock.isLocked()).toBe(true);
      expect(await lock.isOwnedByCurrentProcess()).toBe(true);
      expect(await lock.isOwnedBy(lock.owner())).toBe(true);
      expect(await locks.lock("status", 10).isOwnedByCurrentProcess()).toBe(false);
    });

    it("refreshes only its own lock, and refresh(0) removes the expiry", async () => {
      const lock = locks.lock("long", 10);
      await lock.get();
      await h.elapse(8);
      expect(await lock.refresh()).toBe(true);
      await h.elapse(8);
      expect(await locks.lock("long", 10).get()).toBe(false);
      expect(await locks.lock("long", 10).refresh()).toBe(false);
      expect(await lock.refresh(0)).toBe(true);
      await h.elapse(86_400);
      expect(await lock.isOwnedByCurrentProcess()).toBe(true);
    });

    it("deletes nothing when a holder releases after its lock expired and another took it", async () => {
      const old = locks.lock("expiring", 5);
      await old.get();
      await h.elapse(6);
      const next = locks.lock("expiring", 5);
      expect(await next.get()).toBe(true);
      expect(await old.release()).toBe(false);
      expect(await next.isOwnedByCurrentProcess()).toBe(true);
    });
  });
}
