/**
 * failed_jobs on SQLite (the default store; Laravel's `sqlite` driver), opened through
 * adapters/database: better-sqlite3, or Node's built-in node:sqlite where better-sqlite3's addon
 * does not load (installed under another Node.js, or without a compiler).
 */
import { FailedJobStoreError } from "../../../src/errors/queue-errors.js";
import {
  openSqlite,
  type SqliteDatabase,
  SqliteDriverUnavailableError,
  type SqliteOpenOptions,
} from "../../database/index.js";
import type { SqlConnection, SqlDialect } from "./sql-connection.js";

export const sqliteDialect: SqlDialect = {
  name: "sqlite",
  quote: (id) => `"${id.replaceAll('"', '""')}"`,
  createTable: (table) => [
    `create table if not exists "${table}" ("id" integer primary key autoincrement not null, "uuid" varchar not null, "connection" text not null, "queue" text not null, "payload" text not null, "exception" text not null, "failed_at" datetime not null default CURRENT_TIMESTAMP)`,
    `create unique index if not exists "${table}_uuid_unique" on "${table}" ("uuid")`,
  ],
  upsert: (table, columns) =>
    `insert into "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) values (${columns.map(() => "?").join(", ")}) ` +
    `on conflict ("uuid") do update set ${columns
      .filter((c) => c !== "uuid")
      .map((c) => `"${c}" = excluded."${c}"`)
      .join(", ")}`,
};

/**
 * Opens `path` (DB_DATABASE; `:memory:` works). Statements wait up to 5 s for another process's
 * write lock (busy_timeout), as workers in several processes share the file.
 * @throws FailedJobStoreError when no SQLite driver loads (its `cause` names both ways out)
 */
export async function connectSqlite(path: string, options: SqliteOpenOptions = {}): Promise<SqlConnection> {
  let db: SqliteDatabase;
  try {
    db = openSqlite(path, options);
  } catch (cause) {
    if (!(cause instanceof SqliteDriverUnavailableError)) throw cause;
    throw new FailedJobStoreError("sqlite", `The SQLite failed_jobs store has no driver. ${cause.message}`, {
      cause,
    });
  }
  return {
    dialect: sqliteDialect,
    async execute(sql, params = []) {
      return db.prepare(sql).run(...params).changes;
    },
    async select<T>(sql: string, params: readonly unknown[] = []) {
      return db.prepare(sql).all(...params) as T[];
    },
    async close() {
      db.close();
    },
  };
}
