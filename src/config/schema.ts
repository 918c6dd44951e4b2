/**
 * The zod schema of BridgeConfig. Its input is the draft resolve.ts builds from env (strings, env()
 * casts, URL values) plus overrides (typed values); its output is the validated BridgeConfig. Each
 * field's message is the reason part of the error ("must be a port number"); resolve.ts prefixes the
 * variable and appends the bad value unless the field is secret.
 */
import { z } from "zod";
import { LARAVEL_VERSIONS, type LaravelVersion } from "./laravel-versions.js";

type Scalar = string | number | boolean | null;

function isScalar(value: unknown): value is Scalar {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

/** PHP `(string)` of a config scalar. */
function phpText(value: Scalar): string {
  if (value === null || value === false) return "";
  if (value === true) return "1";
  return String(value);
}

/** A field that converts with `parse` and fails with `reason` when it returns undefined. */
function field<T>(reason: string, parse: (value: unknown) => T | undefined) {
  return z.unknown().transform((value, ctx): T => {
    const parsed = parse(value);
    if (parsed === undefined) {
      ctx.addIssue({ code: "custom", message: reason });
      return z.NEVER;
    }
    return parsed;
  });
}

function wholeNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) ? value : undefined;
  if (typeof value === "string" && /^\s*\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

function inRange(min: number, max: number) {
  return (value: unknown): number | undefined => {
    const n = wholeNumber(value);
    return n !== undefined && n >= min && n <= max ? n : undefined;
  };
}

const text = field("must be a string", (v) => (isScalar(v) ? phpText(v) : undefined));
const nullableText = field("must be a string or null", (v) =>
  v === null ? null : isScalar(v) ? phpText(v) : undefined,
);
/** PHP truthiness: "", "0", false, null and 0 are false. */
const phpBool = field("must be true or false", (v) =>
  isScalar(v) ? v !== "" && v !== "0" && !!v : undefined,
);
const nullableBool = field("must be true, false or null", (v) =>
  v === null ? null : isScalar(v) ? v !== "" && v !== "0" && !!v : undefined,
);
const host = field("must be a host name or IP address", (v) => {
  const name = isScalar(v) && v !== null && typeof v !== "boolean" ? String(v).trim() : "";
  // Sockets take IPv6 literals without the URL brackets.
  return name === "" ? undefined : name.replace(/^\[(.*)\]$/, "$1");
});
const port = field("must be a port number", inRange(1, 65535));
const nullablePort = field("must be a port number", (v) =>
  v === null || v === "" ? null : inRange(1, 65535)(v),
);
const redisDatabase = field(
  "must be a database number 0–15 (Redis has 16 databases unless its `databases` setting is raised)",
  inRange(0, 15),
);
const minutes = field("must be a whole number of minutes", inRange(0, Number.MAX_SAFE_INTEGER));
const seconds = field("must be a whole number of seconds", inRange(0, Number.MAX_SAFE_INTEGER));
const nullableSeconds = field("must be a whole number of seconds or null", (v) =>
  v === null ? null : inRange(0, Number.MAX_SAFE_INTEGER)(v),
);
const timeoutSeconds = field("must be a number of seconds", (v) => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
});
const optionalTimeout = timeoutSeconds.optional();
const client = field("must be phpredis or predis", (v) =>
  v === "phpredis" || v === "predis" ? v : undefined,
);
const serialization = field("must be php or json", (v) => (v === "php" || v === "json" ? v : undefined));
const sameSite = field("must be lax, strict, none or null", (v) => {
  if (v === null) return null;
  const lowered = typeof v === "string" ? v.toLowerCase() : "";
  return ["lax", "strict", "none"].includes(lowered) ? lowered : undefined;
});
const laravelVersion = field(`must be one of ${LARAVEL_VERSIONS.join(", ")}`, (v) =>
  (LARAVEL_VERSIONS as readonly unknown[]).includes(v) ? (v as LaravelVersion) : undefined,
);
const stringList = field("must be a list of strings", (v) =>
  Array.isArray(v) && v.every((item) => typeof item === "string") ? (v as string[]) : undefined,
);
const options = z.record(z.string(), z.unknown());

const redisConnection = z.object({
  name: text,
  host,
  port,
  username: nullableText,
  password: nullableText,
  database: redisDatabase,
  tls: phpBool,
  prefix: text.optional(),
  timeout: optionalTimeout,
  readTimeout: optionalTimeout,
  options,
});

const cacheStore = z.object({
  name: text,
  driver: text,
  connection: text,
  lockConnection: text,
  prefix: text,
});

export const bridgeConfigSchema = z.object({
  laravelVersion,
  app: z.object({ name: text, env: text, key: text, previousKeys: stringList, cipher: text }),
  redis: z.object({
    client,
    prefix: text,
    cluster: text,
    connections: z.record(z.string(), redisConnection),
  }),
  cache: z.object({
    default: text,
    prefix: text,
    stores: z.record(z.string(), cacheStore),
    limiter: nullableText,
  }),
  session: z.object({
    driver: text,
    lifetime: minutes,
    expireOnClose: phpBool,
    encrypt: phpBool,
    connection: nullableText,
    store: nullableText,
    cookie: text,
    path: text,
    domain: nullableText,
    secure: nullableBool,
    httpOnly: phpBool,
    sameSite,
    partitioned: phpBool,
    serialization,
  }),
  queue: z.object({
    default: text,
    redis: z.object({
      connection: text,
      queue: text,
      retryAfter: seconds,
      blockFor: nullableSeconds,
      afterCommit: phpBool,
    }),
    failed: z.object({ driver: text, database: text, table: text }),
  }),
  database: z.object({
    default: text,
    connection: z.object({
      driver: text,
      url: nullableText,
      host: text,
      port: nullablePort,
      database: text,
      username: text,
      password: text,
    }),
  }),
  sources: z.record(z.string(), z.unknown()),
});

/**
 * What the schema produces. It differs from BridgeConfig only in `?: T | undefined` for optional
 * fields (zod's optional), which resolve.ts drops before returning.
 */
export type SchemaOutput = z.output<typeof bridgeConfigSchema>;
