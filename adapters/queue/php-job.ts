/**
 * A class-based job described from Node (`dispatch(job)`): the PHP class, its properties with
 * visibility, and the queue settings Laravel reads from job properties (`$tries`, `$timeout`,
 * `$backoff`, `$maxExceptions`, `retryUntil()`, `$failOnTimeout`, `ShouldBeEncrypted`). Turned into
 * the `CallQueuedHandler@call` payload fields with `serialize(clone $job)` as the command
 * (`Queue::createObjectPayload`, laravel-formats.md §7.5). PHP unserializes it into the real class:
 * properties you leave out keep the class defaults; typed properties without a default must be given.
 */
import { serialize } from "../../src/codecs/php/serialize.js";
import {
  PhpArray,
  PhpFloat,
  PhpObject,
  type PhpProperty,
  type PhpValue,
  type PhpVisibility,
} from "../../src/codecs/php/values.js";
import { InvalidPayloadError } from "../../src/errors/queue-errors.js";
import type { QueueEncrypter } from "./job-data.js";
import type { ObjectPayloadFields } from "./payload.js";

export interface PhpJobProperty {
  name: string;
  /** A PhpValue, or plain JS (numbers → int/float, Date → Illuminate\Support\Carbon in UTC, arrays/objects → arrays). */
  value: unknown;
  /** @default "public" */
  visibility?: PhpVisibility;
  /** The class that declares a private property. @default className */
  declaringClass?: string;
}

export interface PhpJob {
  /** The PHP job class, e.g. `App\Jobs\SendReceipt`. */
  className: string;
  /** Properties in the order PHP declares them; an object is taken as public properties. */
  properties?: readonly PhpJobProperty[] | Readonly<Record<string, unknown>>;
  /** `displayName()`. @default className */
  displayName?: string;
  /** `$tries`: payload `maxTries`. */
  tries?: number | null;
  /** `$timeout` in seconds. */
  timeout?: number | null;
  /** `$backoff`: seconds, or one per attempt (`[10, 60]` → `"10,60"`). */
  backoff?: number | readonly number[] | null;
  maxExceptions?: number | null;
  /** `retryUntil()`: a Date or UNIX seconds. */
  retryUntil?: Date | number | null;
  /** `$failOnTimeout`. @default false */
  failOnTimeout?: boolean;
  /** `ShouldBeEncrypted`: the command is sent through Laravel's Encrypter (APP_KEY). @default false */
  shouldBeEncrypted?: boolean;
  /** 13.x payload field. @default false */
  deleteWhenMissingModels?: boolean;
  /** 12.51+ `data.batchId`. @default null */
  batchId?: string | null;
}

/** The payload fields of a PhpJob; `encrypter` is required when `shouldBeEncrypted`. */
export function objectPayloadFields(job: PhpJob, encrypter?: QueueEncrypter): ObjectPayloadFields {
  if (!/^[A-Za-z_\\][A-Za-z0-9_\\]*$/.test(job.className)) {
    throw new InvalidPayloadError("job-name", `[${job.className}] is not a PHP class name.`);
  }
  const command = serialize(new PhpObject(job.className, properties(job)));
  let text: string;
  if (job.shouldBeEncrypted) {
    if (!encrypter)
      throw new InvalidPayloadError(
        "command",
        "This job should be encrypted but no Encrypter is configured: set APP_KEY.",
      );
    // Crypt::encrypt(serialize(clone $job)): encrypt() serializes its (string) argument once more.
    text = encrypter.encryptString(serialize(command));
  } else {
    text = command.toString("utf8");
    if (!Buffer.from(text, "utf8").equals(command)) {
      throw new InvalidPayloadError(
        "command",
        "The serialized job holds bytes that are not UTF-8; json_encode would refuse it. Encrypt the job or send text.",
      );
    }
  }
  const backoff = job.backoff;
  const retryUntil =
    job.retryUntil instanceof Date ? Math.floor(job.retryUntil.getTime() / 1000) : (job.retryUntil ?? null);
  return {
    displayName: job.displayName ?? job.className,
    commandName: job.className,
    command: text,
    maxTries: job.tries ?? null,
    maxExceptions: job.maxExceptions ?? null,
    failOnTimeout: job.failOnTimeout ?? false,
    backoff:
      backoff === null || backoff === undefined
        ? null
        : typeof backoff === "number"
          ? String(backoff)
          : backoff.join(","),
    timeout: job.timeout ?? null,
    retryUntil,
    deleteWhenMissingModels: job.deleteWhenMissingModels ?? false,
    batchId: job.batchId ?? null,
  };
}

