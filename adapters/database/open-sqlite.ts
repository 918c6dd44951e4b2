/** openSqlite(): the one way the bridge opens a SQLite database (see sqlite-database.ts). */
import type { SqliteDatabase, SqliteDriverName, SqliteOpenOptions } from "./sqlite-database.js";
import { loadSqliteDriver } from "./sqlite-driver-loader.js";

/**
 * Opens `path` (a file, created if missing, or `:memory:`) with the first driver in
 * `options.drivers` that loads in this process; the choice is made once per process and option set.
 * @throws SqliteDriverUnavailableError when none loads (Node 20 without better-sqlite3), naming each
 *   driver and why it did not load. Errors opening the file itself (a missing directory) are
 *   SQLite's own and are not turned into a fallback.
 */
export function openSqlite(path: string, options: SqliteOpenOptions = {}): SqliteDatabase {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0)
    throw new RangeError(`busyTimeoutMs must be a whole number of milliseconds ≥ 0, not ${busyTimeoutMs}.`);
  const open = loadSqliteDriver(
    options.drivers ?? DEFAULT_DRIVERS,
    options.betterSqlite3 ?? "better-sqlite3",
  );
  const db = open(path);
  try {
    // Both drivers, same wait: better-sqlite3 defaults to 5 s, node:sqlite to 0 (fail at once).
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

const DEFAULT_DRIVERS: readonly SqliteDriverName[] = ["better-sqlite3", "node:sqlite"];
