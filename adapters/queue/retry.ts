/**
 * ≈ `php artisan queue:retry` (RetryCommand::retryJob): the failed payload with `attempts` reset to
 * 0 and `retryUntil` refreshed, re-encoded with plain `json_encode` (escaped slashes and unicode,
 * key order kept, `{}` → `[]`: PHP arrays), pushed raw onto its queue, then forgotten.
 *
 * Laravel refreshes `retryUntil` by calling the job's PHP `retryUntil()` method; Node cannot, so it
 * keeps the job's original window: `createdAt` (12.11+) to `retryUntil`, re-applied from now. Without
 * `createdAt` (8.x–12.10) the old value is kept unless `retryUntil` is given.
 */

import { PhpArray, type PhpValue } from "../../src/codecs/php/values.js";
import type { FailedJobProvider, QueuedJob } from "../../src/contracts/queue.js";
import { InvalidPayloadError } from "../../src/errors/queue-errors.js";
import { phpJsonDecode, phpJsonEncode } from "./php-json.js";

export interface RetryOptions {
  /** UNIX seconds now. */
  now: number;
  /** Overrides the refreshed `retryUntil` (UNIX seconds) for a payload. */
  retryUntil?: (payload: PhpArray) => number | null | undefined;
}

/** The payload queue:retry pushes for `payload`. */
export function retryPayload(payload: string, options: RetryOptions): string {
  const decoded = phpJsonDecode(payload);
  if (!(decoded instanceof PhpArray))
    throw new InvalidPayloadError("json", "A failed job payload must be a JSON object.");
  const get = (key: string): PhpValue | undefined => decoded.entries.find(([k]) => k === key)?.[1];
  const set = (key: string, value: PhpValue): void => {
    const entry = decoded.entries.find(([k]) => k === key);
    if (entry) entry[1] = value;
  };
  // resetAttempts: `isset($payload['attempts'])` — present and not null.
  if (get("attempts") !== undefined && get("attempts") !== null) set("attempts", 0n);
  const current = toSeconds(get("retryUntil"));
  if (current !== null) {
    const override = options.retryUntil?.(decoded);
    const createdAt = toSeconds(get("createdAt"));
    const refreshed =
      override !== undefined ? override : createdAt !== null ? options.now + (current - createdAt) : current;
    set("retryUntil", refreshed === null ? null : BigInt(refreshed));
  }
  return phpJsonEncode(decoded, { escapeUnicode: true });
}

/** Retries failed jobs by uuid: push first, forget after (a push with an unknown outcome keeps the row). */
export async function retryFailedJobs(
  failed: FailedJobProvider,
  uuids: readonly string[],
  push: (payload: string, queue: string) => Promise<QueuedJob>,
  options: RetryOptions,
): Promise<Array<{ uuid: string; pushed: QueuedJob | null }>> {
  const results: Array<{ uuid: string; pushed: QueuedJob | null }> = [];
  for (const uuid of uuids) {
    const record = await failed.find(uuid);
    if (!record) {
      results.push({ uuid, pushed: null });
      continue;
    }
    const pushed = await push(retryPayload(record.payload, options), record.queue);
    await failed.forget(uuid);
    results.push({ uuid, pushed });
  }
  return results;
}

function toSeconds(value: PhpValue | undefined): number | null {
  if (typeof value === "bigint") return Number(value);
  if (value !== null && typeof value === "object" && "kind" in value && value.kind === "float")
    return Math.floor(value.value);
  return null;
}
