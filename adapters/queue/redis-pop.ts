/**
 * `RedisQueue::pop()` as one pipeline: migrateExpiredJobs(:delayed → q), migrateExpiredJobs(:reserved
 * → q) when retry_after is set, then the pop script (laravel-formats.md §7.3 step 1) — Laravel's
 * commands in Laravel's order, one round trip instead of three. The previous job's acknowledgement
 * (ZREM of its reserved bytes) may ride in front of them (PERFORMANCE.md: 1 RTT per job).
 */
import * as lua from "./lua-scripts.js";
import type { RedisQueue } from "./redis-queue.js";

/** What the pop script handed back: the original bytes, and the re-encoded reserved copy (null = poison). */
export interface PoppedJob {
  raw: Buffer;
  reserved: Buffer | null;
  /** The queue name (without `queues:`). */
  queue: string;
  /** False when the piggybacked ZREM failed; the caller must send it again. */
  acked: boolean;
}

type Result = [Error | null, unknown];

/** Pops one job from `name` (with the optional ack in front). Null when the queue had nothing ready. */
export async function popPipelined(
  queue: RedisQueue,
  name: string | undefined,
  ack?: { queue: string; reserved: Buffer },
): Promise<PoppedJob | null> {
  const key = queue.getQueue(name);
  const now = queue.now();
  const { retryAfter } = queue.config;
  const limit = queue.format.migrationBatchSize ? [queue.config.migrationBatchSize ?? -1] : [];
  const pipeline = queue.client.pipeline();
  if (ack) pipeline.zrem(`${queue.getQueue(ack.queue)}:reserved`, ack.reserved);
  const migrations: Array<[string, string, string]> = [[`${key}:delayed`, key, `${key}:notify`]];
  if (retryAfter !== null) migrations.push([`${key}:reserved`, key, `${key}:notify`]);
  for (const keys of migrations) pipeline.evalsha(lua.migrateExpiredJobs.sha1, 3, ...keys, now, ...limit);
  const popKeys = [key, `${key}:reserved`, `${key}:notify`] as const;
  const until = now + (retryAfter ?? 0);
  // callBuffer: the reply bytes must stay exact (ZREM needs them); ioredis still prefixes the KEYS.
  pipeline.callBuffer("evalsha", lua.pop.sha1, 3, ...popKeys, until);
  const results = ((await pipeline.exec()) ?? []) as Result[];

  const offset = ack ? 1 : 0;
  const acked = ack ? results[0]?.[0] == null : true;
  let failure: Error | undefined;
  for (let i = 0; i < migrations.length; i++) {
    const error = results[offset + i]?.[0];
    if (!error) continue;
    // NOSCRIPT (Redis restarted or SCRIPT FLUSH): run it again with EVAL, which caches it.
    if (isNoScript(error))
      await lua.migrateExpiredJobs.run(
        queue.client,
        migrations[i] as [string, string, string],
        [now, ...limit] as [number],
      );
    else failure ??= error;
  }
  let [popError, reply] = results[offset + migrations.length] ?? [
    new Error("The pipeline returned no pop reply."),
    null,
  ];
  if (popError && isNoScript(popError)) {
    const again = ((await queue.client
      .pipeline()
      .callBuffer("eval", lua.pop.lua, 3, ...popKeys, until)
      .exec()) ?? []) as Result[];
    [popError, reply] = again[0] ?? [new Error("The pipeline returned no pop reply."), null];
  }
  if (popError) throw popError;
  const [raw, reserved] = (reply ?? [null, null]) as [Buffer | null, Buffer | null];
  if (raw === null) {
    // Nothing popped: a migration failure is worth reporting (nothing is lost by throwing now).
    if (failure) throw failure;
    return null;
  }
  return { raw, reserved, queue: queue.queueName(name), acked };
}

function isNoScript(error: Error): boolean {
  return error.message.startsWith("NOSCRIPT");
}
