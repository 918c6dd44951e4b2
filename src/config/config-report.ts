/**
 * The resolved configuration as `config:show` presents it: one row per Laravel config key with its
 * value, where it came from and any note, plus a copy of the config safe to print. Every secret
 * (Redis and database passwords, APP_KEY, APP_PREVIOUS_KEYS, a DB URL's password) is replaced by
 * `(set, redacted)` or `(not set)` here, before anything is formatted.
 */
import type { BridgeConfig, ValueSource } from "./bridge-config.js";
import { redactUrl } from "./redis-url.js";

export interface ReportRow {
  /** The Laravel config key (`database.redis.default.host`). */
  key: string;
  /** The value as text, already redacted. */
  value: string;
  source: ValueSource;
  variable?: string;
  note?: string;
}

export const REDACTED = "(set, redacted)";
export const NOT_SET = "(not set)";

function secret(value: string | null): string {
  return value === null || value === "" ? NOT_SET : REDACTED;
}

function text(value: unknown): string {
  return JSON.stringify(value) ?? "undefined";
}

type Getter = (config: BridgeConfig) => unknown;

function fields(config: BridgeConfig): Array<[string, Getter]> {
  const list: Array<[string, Getter]> = [
    ["bridge.laravel_version", (c) => c.laravelVersion],
    ["app.name", (c) => c.app.name],
    ["app.env", (c) => c.app.env],
    ["app.key", (c) => secret(c.app.key)],
    [
      "app.previous_keys",
      (c) => (c.app.previousKeys.length === 0 ? NOT_SET : `(${c.app.previousKeys.length} set, redacted)`),
    ],
    ["app.cipher", (c) => c.app.cipher],
    ["database.redis.client", (c) => c.redis.client],
    ["database.redis.options.prefix", (c) => c.redis.prefix],
    ["database.redis.options.cluster", (c) => c.redis.cluster],
  ];
  for (const name of Object.keys(config.redis.connections)) {
    const conn = (c: BridgeConfig) => c.redis.connections[name];
    const at = `database.redis.${name}`;
    list.push(
      [`${at}.host`, (c) => conn(c)?.host],
      [`${at}.port`, (c) => conn(c)?.port],
      [`${at}.database`, (c) => conn(c)?.database],
      [`${at}.username`, (c) => conn(c)?.username ?? null],
      [`${at}.password`, (c) => secret(conn(c)?.password ?? null)],
      [`${at}.scheme`, (c) => (conn(c)?.tls ? "tls" : "tcp")],
      [`${at}.prefix`, (c) => conn(c)?.prefix ?? c.redis.prefix],
    );
  }
  const store = "cache.stores.redis";
  list.push(
    ["cache.default", (c) => c.cache.default],
    ["cache.prefix", (c) => c.cache.prefix],
    [`${store}.prefix`, (c) => c.cache.stores.redis?.prefix],
    [`${store}.connection`, (c) => c.cache.stores.redis?.connection],
    [`${store}.lock_connection`, (c) => c.cache.stores.redis?.lockConnection],
    ["cache.limiter", (c) => c.cache.limiter],
  );
  const session: Array<[string, keyof BridgeConfig["session"]]> = [
    ["driver", "driver"],
    ["lifetime", "lifetime"],
    ["connection", "connection"],
    ["store", "store"],
    ["cookie", "cookie"],
    ["encrypt", "encrypt"],
    ["expire_on_close", "expireOnClose"],
    ["path", "path"],
    ["domain", "domain"],
    ["secure", "secure"],
    ["http_only", "httpOnly"],
    ["same_site", "sameSite"],
    ["partitioned", "partitioned"],
    ["serialization", "serialization"],
  ];
  for (const [laravel, key] of session) list.push([`session.${laravel}`, (c) => c.session[key]]);
  const queue = "queue.connections.redis";
  list.push(
    ["queue.default", (c) => c.queue.default],
    [`${queue}.connection`, (c) => c.queue.redis.connection],
    [`${queue}.queue`, (c) => c.queue.redis.queue],
    [`${queue}.retry_after`, (c) => c.queue.redis.retryAfter],
    [`${queue}.block_for`, (c) => c.queue.redis.blockFor],
    ["queue.failed.driver", (c) => c.queue.failed.driver],
    ["queue.failed.database", (c) => c.queue.failed.database],
    ["database.default", (c) => c.database.default],
  );
  const db = `database.connections.${config.database.default}`;
  list.push(
    [`${db}.driver`, (c) => c.database.connection.driver],
    [`${db}.url`, (c) => (c.database.connection.url === null ? null : redactUrl(c.database.connection.url))],
    [`${db}.host`, (c) => c.database.connection.host],
    [`${db}.port`, (c) => c.database.connection.port],
    [`${db}.database`, (c) => c.database.connection.database],
    [`${db}.username`, (c) => c.database.connection.username],
    [`${db}.password`, (c) => secret(c.database.connection.password)],
  );
  return list;
}

/** One row per displayed key, values redacted; provenance from `config.sources`. */
export function configRows(config: BridgeConfig): ReportRow[] {
  return fields(config).map(([key, get]) => {
    const value = get(config);
    // A connection without its own prefix uses REDIS_PREFIX, so it shares that provenance.
    const inherited = /^database\.redis\.[^.]+\.prefix$/.test(key)
      ? config.sources["database.redis.options.prefix"]
      : undefined;
    const source = config.sources[key] ?? inherited;
    const row: ReportRow = {
      key,
      value:
        value === REDACTED || value === NOT_SET || /^\(\d+ set, redacted\)$/.test(String(value))
          ? String(value)
          : text(value),
      source: source?.source ?? "default",
    };
    if (source?.variable !== undefined) row.variable = source.variable;
    if (source?.note !== undefined) row.note = source.note;
    return row;
  });
}

/** Option keys that may hold credentials (`?options[password]=`, TLS key files' passphrases, ...). */
const SECRET_OPTION = /pass|secret|token|key|auth|credential/i;

function redactOptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactOptions);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value))
    out[key] = SECRET_OPTION.test(key) ? REDACTED : redactOptions(inner);
  return out;
}

/** A deep copy of the config with every secret replaced, for `config:show --json`. */
export function redactedConfig(config: BridgeConfig): unknown {
  const copy = JSON.parse(JSON.stringify(config)) as BridgeConfig & Record<string, unknown>;
  copy.app.key = secret(config.app.key);
  (copy.app as { previousKeys: unknown }).previousKeys = config.app.previousKeys.map(() => REDACTED);
  for (const [name, conn] of Object.entries(config.redis.connections)) {
    const target = copy.redis.connections[name];
    if (!target) continue;
    target.password = secret(conn.password);
    target.options = redactOptions(conn.options) as Record<string, unknown>;
  }
  copy.database.connection.password = secret(config.database.connection.password);
  if (config.database.connection.url !== null)
    copy.database.connection.url = redactUrl(config.database.connection.url);
  return copy;
}
