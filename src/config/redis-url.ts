/**
 * `REDIS_URL` (and `DB_URL`/`DATABASE_URL`) exactly as Laravel reads them
 * (`Support/ConfigurationUrlParser.php`, `Redis/RedisManager.php parseConnectionConfiguration`,
 * the same in 8.x–13.x; laravel-formats.md §1.4):
 * - scheme aliases `redis` → driver `tcp`, `rediss` → `tls` (RedisManager turns tcp/tls into `scheme`);
 * - host, port, user → username, pass → password, path `/N` → database `"N"` — each only if present,
 *   rawurldecoded and JSON-decoded (so a password `123` becomes the int 123, like PHP);
 * - query parameters parsed like `parse_str()` and JSON-decoded (`timeout=1.5` → 1.5);
 * - merge order `array_merge(config, url parts, query)`: the URL overrides the discrete variables.
 */
import { ConfigError } from "../errors/config-error.js";
import {
  type PhpConfigArray,
  type PhpConfigValue,
  phpNativeTypes,
  phpParseStr,
  phpParseUrl,
  rawUrlDecode,
} from "./php-query.js";

const DRIVER_ALIASES: Readonly<Record<string, string>> = {
  mssql: "sqlsrv",
  mysql2: "mysql",
  postgres: "pgsql",
  postgresql: "pgsql",
  sqlite3: "sqlite",
  redis: "tcp",
  rediss: "tls",
};

/**
 * The URL with its password replaced by `***`, for messages and output (a URL may carry a secret).
 * Everything between the user's `:` and the LAST `@` goes, so an unencoded `/` or `#` in a password
 * cannot leak; over-redacting a query that contains `@` is the safe failure.
 */
export function redactUrl(url: string): string {
  const scheme = url.indexOf("://");
  const start = scheme === -1 ? (url.startsWith("//") ? 2 : 0) : scheme + 3;
  const at = url.lastIndexOf("@");
  if (at < start) return url;
  const colon = url.slice(start, at).indexOf(":");
  return colon === -1 ? url : `${url.slice(0, start + colon)}:***${url.slice(at)}`;
}

function malformed(variable: string, url: string): ConfigError {
  return new ConfigError(
    variable,
    `is malformed ("${redactUrl(url)}"; Laravel: "The database configuration URL is malformed."): ` +
      "expected scheme://[username][:password]@host[:port][/database][?option=value], e.g. rediss://default:<password>@redis.internal:6380/0 " +
      "(percent-encode @ : / in the password; unix sockets are not supported in a URL)",
  );
}

/**
 * Mirrors `ConfigurationUrlParser::parseConfiguration($config)`: removes `url` from `config` and, when
 * it is non-empty, merges its parts over the rest (key order as PHP's array_merge). Throws ConfigError
 * (naming `variable`, with the password redacted) where Laravel throws "The database configuration
 * URL is malformed."
 */
export function parseConfigurationUrl(config: PhpConfigArray, variable = "REDIS_URL"): PhpConfigArray {
  const { url, ...rest } = config;
  const merged: PhpConfigArray = Object.assign(Object.create(null), rest);
  // PHP `! $url`: null, "" and "0" mean "no URL".
  if (url === undefined || url === null || url === "" || url === "0" || url === false) return merged;
  const text = String(url);
  const raw = phpParseUrl(text.replace(/^(sqlite3?):\/\/\//, "$1://null/"));
  if (raw === null) throw malformed(variable, text);
  const decoded = new Map<string, PhpConfigValue>();
  for (const [key, value] of Object.entries(raw)) {
    decoded.set(key, typeof value === "string" ? phpNativeTypes(rawUrlDecode(value)) : (value ?? null));
  }
  const scheme = decoded.get("scheme");
  const path = decoded.get("path");
  const primary: Array<[string, PhpConfigValue | undefined]> = [
    ["driver", scheme ? (DRIVER_ALIASES[String(scheme)] ?? scheme) : undefined],
    ["database", path && path !== "/" ? String(path).slice(1) : undefined],
    ["host", decoded.get("host")],
    ["port", decoded.get("port")],
    ["username", decoded.get("user")],
    ["password", decoded.get("pass")],
  ];
  for (const [key, value] of primary) if (value !== undefined && value !== null) merged[key] = value;
  if (raw.query) Object.assign(merged, phpNativeTypes(phpParseStr(raw.query)));
  return merged;
}

/**
 * Mirrors `RedisManager::parseConnectionConfiguration()`: parseConfigurationUrl, then driver `tcp`/`tls`
 * becomes `scheme` and `driver` is dropped. `base` is the connection's discrete settings (host, port,
 * username, password, database as Laravel's config file has them).
 */
export function parseRedisUrl(
  url: string | null,
  base: PhpConfigArray = {},
  variable = "REDIS_URL",
): PhpConfigArray {
  const parsed = parseConfigurationUrl({ ...base, url }, variable);
  const { driver, ...rest } = parsed;
  const out: PhpConfigArray = Object.assign(Object.create(null), rest);
  const lowered = typeof driver === "string" ? driver.toLowerCase() : "";
  if (lowered === "tcp" || lowered === "tls") out.scheme = lowered;
  return out;
}

/**
 * The host string phpredis connects to (`PhpRedisConnector::formatHost`): `<scheme>://<host>` when a
 * scheme is set (`tls://redis.internal`), the bare host otherwise.
 */
export function phpredisConnectHost(config: PhpConfigArray): string {
  const host = String(config.host ?? "");
  if (config.scheme === undefined || config.scheme === null) return host;
  const prefix = `${String(config.scheme)}://`;
  let rest = host;
  while (prefix !== "://" && rest.startsWith(prefix)) rest = rest.slice(prefix.length);
  return prefix + rest;
}
