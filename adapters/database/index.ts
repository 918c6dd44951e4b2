/**
 * The bridge's SQLite access, shared by the stores that keep records in the app's SQLite database
 * (failed_jobs, the ledger): openSqlite() on better-sqlite3 or, where its addon does not load,
 * Node's built-in node:sqlite. Not a package subpath (yet): the stores use it internally.
 */
export { openSqlite } from "./open-sqlite.js";
export type {
  SqliteDatabase,
  SqliteDriverName,
  SqliteOpenOptions,
  SqliteRunResult,
  SqliteStatement,
} from "./sqlite-database.js";
export { type SqliteDriverAttempt, SqliteDriverUnavailableError } from "./sqlite-driver-error.js";
