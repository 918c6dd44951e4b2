/** failed_jobs on MySQL / MariaDB through `mysql2` (optional peer; Laravel's `mysql` / `mariadb` drivers). */
import { FailedJobStoreError } from "../../../src/errors/queue-errors.js";
import type { DatabaseSettings, SqlConnection, SqlDialect } from "./sql-connection.js";

export const mysqlDialect: SqlDialect = {
  name: "mysql",
  quote: (id) => `\`${id.replaceAll("`", "``")}\``,
  createTable: (table) => [
    `create table if not exists \`${table}\` (\`id\` bigint unsigned not null auto_increment primary key, \`uuid\` varchar(255) not null, \`connection\` text not null, \`queue\` text not null, \`payload\` longtext not null, \`exception\` longtext not null, \`failed_at\` timestamp not null default CURRENT_TIMESTAMP, unique \`${table}_uuid_unique\`(\`uuid\`)) default character set utf8mb4 collate 'utf8mb4_unicode_ci'`,
  ],
  upsert: (table, columns) =>
    `insert into \`${table}\` (${columns.map((c) => `\`${c}\``).join(", ")}) values (${columns.map(() => "?").join(", ")}) ` +
    `on duplicate key update ${columns
      .filter((c) => c !== "uuid")
      .map((c) => `\`${c}\` = values(\`${c}\`)`)
      .join(", ")}`,
};

interface MysqlConnection {
  query(sql: string, params?: unknown[]): Promise<[unknown, unknown]>;
  end(): Promise<void>;
}

export async function connectMysql(settings: DatabaseSettings): Promise<SqlConnection> {
  let mysql: { createConnection(config: object | string): Promise<MysqlConnection> };
  try {
    mysql = ((await import("mysql2/promise")) as unknown as { default: typeof mysql }).default;
  } catch (cause) {
    throw new FailedJobStoreError(
      "mysql",
      "The MySQL failed_jobs store needs the mysql2 driver: npm install mysql2.",
      { cause },
    );
  }
  let connection: MysqlConnection;
  try {
    connection = await mysql.createConnection(
      settings.url ?? {
        host: settings.host,
        port: settings.port ?? 3306,
        database: settings.database,
        user: settings.username,
        password: settings.password,
        // failed_at comes back as the 'Y-m-d H:i:s' text Laravel wrote, in UTC like the writes.
        dateStrings: true,
        timezone: "Z",
        charset: "utf8mb4",
      },
    );
  } catch (cause) {
    throw new FailedJobStoreError(
      "mysql",
      `Could not connect to MySQL at ${settings.host}:${settings.port ?? 3306} for failed_jobs: check DB_HOST, DB_PORT, DB_DATABASE, DB_USERNAME.`,
      { cause },
    );
  }
  await connection.query("set time_zone = '+00:00'");
  return {
    dialect: mysqlDialect,
    async execute(sql, params = []) {
      const [result] = await connection.query(sql, [...params]);
      return (result as { affectedRows?: number }).affectedRows ?? 0;
    },
    async select<T>(sql: string, params: readonly unknown[] = []) {
      const [rows] = await connection.query(sql, [...params]);
      return rows as T[];
    },
    async close() {
      await connection.end();
    },
  };
}
