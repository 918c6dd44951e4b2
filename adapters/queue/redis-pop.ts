/**
 * `RedisQueue::pop()` in one script call (lua-scripts.ts `popBatch`): the previous job's
 * acknowledgement (ZREM of its reserved bytes), migrateExpiredJobs(:delayed → q),
 * migrateExpiredJobs(:reserved → q) when retry_after is set, then the pop (laravel-formats.md §7.3
 * step 1) — Laravel's commands in Laravel's order, one round trip instead of four (PERFORMANCE.md).
 *
 * Lanes that pop the same queue in the same event-loop turn share the call: all their acks, one pair
 * of migrations, then one pop each. Every pop is still preceded by a migration at the same second,
 * as if N Laravel workers had interleaved their identical, idempotent migrations.
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
  const reservedKey = `${key}:reserved`;
  const own: Buffer[] = [];
  const foreign: Array<Promise<unknown>> = [];
  for (const r of requests) {
    if (!r.ack) continue;
    const ackKey = `${queue.getQueue(r.ack.queue)}:reserved`;
    // An ack of another queue (multi-queue workers) is its own ZREM: it may live in another slot.
    if (ackKey === reservedKey) own.push(r.ack.reserved);
    else foreign.push(queue.client.zrem(ackKey, r.ack.reserved));
  }
  const limit = queue.format.migrationBatchSize ? String(queue.config.migrationBatchSize ?? -1) : "";
  const args = [
    now,
    now + (retryAfter ?? 0),
    limit,
    retryAfter === null ? "0" : "1",
    requests.length,
    ...own,
  ];
  const keys = [key, `${key}:delayed`, reservedKey, `${key}:notify`] as const;
  let reply: Array<Buffer | null>;
  try {
    // callBuffer: the reply bytes must stay exact (ZREM needs them); ioredis still prefixes the KEYS.
    reply = (await queue.client.callBuffer(
      "evalsha",
      lua.popBatch.sha1,
      4,
      ...keys,
      ...args,
    )) as Array<Buffer | null>;
  } catch (error) {
    if (!(error instanceof Error) || !isNoScript(error)) throw error;
    // NOSCRIPT (Redis restarted or SCRIPT FLUSH): EVAL runs it and caches it again.
    reply = (await queue.client.callBuffer(
      "eval",
      lua.popBatch.lua,
      4,
      ...keys,
      ...args,
    )) as Array<Buffer | null>;
  }
  const foreignAcked = await Promise.allSettled(foreign);
  let f = 0;
  for (const [i, request] of requests.entries()) {
    const isForeign =
      request.ack !== undefined && `${queue.getQueue(request.ack.queue)}:reserved` !== reservedKey;
    const acked = isForeign ? foreignAcked[f++]?.status === "fulfilled" : true;
    const raw = reply[2 * i] ?? null;
    if (raw === null) request.resolve(null);
    else
      request.resolve({
        raw,
        reserved: reply[2 * i + 1] ?? null,
        queue: queue.queueName(request.name),
        acked,
      });
  }
}

function isNoScript(error: Error): boolean {
  return error.message.startsWith("NOSCRIPT");
}
