/**
 * JobPayload builder per Laravel version: `Queue::createStringPayload`, `createObjectPayload` and
 * `RedisQueue::createPayloadArray` (laravel-formats.md §7.5). Key order, flags and fields follow the
 * configured LARAVEL_VERSION through QUEUE_FORMATS; the JSON is PHP's json_encode with
 * JSON_UNESCAPED_UNICODE (php-json.ts over src/codecs/php-json).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { PhpArray, PhpFloat } from "../../src/codecs/php/values.js";
import type { QueueFormat } from "../../src/config/laravel-versions.js";
import { InvalidPayloadError } from "../../src/errors/queue-errors.js";
import { phpJsonEncode } from "./php-json.js";

/** The handler Laravel runs for object (class) jobs. */
export const CALL_QUEUED_HANDLER = "Illuminate\\Queue\\CallQueuedHandler@call";

/** Random fields, injectable so golden tests can replay recorded values. */
export interface PayloadIds {
  uuid: string;
  id: string;
}

export interface PayloadContext {
  format: QueueFormat;
  /** UNIX seconds (`createdAt`). */
  now: number;
  /** Seconds of `later()` (the 12.11+ `delay` field); null/undefined for push. */
  delaySeconds?: number | null;
  ids?: PayloadIds;
}

/** The object-job fields of `createObjectPayload`, already resolved (see php-job.ts). */
export interface ObjectPayloadFields {
  displayName: string;
  commandName: string;
  /** serialize(clone $job), or its Laravel-encrypted form. */
  command: string;
  maxTries: number | null;
  maxExceptions: number | null;
  failOnTimeout: boolean;
  /** Comma-joined seconds, or null. */
  backoff: string | null;
  timeout: number | null;
  retryUntil: number | null;
  deleteWhenMissingModels: boolean;
  batchId: string | null;
}

/** `Str::uuid()` (v4, lower case) and `Str::random(32)`. */
export function newPayloadIds(): PayloadIds {
  return { uuid: randomUUID(), id: randomId(32) };
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// Random bytes are drawn 4 KiB at a time: one syscall per ~60 ids instead of one per id.
let pool = Buffer.alloc(0);
let poolOffset = 0;

function randomByte(): number {
  if (poolOffset >= pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  return pool[poolOffset++] as number;
}

/** `Str::random($length)`: letters and digits. */
export function randomId(length: number): string {
  let out = "";
  while (out.length < length) {
    const b = randomByte();
    // 248 = 4 × 62: reject the tail so every character is equally likely.
    if (b < 248) out += ALPHANUMERIC[b % 62];
  }
  return out;
}

/** `createStringPayload` + `createPayloadArray`: `{"uuid",…,"data",["createdAt",]"id","attempts"[,"delay"]}`. */
export function createStringPayload(job: string, data: unknown, context: PayloadContext): string {
  if (job === "")
    throw new InvalidPayloadError("job-name", "A string job needs a name like App\\Jobs\\Handler@handle.");
  const ids = context.ids ?? newPayloadIds();
  const displayName = job.split("@")[0] ?? job;
  const head =
    `{"uuid":${phpJsonEncode(ids.uuid)},"displayName":${phpJsonEncode(displayName)},"job":${phpJsonEncode(job)},` +
    `"maxTries":null,"maxExceptions":null,"failOnTimeout":false,"backoff":null,"timeout":null,` +
    `"data":${phpJsonEncode(data === undefined ? "" : data)}`;
  return head + tail(ids, context);
}

/** `createObjectPayload` + `createPayloadArray` for a `CallQueuedHandler@call` job. */
export function createObjectPayload(fields: ObjectPayloadFields, context: PayloadContext): string {
  const ids = context.ids ?? newPayloadIds();
  const f = context.format;
  let out =
    `{"uuid":${phpJsonEncode(ids.uuid)},"displayName":${phpJsonEncode(fields.displayName)},` +
    `"job":${phpJsonEncode(CALL_QUEUED_HANDLER)},"maxTries":${phpJsonEncode(fields.maxTries)},` +
    `"maxExceptions":${phpJsonEncode(fields.maxExceptions)},"failOnTimeout":${phpJsonEncode(fields.failOnTimeout)},` +
    `"backoff":${phpJsonEncode(fields.backoff)},"timeout":${phpJsonEncode(fields.timeout)},` +
    `"retryUntil":${phpJsonEncode(fields.retryUntil)}`;
  if (f.deleteWhenMissingModels)
    out += `,"deleteWhenMissingModels":${phpJsonEncode(fields.deleteWhenMissingModels)}`;
  out += `,"data":{"commandName":${phpJsonEncode(fields.commandName)},"command":${phpJsonEncode(fields.command)}`;
  if (f.batchId) out += `,"batchId":${phpJsonEncode(fields.batchId)}`;
  return `${out}}${tail(ids, context)}`;
}

function tail(ids: PayloadIds, context: PayloadContext): string {
  const created = context.format.createdAtAndDelay ? `,"createdAt":${context.now}` : "";
  const delay = context.format.createdAtAndDelay
    ? `,"delay":${phpJsonEncode(context.delaySeconds ?? null)}`
    : "";
  return `${created},"id":${phpJsonEncode(ids.id)},"attempts":0${delay}}`;
}

/**
 * Refuses data the pop script's cjson would rewrite on the reserved copy (laravel-formats.md §7.4):
 * integers beyond 14 digits (`1.2345678901235e+16`), floats that do not survive 14 significant
 * digits, and — in a financial job — any float at all: money travels as strings.
 */
export function assertCjsonSafe(value: unknown, financial: boolean, path = "data"): void {
  if (value === null || value === undefined) return;
  if (typeof value === "number" || typeof value === "bigint" || value instanceof PhpFloat) {
    checkNumber(value, financial, path);
    return;
  }
  if (typeof value !== "object" || value instanceof Uint8Array) return;
  if (value instanceof PhpArray) {
    for (const [key, item] of value.entries) assertCjsonSafe(item, financial, `${path}.${String(key)}`);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) assertCjsonSafe(value[i], financial, `${path}[${i}]`);
    return;
  }
  for (const [key, item] of Object.entries(value)) assertCjsonSafe(item, financial, `${path}.${key}`);
}

const CJSON_INT_LIMIT = 99_999_999_999_999n;

function checkNumber(n: number | bigint | PhpFloat, financial: boolean, path: string): void {
  const isFloat = n instanceof PhpFloat || (typeof n === "number" && !Number.isInteger(n));
  if (isFloat) {
    const x = n instanceof PhpFloat ? n.value : (n as number);
    if (financial) {
      throw new InvalidPayloadError(
        "financial-float",
        `The float ${x} at ${path} is refused in a financial job: send money as a string ("12.34") or integer minor units.`,
        { path },
      );
    }
    if (Number.isFinite(x) && Number(x.toPrecision(14)) !== x) {
      throw new InvalidPayloadError(
        "unsafe-number",
        `The float ${x} at ${path} has more than 14 significant digits; Redis' cjson would round it on the reserved copy. Send it as a string.`,
        { path },
      );
    }
    return;
  }
  const big = typeof n === "bigint" ? n : BigInt(n as number);
  if (big > CJSON_INT_LIMIT || big < -CJSON_INT_LIMIT) {
    throw new InvalidPayloadError(
      "unsafe-number",
      `The integer ${big} at ${path} has more than 14 digits; Redis' cjson would rewrite it as a float ` +
        "(1.2345678901235e+16) on the reserved copy, so retries would see a different number. Send it as a string.",
      { path },
    );
  }
}
