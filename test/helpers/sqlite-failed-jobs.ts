/**
 * A SQLite file with Laravel's `failed_jobs` table (database-uuids layout), for queue tests whose
 * workers (Node or PHP) log failures there. The provider comes back open; close it when the test
 * only needed the table.
 */
import {
  connectFailedJobProvider,
  type DatabaseFailedJobProvider,
} from "../../adapters/queue/failed/database-failed-job-provider.js";

export async function createSqliteFailedJobs(path: string): Promise<DatabaseFailedJobProvider> {
  const failed = await connectFailedJobProvider("sqlite", {
    host: "",
    port: null,
    database: path,
    username: "",
    password: "",
  });
  await failed.createTable();
  return failed;
}
