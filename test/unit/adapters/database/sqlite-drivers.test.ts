/**
 * openSqlite() on each SQLite driver this Node.js can load (the contract), and the choice between
 * them: better-sqlite3 first, node:sqlite when better-sqlite3 does not load, a SqliteDriverUnavailableError
 * naming both when neither does. On this machine: Node 20 has the better-sqlite3 built at `npm ci` and
 * no node:sqlite; Node 22 (CI's second run) cannot load that addon and has node:sqlite.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  openSqlite,
  type SqliteDriverName,
  SqliteDriverUnavailableError,
} from "../../../../adapters/database/index.js";
import { connectSqlite } from "../../../../adapters/queue/failed/sqlite.js";
import { FailedJobStoreError } from "../../../../src/errors/queue-errors.js";
import { describeSqliteDatabase } from "../../../contracts/sqlite-database.contract.js";

// What this process can load, found out independently of the module under test.
const betterSqlite3Loads = (() => {
  try {
    const Database = createRequire(import.meta.url)("better-sqlite3") as new (
      path: string,
    ) => { close(): void };
    new Database(":memory:").close();
    return true;
  } catch {
    return false;
  }
})();
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
// Unflagged from 22.13 and 23.4 (22.5–22.12 and 23.0–23.3 need --experimental-sqlite, not used here).
const nodeSqliteBuiltIn = major > 23 || (major === 23 && minor >= 4) || (major === 22 && minor >= 13);
const available: Record<SqliteDriverName, boolean> = {
  "better-sqlite3": betterSqlite3Loads,
  "node:sqlite": nodeSqliteBuiltIn,
};
const MISSING = "./no-such-better-sqlite3-module.cjs";

for (const driver of ["better-sqlite3", "node:sqlite"] as const) {
  if (available[driver]) {
    describeSqliteDatabase(driver, (path, options = {}) => {
      const db = openSqlite(path, { ...options, drivers: [driver] });
      expect(db.driver).toBe(driver);
      return db;
    });
  } else {
    it(`refuses ${driver} on Node.js ${process.version} with a SqliteDriverUnavailableError saying why`, () => {
      const open = () => openSqlite(":memory:", { drivers: [driver] });
      expect(open).toThrow(SqliteDriverUnavailableError);
      expect(open).toThrow(
        driver === "node:sqlite"
          ? /node:sqlite is not built into Node\.js/
          : /better-sqlite3 (has a native addon that does not load|is not installed|did not load)/,
      );
    });
  }
}

describe("openSqlite() choosing a driver", () => {
  const expected = betterSqlite3Loads ? "better-sqlite3" : nodeSqliteBuiltIn ? "node:sqlite" : null;

  it(`takes ${expected ?? "neither driver"} by default on Node.js ${process.version}`, () => {
    if (expected === null) expect(() => openSqlite(":memory:")).toThrow(SqliteDriverUnavailableError);
    else expect(openSqlite(":memory:").driver).toBe(expected);
  });

  it("falls back to node:sqlite when better-sqlite3 is missing, or names both ways out when that is built in neither", () => {
    if (nodeSqliteBuiltIn) {
      const db = openSqlite(":memory:", { betterSqlite3: MISSING });
      expect(db.driver).toBe("node:sqlite");
      expect(db.prepare("select 1 + ? as two").get(1)).toEqual({ two: 2 });
      db.close();
      return;
    }
    let error: unknown;
    try {
      openSqlite(":memory:", { betterSqlite3: MISSING });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SqliteDriverUnavailableError);
    const unavailable = error as SqliteDriverUnavailableError;
    expect(unavailable.code).toBe("ERR_SQLITE_DRIVER_UNAVAILABLE");
    expect(unavailable.attempts.map((a) => a.driver)).toEqual(["better-sqlite3", "node:sqlite"]);
    expect(unavailable.attempts[0]?.reason).toMatch(/^is not installed \(Cannot find module/);
    expect(unavailable.message).toContain("npm install better-sqlite3");
    expect(unavailable.message).toContain("Node.js 22.13 or later, where node:sqlite is built in");
  });

  it("does not fall back when the file itself cannot be opened", () => {
    const open = () => openSqlite("/nonexistent-directory/for-sure/db.sqlite");
    if (expected === null) expect(open).toThrow(SqliteDriverUnavailableError);
    // better-sqlite3 checks the directory itself; node:sqlite reports SQLite's SQLITE_CANTOPEN.
    else expect(open).toThrow(/directory does not exist|unable to open database file/);
  });

  it("gives the failed_jobs store the same driver, or a FailedJobStoreError whose cause names both ways out", async () => {
    const connect = () => connectSqlite(":memory:", { betterSqlite3: MISSING });
    if (nodeSqliteBuiltIn) {
      const db = await connect();
      await db.execute("create table jobs (uuid text)");
      expect(await db.execute("insert into jobs (uuid) values (?), (?)", ["a", "b"])).toBe(2);
      expect(await db.select("select uuid from jobs where uuid = ?", ["b"])).toEqual([{ uuid: "b" }]);
      await db.close();
      return;
    }
    const failure = await connect().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FailedJobStoreError);
    expect(failure).toMatchObject({ code: "ERR_QUEUE_FAILED_STORE", driver: "sqlite" });
    expect((failure as Error).cause).toBeInstanceOf(SqliteDriverUnavailableError);
    expect((failure as Error).message).toMatch(/better-sqlite3.*node:sqlite/s);
  });
});
