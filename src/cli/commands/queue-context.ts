/**
 * What every `queue:*` command opens: the bridge (Laravel's env + --dotenv) and its queue, with the
 * default cache store (queue:restart, maxExceptions) and the failed_jobs store of DB_CONNECTION;
 * closed again when the command ends.
 */
import type { Command } from "commander";
import type { QueueManager } from "../../../adapters/queue/queue-manager.js";
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
  const queue = bridge.queue;
  try {
    return await use({ bridge, queue });
  } finally {
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
