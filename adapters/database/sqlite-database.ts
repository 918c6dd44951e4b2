/**
 * One SQLite API over two drivers: better-sqlite3 when its native addon loads, otherwise Node's
 * built-in `node:sqlite` (Node.js ≥ 22.13 / 23.4 without a flag). The addon is compiled for one
 * Node ABI at install time, so an app installed under Node 20 and run on 22, or installed without
 * a compiler, still gets SQLite. The surface is the part of better-sqlite3's API both drivers can
 * honour identically (positional `?` parameters, plain-object rows, Buffers for blobs, `changes`
 * as a number, bigints on request, nested transactions), so callers written against better-sqlite3
 * keep working. Used by the failed_jobs store (adapters/queue/failed/sqlite.ts) and the ledger.
 *
 * What still differs between the drivers, on purpose left alone: the class and `code` of a SQL
 * error (better-sqlite3's `SqliteError` `SQLITE_CONSTRAINT_UNIQUE`, node's `Error`
 * `ERR_SQLITE_ERROR` with `errcode`); the message, SQLite's own text, is the same. Integers above
 * 2^53 read without `safeIntegers()` lose precision on better-sqlite3 and throw a RangeError on
 * node:sqlite (even in a column `pluck()` drops): read them as bigints. A path in a missing
 * directory fails with different texts. Named parameters (`@name`) are not part of this surface.
 */
/** Which library opened the database. */
export type SqliteDriverName = "better-sqlite3" | "node:sqlite";

export interface SqliteRunResult {
  /** Rows inserted, updated or deleted by this statement. */
  changes: number;
  /** The rowid of the last insert on this connection; a bigint under `safeIntegers()`. */
  lastInsertRowid: number | bigint;
}

/** A prepared statement. Parameters are positional (`?`): null, number, bigint, string or Buffer. */
export interface SqliteStatement {
  run(...params: unknown[]): SqliteRunResult;
  /** The first row as a plain object (or its first column after `pluck()`), `undefined` if none. */
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** Rows become the value of their first column. */
  pluck(on?: boolean): this;
  /** Integers come back as bigint (exact beyond 2^53: amounts, fence tokens). */
  safeIntegers(on?: boolean): this;
}

export interface SqliteDatabase {
  readonly driver: SqliteDriverName;
  prepare(sql: string): SqliteStatement;
  /** Runs one or more statements that return nothing (DDL, `begin`, …). */
  exec(sql: string): void;
  /** `PRAGMA <source>`: its rows (`[{ timeout: 5000 }]` for `busy_timeout`), `[]` when it has none. */
  pragma(source: string): unknown[];
  /**
   * Wraps `fn` in BEGIN … COMMIT, ROLLBACK if it throws; nested calls use savepoints, as in
   * better-sqlite3. `fn` must be synchronous: one returning a promise is rolled back and refused.
   */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  /** `safeIntegers()` for every statement prepared after this call. */
  defaultSafeIntegers(on?: boolean): this;
  close(): void;
}

export interface SqliteOpenOptions {
  /**
   * How long a statement waits for another connection's write lock before SQLITE_BUSY
   * ("database is locked"): Laravel's `busy_timeout`, better-sqlite3's `timeout`. @default 5000
   */
  busyTimeoutMs?: number;
  /** The drivers to try, in order. @default ["better-sqlite3", "node:sqlite"] */
  drivers?: readonly SqliteDriverName[];
  /**
   * The module loaded as better-sqlite3, resolved from this package (a compatible fork, or a
   * module that does not exist to exercise the fallback). @default "better-sqlite3"
   */
  betterSqlite3?: string;
}
