/**
 * A payload handed over already built (`pushRaw`, `laterRaw`, `bulkRaw`, `queue:retry`): checked
 * before it reaches Redis, because Laravel's pop script silently drops a job whose JSON has no numeric
 * `attempts` (laravel-formats.md §7.4), and its `id`/`uuid` read back for the QueuedJob. Payloads
 * the queue builds itself skip this: their ids are known.
 */
import { InvalidPayloadError } from "../../src/errors/queue-errors.js";
import type { PayloadIds } from "./payload.js";

/** The payload's ids; throws InvalidPayloadError when it is not JSON or has no numeric `attempts`. */
export function rawPayloadIds(payload: string): PayloadIds {
  let decoded: { id?: unknown; uuid?: unknown; attempts?: unknown };
  try {
    decoded = JSON.parse(payload) as typeof decoded;
  } catch (cause) {
    throw new InvalidPayloadError(
      "json",
      "The payload is not valid JSON; build it with push() or dispatch().",
      { cause },
    );
  }
  // The pop script adds 1 to `attempts` after LPOP: without a number there, the job is lost (§7.4).
  if (decoded === null || typeof decoded !== "object" || typeof decoded.attempts !== "number") {
    throw new InvalidPayloadError(
      "attempts",
      'The payload has no numeric "attempts"; Laravel\'s pop script would drop it. Add "attempts":0.',
    );
  }
  return { id: String(decoded.id ?? ""), uuid: String(decoded.uuid ?? "") };
}
