/**
 * What every `queue:*` command opens: the config (Laravel's env + --dotenv), the bridge's Redis
 * connections, the default cache store (queue:restart, maxExceptions) and the failed_jobs store of
 * DB_CONNECTION; closed again when the command ends.
 */
import type { Command } from "commander";
import { connectFailedJobProvider } from "../../../adapters/queue/failed/database-failed-job-provider.js";
import { QueueManager } from "../../../adapters/queue/queue-manager.js";
import { type Bridge, createBridge } from "../../bridge.js";

export interface QueueCommandContext {
  bridge: Bridge;
  queue: QueueManager;
}

export async function withQueue<T>(
  program: Command,
  use: (context: QueueCommandContext) => Promise<T>,
): Promise<T> {
  const { dotenv } = program.opts<{ dotenv?: string }>();
  const bridge = createBridge(dotenv === undefined ? {} : { envFile: dotenv });
  const { config } = bridge;
  let encrypter: Bridge["encrypter"] | undefined;
  try {
    encrypter = config.app.key === "" ? undefined : bridge.encrypter;
  } catch {
    // Without a usable APP_KEY only encrypted jobs fail, with a clear message; the rest works.
    encrypter = undefined;
  }
  const db = config.database.connection;
  const queue = new QueueManager(config.queue, {
    connections: bridge.connections,
    laravelVersion: config.laravelVersion,
    clock: bridge.clock,
    logger: bridge.logger,
    ...(encrypter ? { encrypter } : {}),
    cache: bridge.cache.store(),
    failedJobs: () =>
      connectFailedJobProvider(
        db.driver,
        {
          url: db.url,
          host: db.host,
          port: db.port,
          database: db.database,
          username: db.username,
          password: db.password,
        },
        { table: config.queue.failed.table, clock: bridge.clock },
      ),
  });
  try {
    return await use({ bridge, queue });
  } finally {
    await queue.close();
    await bridge.close();
  }
}

/** `--queue=a,b` → ["a", "b"]. */
export function queueList(value: string | undefined): string[] | undefined {
  const names = value
    ?.split(",")
    .map((q) => q.trim())
    .filter((q) => q !== "");
  return names && names.length > 0 ? names : undefined;
}

/** A class name for listings, like ListFailedCommand::extractJobName. */
export function jobNameOf(payload: string): string {
  try {
    const decoded = JSON.parse(payload) as {
      job?: string;
      data?: { command?: unknown; commandName?: unknown };
    };
    if (typeof decoded.data?.commandName === "string") return decoded.data.commandName;
    return decoded.job ?? "";
  } catch {
    return "(invalid JSON)";
  }
}
