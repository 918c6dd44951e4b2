/**
 * What a handler receives as `data` (≈ what `CallQueuedHandler::getCommand` / a string job's
 * `$data` give PHP), as plain JS values, plus the lossless PHP value for object jobs:
 * - string jobs: the payload's `data` (integers beyond 2^53 arrive as bigint, not rounded);
 * - object jobs: `data.command` unserialized (decrypted first when it does not start with `O:`),
 *   its properties by name; Carbon/DateTime values become JS Dates. Never instantiated: inert data.
 */
import { unserialize } from "../../src/codecs/php/unserialize.js";
import { PhpArray, PhpFloat, PhpObject, type PhpValue } from "../../src/codecs/php/values.js";
import { InvalidPayloadError } from "../../src/errors/queue-errors.js";
import { CALL_QUEUED_HANDLER } from "./payload.js";
import { phpJsonDecode } from "./php-json.js";
import type { RedisJob } from "./redis-job.js";

/** Decrypts Laravel-encrypted job commands (`ShouldBeEncrypted`); the bridge's Encrypter fits. */
export interface QueueEncrypter {
  encryptString(value: string | Uint8Array): string;
  decryptBytes(payload: string): Buffer;
}

export interface DecodedJobData {
  data: unknown;
  command: PhpObject | null;
}

const LONG_DIGITS = /[0-9]{16,}/;

export function decodeJobData(job: RedisJob, encrypter?: QueueEncrypter): DecodedJobData {
  if (job.payload.job !== CALL_QUEUED_HANDLER) {
    // JSON.parse rounds integers beyond 2^53; only then pay for the lossless decoder.
    if (!LONG_DIGITS.test(job.rawBody)) return { data: job.payload.data, command: null };
    const full = phpJsonDecode(job.rawBody);
    const entry = full instanceof PhpArray ? full.entries.find(([k]) => k === "data") : undefined;
    return { data: entry ? toPlain(entry[1]) : null, command: null };
  }
  const command = readCommand(job, encrypter);
  return { data: toPlain(command), command };
}

function readCommand(job: RedisJob, encrypter: QueueEncrypter | undefined): PhpObject {
  const data = job.payload.data as { command?: unknown } | null;
  const context = { uuid: job.uuid, jobId: job.id, queue: job.queue };
  if (typeof data?.command !== "string") {
    throw new InvalidPayloadError(
      "command",
      "Unable to extract job payload: data.command is missing.",
      context,
    );
  }
  let bytes: Buffer | string = data.command;
  if (!data.command.startsWith("O:")) {
    if (!encrypter) {
      throw new InvalidPayloadError(
        "command",
        "The job command is encrypted (ShouldBeEncrypted) but no Encrypter is configured: set APP_KEY.",
        context,
      );
    }
    // encrypt(serialize($job)) with serialize=true: the plaintext is a serialized PHP string.
    const inner = unserialize(encrypter.decryptBytes(data.command));
    if (typeof inner !== "string" && !(inner instanceof Uint8Array)) {
      throw new InvalidPayloadError(
        "command",
        "The decrypted job command is not a serialized string.",
        context,
      );
    }
    bytes = typeof inner === "string" ? inner : Buffer.from(inner);
  }
  const value = unserialize(bytes);
  if (!(value instanceof PhpObject)) {
    throw new InvalidPayloadError(
      "command",
      "Unable to extract job payload: data.command is not a serialized object.",
      context,
    );
  }
  return value;
}

const DATE_CLASSES = new Set([
  "Illuminate\\Support\\Carbon",
  "Carbon\\Carbon",
  "Carbon\\CarbonImmutable",
  "DateTime",
  "DateTimeImmutable",
]);

/**
 * PHP value → plain JS: arrays that are lists → arrays, other arrays and objects → objects (property
 * names without visibility mangling), ints → numbers (bigint beyond 2^53), floats → numbers,
 * Carbon/DateTime → Date. Byte strings that are not UTF-8 stay Buffers.
 */
export function toPlain(value: PhpValue): unknown {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "bigint") return value >= -(2n ** 53n) && value <= 2n ** 53n ? Number(value) : value;
  if (value instanceof PhpFloat) return value.value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (value instanceof PhpArray) {
    const isList = value.entries.every(([k], i) => k === BigInt(i));
    if (isList) return value.entries.map(([, v]) => toPlain(v));
    return Object.fromEntries(value.entries.map(([k, v]) => [String(k), toPlain(v)]));
  }
  if (value instanceof PhpObject) {
    if (DATE_CLASSES.has(value.className)) {
      const date = phpDate(value);
      if (date) return date;
    }
    return Object.fromEntries(value.properties.map((p) => [String(p.name), toPlain(p.value)]));
  }
  return value;
}

function phpDate(object: PhpObject): Date | null {
  const prop = (name: string) => object.properties.find((p) => p.name === name)?.value;
  const date = prop("date");
  const zone = prop("timezone");
  if (typeof date !== "string" || typeof zone !== "string") return null;
  const match = /^(-?\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?$/.exec(date);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, frac = "0"] = match;
  const local = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Math.floor(Number(frac.padEnd(6, "0")) / 1000),
  );
  const offset = zoneOffsetMs(zone, local);
  return offset === null ? null : new Date(local - offset);
}

/** The UTC offset of `zone` (`UTC`, `+02:00`, `Europe/Berlin`) at a wall-clock time, in ms. */
function zoneOffsetMs(zone: string, wallClockMs: number): number | null {
  if (zone === "UTC" || zone === "Z" || zone === "+00:00") return 0;
  const fixed = /^([+-])(\d\d):?(\d\d)$/.exec(zone);
  if (fixed) return (fixed[1] === "-" ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3])) * 60_000;
  try {
    const format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    // Two passes: the offset at the guessed instant, then at the corrected one (DST edges).
    let guess = wallClockMs;
    for (let i = 0; i < 2; i++) {
      const parts = Object.fromEntries(format.formatToParts(new Date(guess)).map((p) => [p.type, p.value]));
      const asUtc = Date.UTC(
        Number(parts.year),
        Number(parts.month) - 1,
        Number(parts.day),
        Number(parts.hour),
        Number(parts.minute),
        Number(parts.second),
      );
      guess = wallClockMs - (asUtc - Math.floor(guess / 1000) * 1000);
    }
    return wallClockMs - guess;
  } catch {
    return null;
  }
}
