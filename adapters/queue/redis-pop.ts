/**
 * `RedisQueue::pop()` as pipelines: migrateExpiredJobs(:delayed → q), migrateExpiredJobs(:reserved
 * → q) when retry_after is set, then the pop script (laravel-formats.md §7.3 step 1) — Laravel's
 * commands in Laravel's order, one round trip instead of three. The previous job's acknowledgement
 * (ZREM of its reserved bytes) rides in front (PERFORMANCE.md: 1 RTT per job).
 *
 * Lanes that pop the same queue in the same event-loop turn share one pipeline: all their acks, one
 * pair of migrations, then one pop each. Every pop is still preceded by a migration at the same
 * second, as if N Laravel workers had interleaved their identical, idempotent migrations.
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

export interface Ack {
  queue: string;
  reserved: Buffer;
}

interface Request {
  name: string | undefined;
  ack: Ack | undefined;
  resolve: (job: PoppedJob | null) => void;
  reject: (error: unknown) => void;
}

type Result = [Error | null, unknown];

export class PopBatcher {
  readonly #queue: RedisQueue;
  #pending = new Map<string, Request[]>();
  #waiting = 0;
  #lanes = 0;
  #scheduled = false;

  constructor(queue: RedisQueue) {
    this.#queue = queue;
  }

  /** Workers announce their lanes: when every lane waits, a batch goes out without waiting a turn. */
  addLanes(count: number): void {
    this.#lanes += count;
  }

  pop(name: string | undefined, ack?: Ack): Promise<PoppedJob | null> {
    return new Promise((resolve, reject) => {
      const key = this.#queue.getQueue(name);
      const list = this.#pending.get(key) ?? [];
      list.push({ name, ack, resolve, reject });
      this.#pending.set(key, list);
      this.#waiting++;
      if (this.#waiting >= Math.max(this.#lanes, 1)) this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const batches = this.#pending;
    this.#pending = new Map();
    this.#waiting = 0;
    for (const [key, requests] of batches) {
      send(this.#queue, key, requests).catch((error: unknown) => {
        for (const r of requests) r.reject(error);
      });
    }
  }
}

async function send(queue: RedisQueue, key: string, requests: Request[]): Promise<void> {
  const now = queue.now();
  const { retryAfter } = queue.config;
  const limit = queue.format.migrationBatchSize ? [queue.config.migrationBatchSize ?? -1] : [];
  const pipeline = queue.client.pipeline();
  const acks = requests.filter((r) => r.ack !== undefined);
  for (const r of acks) pipeline.zrem(`${queue.getQueue(r.ack?.queue)}:reserved`, r.ack?.reserved as Buffer);
  const migrations: Array<[string, string, string]> = [[`${key}:delayed`, key, `${key}:notify`]];
  if (retryAfter !== null) migrations.push([`${key}:reserved`, key, `${key}:notify`]);
  for (const keys of migrations) pipeline.evalsha(lua.migrateExpiredJobs.sha1, 3, ...keys, now, ...limit);
  const popKeys = [key, `${key}:reserved`, `${key}:notify`] as const;
  const until = now + (retryAfter ?? 0);
  // callBuffer: the reply bytes must stay exact (ZREM needs them); ioredis still prefixes the KEYS.
  for (let i = 0; i < requests.length; i++)
    pipeline.callBuffer("evalsha", lua.pop.sha1, 3, ...popKeys, until);
  const results = ((await pipeline.exec()) ?? []) as Result[];

  const ackFailed = new Set(acks.filter((_, i) => results[i]?.[0] != null));
  let failure: Error | undefined;
  for (let i = 0; i < migrations.length; i++) {
    const error = results[acks.length + i]?.[0];
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
  const first = acks.length + migrations.length;
  for (const [i, request] of requests.entries()) {
    try {
      let [popError, reply] = results[first + i] ?? [new Error("The pipeline returned no pop reply."), null];
      if (popError && isNoScript(popError)) {
        const again = ((await queue.client
          .pipeline()
          .callBuffer("eval", lua.pop.lua, 3, ...popKeys, until)
          .exec()) ?? []) as Result[];
        [popError, reply] = again[0] ?? [new Error("The pipeline returned no pop reply."), null];
      }
      if (popError) throw popError;
      const [raw, reserved] = (reply ?? [null, null]) as [Buffer | null, Buffer | null];
      if (raw !== null)
        request.resolve({
          raw,
          reserved,
          queue: queue.queueName(request.name),
          acked: !ackFailed.has(request),
        });
      // Nothing popped: a migration failure is worth reporting (nothing is lost by throwing now).
      else if (failure) request.reject(failure);
      else request.resolve(null);
    } catch (error) {
      request.reject(error);
    }
  }
}

function isNoScript(error: Error): boolean {
  return error.message.startsWith("NOSCRIPT");
}