function properties(job: PhpJob): PhpProperty[] {
  const list: readonly PhpJobProperty[] = Array.isArray(job.properties)
    ? (job.properties as readonly PhpJobProperty[])
    : Object.entries(job.properties ?? {}).map(([name, value]) => ({ name, value }));
  return list.map((p) => {
    const visibility = p.visibility ?? "public";
    const prop: PhpProperty = { name: p.name, visibility, value: toPhp(p.value, p.name) };
    if (visibility === "private") prop.declaringClass = p.declaringClass ?? job.className;
    return prop;
  });
}

/** Plain JS → PHP value (PhpValues pass through). */
export function toPhp(value: unknown, path = "value"): PhpValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean" || typeof value === "string" || typeof value === "bigint") return value;
  if (typeof value === "number") {
    if (Number.isSafeInteger(value)) return BigInt(value);
    return new PhpFloat(value);
  }
  if (
    value instanceof PhpFloat ||
    value instanceof PhpArray ||
    value instanceof PhpObject ||
    value instanceof Uint8Array
  )
    return value;
  if (typeof value === "object" && "kind" in value) return value as PhpValue;
  if (value instanceof Date) return carbon(value);
  if (Array.isArray(value)) return new PhpArray(value.map((v, i) => [BigInt(i), toPhp(v, `${path}[${i}]`)]));
  if (typeof value === "object") {
    return new PhpArray(
      Object.entries(value).map(([k, v]) => [
        /^(0|-?[1-9][0-9]{0,17})$/.test(k) ? BigInt(k) : k,
        toPhp(v, `${path}.${k}`),
      ]),
    );
  }
  throw new InvalidPayloadError("unsupported-value", `${path} (${typeof value}) has no PHP form.`, { path });
}

/** `Illuminate\Support\Carbon` as Carbon's `__serialize` writes it (UTC, microseconds). */
export function carbon(date: Date, className = "Illuminate\\Support\\Carbon"): PhpObject {
  const iso = date.toISOString(); // 2024-01-02T03:04:05.123Z
  const text = `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${iso.slice(20, 23)}000`;
  return new PhpObject(className, [
    { name: "date", visibility: "public", value: text },
    { name: "timezone_type", visibility: "public", value: 3n },
    { name: "timezone", visibility: "public", value: "UTC" },
  ]);
}

/**
 * `Illuminate\Contracts\Database\ModelIdentifier` as SerializesModels writes an Eloquent model
 * (class, id, relations, connection; `collectionClass` since Laravel 9.26).
 */
export function modelIdentifier(
  modelClass: string,
  id: string | number | bigint | ReadonlyArray<string | number | bigint>,
  options: {
    connection?: string | null;
    relations?: readonly string[];
    collectionClass?: string | null;
    withCollectionClass: boolean;
  },
): PhpObject {
  const props: PhpProperty[] = [
    { name: "class", visibility: "public", value: modelClass },
    { name: "id", visibility: "public", value: toPhp(id) },
    { name: "relations", visibility: "public", value: toPhp([...(options.relations ?? [])]) },
    { name: "connection", visibility: "public", value: options.connection ?? null },
  ];
  if (options.withCollectionClass)
    props.push({ name: "collectionClass", visibility: "public", value: options.collectionClass ?? null });
  return new PhpObject("Illuminate\\Contracts\\Database\\ModelIdentifier", props);
}
