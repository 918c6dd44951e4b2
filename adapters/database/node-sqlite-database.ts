/**
 * SqliteDatabase on Node's built-in `node:sqlite` (DatabaseSync), shaped like better-sqlite3: rows
 * as plain objects (node returns null-prototype ones), blobs as Buffer (node: Uint8Array), `changes`
 * as a number (node: a bigint under setReadBigInts), `pluck()`, `defaultSafeIntegers()`, and
 * transactions with savepoints for nesting, which DatabaseSync does not have.
 */
import type { SqliteDatabase, SqliteRunResult, SqliteStatement } from "./sqlite-database.js";

/** The part of node:sqlite used here (@types/node 20 does not describe it). */
export interface NodeSqliteModule {
  DatabaseSync: new (path: string) => NodeDatabaseSync;
}

interface NodeDatabaseSync {
  prepare(sql: string): NodeStatementSync;
  exec(sql: string): void;
  close(): void;
  /** Node ≥ 22.16 / 23.11; older versions leave it undefined. */
  readonly isTransaction?: boolean;
}

interface NodeStatementSync {
  run(...params: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: unknown[]): Record<string, unknown> | undefined;
  all(...params: unknown[]): Record<string, unknown>[];
  setReadBigInts(on: boolean): void;
}

export class NodeSqliteDatabase implements SqliteDatabase {
  readonly driver = "node:sqlite" as const;
  readonly #db: NodeDatabaseSync;
  #safeIntegers = false;
  /** Open transactions made by transaction(), for Node versions without `isTransaction`. */
  #depth = 0;

  constructor(sqlite: NodeSqliteModule, path: string) {
    this.#db = new sqlite.DatabaseSync(path);
  }

  prepare(sql: string): SqliteStatement {
    return new NodeSqliteStatement(this.#db.prepare(sql), this.#safeIntegers);
  }

  exec(sql: string): void {
    this.#db.exec(sql);
  }

  pragma(source: string): unknown[] {
    return this.prepare(`pragma ${source}`).all();
  }

  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    return (...args: A): R => {
      const nested = this.#db.isTransaction ?? this.#depth > 0;
      const savepoint = `"lrb_transaction_${this.#depth}"`;
      this.#db.exec(nested ? `savepoint ${savepoint}` : "begin");
      this.#depth++;
      try {
        const result = fn(...args);
        // A promise would let the commit run before the work it awaits: refused, as better-sqlite3 does.
        if (typeof (result as { then?: unknown } | null)?.then === "function")
          throw new TypeError("Transaction function cannot return a promise");
        this.#db.exec(nested ? `release ${savepoint}` : "commit");
        return result;
      } catch (error) {
        // SQLite may have rolled the whole transaction back itself (SQLITE_FULL, ON CONFLICT ROLLBACK).
        if (this.#db.isTransaction !== false) this.#rollback(nested, savepoint, error);
        throw error;
      } finally {
        this.#depth--;
      }
    };
  }

  defaultSafeIntegers(on = true): this {
    this.#safeIntegers = on;
    return this;
  }

  close(): void {
    this.#db.close();
  }

  #rollback(nested: boolean, savepoint: string, failure: unknown): void {
    try {
      this.#db.exec(nested ? `rollback to ${savepoint}; release ${savepoint}` : "rollback");
    } catch (rollbackError) {
      throw new AggregateError(
        [failure, rollbackError],
        `A transaction failed (${(failure as Error).message}) and so did its rollback (${(rollbackError as Error).message}).`,
      );
    }
  }
}

class NodeSqliteStatement implements SqliteStatement {
  readonly #statement: NodeStatementSync;
  #pluck = false;

  constructor(statement: NodeStatementSync, safeIntegers: boolean) {
    this.#statement = statement;
    if (safeIntegers) statement.setReadBigInts(true);
  }

  run(...params: unknown[]): SqliteRunResult {
    const { changes, lastInsertRowid } = this.#statement.run(...params);
    return { changes: Number(changes), lastInsertRowid };
  }

  get(...params: unknown[]): unknown {
    const row = this.#statement.get(...params);
    return row === undefined ? undefined : this.#shape(row);
  }

  all(...params: unknown[]): unknown[] {
    return this.#statement.all(...params).map((row) => this.#shape(row));
  }

  pluck(on = true): this {
    this.#pluck = on;
    return this;
  }

  safeIntegers(on = true): this {
    this.#statement.setReadBigInts(on);
    return this;
  }

  #shape(row: Record<string, unknown>): unknown {
    if (this.#pluck) {
      // The first column. (A column named like an array index, "0", would be iterated first: alias it.)
      for (const column in row) return asBuffer(row[column]);
      return undefined;
    }
    const plain: Record<string, unknown> = {};
    for (const column in row) plain[column] = asBuffer(row[column]);
    return plain;
  }
}

const asBuffer = (value: unknown): unknown =>
  value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
