/**
 * ≈ Illuminate\Queue\Failed\DatabaseUuidFailedJobProvider (QUEUE_FAILED_DRIVER=database-uuids): the
 * `failed_jobs` table Laravel's `queue:failed`, `queue:retry`, `queue:forget` and `queue:flush` read,
 * on SQLite (default), PostgreSQL or MySQL/MariaDB. `failed_at` is `Y-m-d H:i:s` in UTC.
 */
import { randomUUID } from "node:crypto";
import type { FailedJobProvider, FailedJobRecord } from "../../../src/contracts/queue.js";
import { FailedJobStoreError } from "../../../src/errors/queue-errors.js";
import { type Clock, systemClock } from "../../../src/support/clock.js";
import { connectMysql } from "./mysql.js";
import { connectPostgres } from "./postgres.js";
import { type DatabaseSettings, FAILED_JOB_COLUMNS, type SqlConnection } from "./sql-connection.js";
import { connectSqlite } from "./sqlite.js";

interface Row {
  id: number | string;
  uuid: string;
  connection: string;
  queue: string;
  payload: string;
  exception: string;
  failed_at: string | Date;
}

export interface FailedJobProviderOptions {
  /** `queue.failed.table`. @default "failed_jobs" */
  table?: string;
  clock?: Clock;
}

export class DatabaseFailedJobProvider implements FailedJobProvider {
  readonly #db: SqlConnection;
  readonly #table: string;
  readonly #q: string;
  readonly #clock: Clock;

  constructor(db: SqlConnection, options: FailedJobProviderOptions = {}) {
    this.#db = db;
    this.#table = options.table ?? "failed_jobs";
    this.#q = db.dialect.quote(this.#table);
    this.#clock = options.clock ?? systemClock;
  }

  /** Creates the table as Laravel's failed_jobs migration does, when it is missing (dev and tests). */
  async createTable(): Promise<void> {
    for (const sql of this.#db.dialect.createTable(this.#table)) await this.#run(() => this.#db.execute(sql));
  }

  /**
   * `log()`: one row keyed by the payload uuid. A uuid already logged (the same job failing again
   * after a redelivery) replaces its row instead of breaking the unique index.
   */
  async log(connection: string, queue: string, payload: string, exception: string): Promise<string> {
    let uuid: string;
    try {
      const decoded = JSON.parse(payload) as { uuid?: unknown };
      uuid = typeof decoded.uuid === "string" && decoded.uuid !== "" ? decoded.uuid : randomUUID();
    } catch {
      // A poison payload (not JSON) still gets a row, under a fresh uuid, so it can be inspected.
      uuid = randomUUID();
    }
    const sql = this.#db.dialect.upsert(this.#table, FAILED_JOB_COLUMNS);
    await this.#run(() => this.#db.execute(sql, [uuid, connection, queue, payload, exception, this.#now()]));
    return uuid;
  }

  /** `all()`: newest first. */
  async all(): Promise<FailedJobRecord[]> {
    const rows = await this.#run(() => this.#db.select<Row>(`select * from ${this.#q} order by id desc`));
    return rows.map(toRecord);
  }

  async find(uuid: string): Promise<FailedJobRecord | null> {
    const rows = await this.#run(() =>
      this.#db.select<Row>(`select * from ${this.#q} where uuid = ? limit 1`, [uuid]),
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async forget(uuid: string): Promise<boolean> {
    return (await this.#run(() => this.#db.execute(`delete from ${this.#q} where uuid = ?`, [uuid]))) > 0;
  }

  /** `flush($hours)`: every row, or those that failed at least `hours` ago (12.x). */
  async flush(hours?: number): Promise<number> {
    if (hours === undefined || hours <= 0) return this.#run(() => this.#db.execute(`delete from ${this.#q}`));
    const before = formatUtc(new Date(this.#clock.now() - hours * 3_600_000));
    return this.#run(() => this.#db.execute(`delete from ${this.#q} where failed_at <= ?`, [before]));
  }

  /** `prune($before)` (queue:prune-failed). */
  async prune(before: Date): Promise<number> {
    return this.#run(() =>
      this.#db.execute(`delete from ${this.#q} where failed_at < ?`, [formatUtc(before)]),
    );
  }

  async close(): Promise<void> {
    await this.#db.close();
  }

  #now(): string {
    return formatUtc(new Date(this.#clock.now()));
  }

  async #run<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (cause) {
      const driver = this.#db.dialect.name;
      throw new FailedJobStoreError(
        driver,
        `The failed_jobs table [${this.#table}] could not be used (${driver}): ${(cause as Error).message}`,
        { cause },
      );
    }
  }
}

/** Opens the store for `DB_CONNECTION` (`sqlite`, `pgsql`, `mysql`, `mariadb`). */
export async function connectFailedJobProvider(
  driver: string,
  settings: DatabaseSettings,
  options: FailedJobProviderOptions = {},
): Promise<DatabaseFailedJobProvider> {
  let db: SqlConnection;
  if (driver === "sqlite") db = await connectSqlite(settings.database);
  else if (driver === "pgsql") db = await connectPostgres(settings);
  else if (driver === "mysql" || driver === "mariadb") db = await connectMysql(settings);
  else
    throw new FailedJobStoreError(
      driver,
      `DB_CONNECTION [${driver}] is not supported for failed_jobs: use sqlite, pgsql, mysql or mariadb.`,
    );
  return new DatabaseFailedJobProvider(db, options);
}

/** `Y-m-d H:i:s` in UTC, as Laravel's query builder writes `Date::now()`. */
export function formatUtc(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

function toRecord(row: Row): FailedJobRecord {
  const failedAt = row.failed_at instanceof Date ? formatUtc(row.failed_at) : String(row.failed_at);
  return {
    id: Number(row.id),
    uuid: row.uuid,
    connection: row.connection,
    queue: row.queue,
    payload: row.payload,
    exception: row.exception,
    failedAt,
  };
}
