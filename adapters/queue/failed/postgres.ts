/** failed_jobs on PostgreSQL through `pg` (optional peer; Laravel's `pgsql` driver). */
import { FailedJobStoreError } from "../../../src/errors/queue-errors.js";
import type { DatabaseSettings, SqlConnection, SqlDialect } from "./sql-connection.js";

export const postgresDialect: SqlDialect = {
  name: "pgsql",
  quote: (id) => `"${id.replaceAll('"', '""')}"`,
  createTable: (table) => [
    `create table if not exists "${table}" ("id" bigserial primary key not null, "uuid" varchar(255) not null, "connection" text not null, "queue" text not null, "payload" text not null, "exception" text not null, "failed_at" timestamp(0) without time zone default CURRENT_TIMESTAMP not null)`,
    `create unique index if not exists "${table}_uuid_unique" on "${table}" ("uuid")`,
  ],
  upsert: (table, columns) =>
    `insert into "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) values (${columns.map(() => "?").join(", ")}) ` +
    `on conflict ("uuid") do update set ${columns
      .filter((c) => c !== "uuid")
      .map((c) => `"${c}" = excluded."${c}"`)
      .join(", ")}`,
};

interface PgClient {
  connect(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  end(): Promise<void>;
}

export async function connectPostgres(settings: DatabaseSettings): Promise<SqlConnection> {
  let pg: {
    Client: new (config: object) => PgClient;
    types: { setTypeParser(oid: number, parse: (v: string) => string): void };
  };
  try {
    pg = ((await import("pg")) as unknown as { default: typeof pg }).default;
  } catch (cause) {
    throw new FailedJobStoreError(
      "pgsql",
      "The PostgreSQL failed_jobs store needs the pg driver: npm install pg.",
      { cause },
    );
  }
  // `timestamp without time zone` as the text Laravel wrote (pg would turn it into a local Date).
  pg.types.setTypeParser(1114, (value) => value);
  const client = new pg.Client(
    settings.url
      ? { connectionString: settings.url }
      : {
          host: settings.host,
          port: settings.port ?? 5432,
          database: settings.database,
          user: settings.username,
          password: settings.password,
        },
  );
  try {
    await client.connect();
  } catch (cause) {
    throw new FailedJobStoreError(
      "pgsql",
      `Could not connect to PostgreSQL at ${settings.host}:${settings.port ?? 5432} for failed_jobs: check DB_HOST, DB_PORT, DB_DATABASE, DB_USERNAME.`,
      { cause },
    );
  }
  const numbered = (sql: string): string => {
    let i = 0;
    return sql.replace(/\?/g, () => `$${++i}`);
  };
  return {
    dialect: postgresDialect,
    async execute(sql, params = []) {
      return (await client.query(numbered(sql), [...params])).rowCount ?? 0;
    },
    async select<T>(sql: string, params: readonly unknown[] = []) {
      return (await client.query(numbered(sql), [...params])).rows as T[];
    },
    async close() {
      await client.end();
    },
  };
}
