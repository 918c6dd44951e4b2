/** The error openSqlite() throws when neither SQLite driver loads in this process. */
import { BridgeError } from "../../src/errors/bridge-error.js";
import type { SqliteDriverName } from "./sqlite-database.js";

/** One driver openSqlite() tried, and why it could not use it. */
export interface SqliteDriverAttempt {
  driver: SqliteDriverName;
  /** A sentence fragment after the driver's name: "is not installed (…)". */
  reason: string;
  cause: unknown;
}

/**
 * No SQLite driver loads here: typically Node.js 20 (no node:sqlite) without a working
 * better-sqlite3. The message names both ways out. The stores that open SQLite wrap it in their own
 * BridgeError (the failed_jobs store: FailedJobStoreError, `ERR_QUEUE_FAILED_STORE`) with this as `cause`.
 */
export class SqliteDriverUnavailableError extends BridgeError {
  readonly code = "ERR_SQLITE_DRIVER_UNAVAILABLE" as const;
  readonly attempts: readonly SqliteDriverAttempt[];

  constructor(attempts: readonly SqliteDriverAttempt[]) {
    const tried =
      attempts.map((a) => `${a.driver} ${a.reason}`).join("; ") || "the drivers option names none";
    super(
      `No SQLite driver loads in Node.js ${process.version}: ${tried}. ` +
        "Install better-sqlite3 (npm install better-sqlite3, which compiles it for the Node.js that runs npm) " +
        "or run Node.js 22.13 or later, where node:sqlite is built in.",
      { cause: attempts[0]?.cause },
    );
    this.attempts = attempts;
  }
}
