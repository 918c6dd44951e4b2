/**
 * The small SQL surface the failed_jobs store needs, one implementation per dialect (sqlite.ts,
 * postgres.ts, mysql.ts). Each dialect also knows its DDL (Laravel's failed_jobs migration) and its
 * upsert syntax. Statements use `?` placeholders; a dialect rewrites them if it must.
 */
export interface SqlConnection {
  readonly dialect: SqlDialect;
  /** Runs a statement; resolves with the affected row count. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
  select<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface SqlDialect {
  /** Laravel's driver name: `sqlite`, `pgsql`, `mysql` (MariaDB too). */
  readonly name: "sqlite" | "pgsql" | "mysql";
  quote(identifier: string): string;
  /** Laravel's `failed_jobs` migration (database-uuids layout) for this dialect, if the table is missing. */
  createTable(table: string): string[];
  /** `insert … ; on uuid conflict update the other columns`. */
  upsert(table: string, columns: readonly string[]): string;
}

/** The failed_jobs columns in insert order. */
export const FAILED_JOB_COLUMNS = [
  "uuid",
  "connection",
  "queue",
  "payload",
  "exception",
  "failed_at",
] as const;

/** database.connections.<DB_CONNECTION> as the failed_jobs store needs it. `password` is a secret. */
export interface DatabaseSettings {
  url?: string | null;
  host: string;
  port: number | null;
  database: string;
  username: string;
  password: string;
}
