/**
 * SqliteDatabase on better-sqlite3: its own API already is the contract, so this only forwards
 * (statements are better-sqlite3's, unwrapped: no cost per row).
 */
import type { SqliteDatabase, SqliteStatement } from "./sqlite-database.js";

/** The part of better-sqlite3's Database used here (its @types are a devDependency, not ours to ship). */
interface BetterSqlite3Native {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(source: string): unknown;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  defaultSafeIntegers(on?: boolean): unknown;
  close(): unknown;
}

export type BetterSqlite3Constructor = new (path: string) => BetterSqlite3Native;

export class BetterSqlite3Database implements SqliteDatabase {
  readonly driver = "better-sqlite3" as const;
  readonly #db: BetterSqlite3Native;

  constructor(Database: BetterSqlite3Constructor, path: string) {
    this.#db = new Database(path);
  }

  prepare(sql: string): SqliteStatement {
    return this.#db.prepare(sql);
  }

  exec(sql: string): void {
    this.#db.exec(sql);
  }

  pragma(source: string): unknown[] {
    // Not prepare("pragma …").all(): better-sqlite3 refuses all() on a pragma that returns no rows.
    return this.#db.pragma(source) as unknown[];
  }

  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    // better-sqlite3 rolls back and throws a TypeError when fn returns a promise.
    return this.#db.transaction(fn);
  }

  defaultSafeIntegers(on = true): this {
    this.#db.defaultSafeIntegers(on);
    return this;
  }

  close(): void {
    this.#db.close();
  }
}
