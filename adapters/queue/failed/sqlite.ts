/** failed_jobs on SQLite through better-sqlite3 (the default store; Laravel's `sqlite` driver). */
import { FailedJobStoreError } from "../../../src/errors/queue-errors.js";
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

interface BetterSqlite {
  prepare(sql: string): {
    run(...params: unknown[]): { changes: number };
    all(...params: unknown[]): unknown[];
  };
  pragma(source: string): unknown;
  close(): void;
}

/** Opens `path` (DB_DATABASE; `:memory:` works). better-sqlite3 is loaded on first use. */
export async function connectSqlite(path: string): Promise<SqlConnection> {
  let Database: new (file: string) => BetterSqlite;
  try {
    Database = (
      (await import("better-sqlite3")) as unknown as { default: new (file: string) => BetterSqlite }
    ).default;
  } catch (cause) {
    throw new FailedJobStoreError(
      "sqlite",
      "The SQLite failed_jobs store needs better-sqlite3: npm install better-sqlite3.",
      { cause },
    );
  }
  const db = new Database(path);
  // Laravel's SQLite connection waits for writers; workers in several processes share the file.
  db.pragma("busy_timeout = 5000");
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
