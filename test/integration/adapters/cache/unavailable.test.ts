import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RedisStore } from "../../../../adapters/cache/redis-store.js";
import { Repository } from "../../../../adapters/cache/repository.js";
import { CacheUnavailableError } from "../../../../src/errors/cache-errors.js";
import { RedisConnectionError } from "../../../../src/errors/connection-error.js";
import { ConnectionManager } from "../../../../src/redis/connection-manager.js";
import { eventually } from "../../../helpers/eventually.js";
import {
  type PrivateRedisServer,
  privateRedisConfig,
  startRedisServer,
} from "../../../helpers/redis-server.js";

/** What an operation rejected with (undefined if it resolved), captured at once: no unhandled rejection. */
const rejection = (operation: Promise<unknown>): Promise<unknown> =>
  operation.then(
    () => undefined,
    (e: unknown) => e,
  );

/** The typed error chain a Redis failure must reach the caller with: CacheUnavailableError ← RedisConnectionError. */
function unavailableCause(error: unknown): RedisConnectionError {
  expect(error).toBeInstanceOf(CacheUnavailableError);
  const cause = (error as CacheUnavailableError).cause;
  expect(cause).toBeInstanceOf(RedisConnectionError);
  return cause as RedisConnectionError;
}

const connectionFailure = async (operation: Promise<unknown>): Promise<RedisConnectionError> =>
  unavailableCause(await rejection(operation));

for (const autoPipelining of [false, true]) {
  describe(`cache with Redis unavailable (autoPipelining ${autoPipelining})`, () => {
    let server: PrivateRedisServer;
    let connections: ConnectionManager;
    let cache: Repository;

    beforeEach(async () => {
      server = await startRedisServer();
      connections = new ConnectionManager(privateRedisConfig(server, "app_"), {
        autoPipelining,
        retry: { baseDelayMs: 20, maxDelayMs: 100 },
      });
      cache = new Repository(new RedisStore(connections.connection("cache"), "app_cache:"));
      await cache.put("k", "v", 60);
    });
    afterEach(async () => {
      await connections.close();
      await server.stop();
    });

    it("rejects the gets and puts in flight when the server dies as lost commands that may have run", async () => {
      server.pause();
      const inFlight = [cache.get("k"), cache.put("k", "w", 60), cache.get("other")].map(rejection);
      await server.kill();
      for (const operation of inFlight) {
        const cause = unavailableCause(await operation);
        expect(cause.kind).toBe("lost");
        expect(cause.commandMayHaveRun).toBe(true);
      }
    });

    it("fails fast with the real cause while the server is down, and works again once it is back", async () => {
      await server.kill();
      await eventually(async () => {
        const cause = await connectionFailure(cache.get("k"));
        expect(cause.kind).toBe("refused");
      });
      const cause = await connectionFailure(cache.put("k", "w", 60));
      expect(cause.commandMayHaveRun).toBe(false);
      await server.restart();
      await eventually(() => cache.put("k", "back", 60));
      expect(await cache.get("k")).toBe("back");
    });

    it("answers a miss with failOpen, and still throws for writes", async () => {
      const lenient = new Repository(cache.store, { failOpen: true });
      await server.kill();
      await eventually(async () => expect(await lenient.get("k", "fallback")).toBe("fallback"));
      await connectionFailure(lenient.put("k", "w", 60));
    });

    it("passes server errors through unchanged (not as unavailable)", async () => {
      await connections.connection("cache").call("rpush", "app_cache:list", "x");
      const error = await cache.increment("list").catch((e: unknown) => e);
      expect(error).not.toBeInstanceOf(CacheUnavailableError);
      expect(String(error)).toMatch(/WRONGTYPE|not an integer/);
    });
  });
}
