/**
 * Golden replay: the original bytes Laravel 8 and 12 popped go through our pop script, and the
 * reserved copy must be exactly the one Redis' cjson gave Laravel (laravel-formats.md §7.4), along
 * with the attempts RedisJob reports. Also the failed_jobs schema is Laravel's.
 */
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlite, type SqliteDatabase } from "../../../../adapters/database/index.js";
import { sqliteDialect } from "../../../../adapters/queue/failed/sqlite.js";
import * as lua from "../../../../adapters/queue/lua-scripts.js";
import type { RedisClient } from "../../../../src/redis/client.js";
import { type GoldenBytes, type GoldenVersion, goldenBytes, loadGolden } from "../../../helpers/golden.js";
import { type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";

interface Entry {
  t: string;
  v?: GoldenBytes;
}
interface GoldenQueue {
  failedJobsTable: string;
  operations: Array<{ id: string; now: number; return: { t: string; entries?: Array<[Entry, Entry]> } }>;
}

let server: PrivateRedisServer;
let client: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  client = server.client(0);
});
afterAll(async () => {
  await server.stop();
});

describe.each<GoldenVersion>(["laravel-8", "laravel-12"])("golden pops (%s)", (golden) => {
  const file = loadGolden<GoldenQueue>(golden, "queue");
  const pops = file.operations
    .filter((op) => op.return.t === "array")
    .map((op) => {
      const get = (key: string) => op.return.entries?.find(([k]) => k.v === key)?.[1];
      return {
        id: op.id,
        raw: get("rawBody"),
        reserved: get("reserved"),
        attempts: Number(get("attempts")?.v),
      };
    })
    .filter((p) => p.raw !== undefined && p.reserved !== undefined);

  it.each(pops.map((p) => [p.id, p] as const))(
    "re-encodes %s exactly as Laravel's reserved copy",
    async (_id, pop) => {
      await client.flushdb();
      const raw = goldenBytes(pop.raw?.v as GoldenBytes);
      await client.rpush("queues:default", raw);
      const [job, reserved] = await lua.pop.run(
        client as unknown as RedisClient,
        ["queues:default", "queues:default:reserved", "queues:default:notify"],
        [1],
      );
      expect(job).toBe(raw.toString());
      expect(reserved).toBe(goldenBytes(pop.reserved?.v as GoldenBytes).toString());
      expect((JSON.parse(raw.toString()) as { attempts: number }).attempts + 1).toBe(pop.attempts);
    },
  );

  it("creates failed_jobs with the columns of Laravel's migration", async () => {
    const theirs = openSqlite(":memory:");
    const ours = openSqlite(":memory:");
    theirs.exec(file.failedJobsTable);
    for (const sql of sqliteDialect.createTable("failed_jobs")) ours.exec(sql);
    const columns = (db: SqliteDatabase) => db.prepare("pragma table_info(failed_jobs)").all();
    expect(columns(ours)).toEqual(columns(theirs));
    theirs.close();
    ours.close();
  });
});
