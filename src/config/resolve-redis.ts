/**
 * config/database.php → `redis`: client, global options (cluster, prefix) and the `default` and
 * `cache` connections, with REDIS_URL merged over the discrete variables (laravel-formats.md §1.3–1.5).
 */

import { ConfigError } from "../errors/config-error.js";
import { slug } from "../support/str.js";
import { type ConfigDraft, provenance } from "./config-draft.js";
import { phpString } from "./env.js";
import type { DerivedName } from "./laravel-versions.js";
import type { PhpConfigArray, PhpConfigValue } from "./php-query.js";
import { parseRedisUrl } from "./redis-url.js";

/** Keys of the parsed connection that have their own BridgeConfig field; the rest go to `options`. */
const OWN_KEYS = new Set([
  "host",
  "port",
  "username",
  "password",
  "database",
  "scheme",
  "prefix",
  "timeout",
  "read_timeout",
]);

const CONNECTIONS = [
  { name: "default", dbVariable: "REDIS_DB", dbDefault: "0" },
  { name: "cache", dbVariable: "REDIS_CACHE_DB", dbDefault: "1" },
] as const;

/** `Str::slug(env('APP_NAME', 'laravel'), <sep>).<suffix>` — the skeleton's default names. */
export function derivedName(draft: ConfigDraft, rule: DerivedName): { value: string; note: string } {
  const appName = phpString(draft.envOr("APP_NAME", "laravel"));
  const call = rule.separator === "-" ? "Str::slug(APP_NAME)" : "Str::slug(APP_NAME, '_')";
  return {
    value: slug(appName, rule.separator) + rule.suffix,
    note: `derived like the ${draft.traits.skeleton} skeleton: ${call}.'${rule.suffix}' with APP_NAME ${JSON.stringify(appName)}`,
  };
}

/** Resolves `database.redis.*` into draft.tree.redis; the effective connection prefixes come later (redisPrefixes). */
export function resolveRedis(draft: ConfigDraft): Map<string, PhpConfigArray> {
  draft.fromEnv("redis.client", "database.redis.client", "REDIS_CLIENT", "phpredis");
  draft.fromEnv("redis.cluster", "database.redis.options.cluster", "REDIS_CLUSTER", "redis");
  const prefix = derivedName(draft, draft.traits.derivedNames.redisPrefix);
  const prefixNote = draft.has("REDIS_PREFIX") ? undefined : prefix.note;
  draft.fromEnv("redis.prefix", "database.redis.options.prefix", "REDIS_PREFIX", prefix.value, prefixNote);

  const scheme = draft.env("REDIS_SCHEME");
  if (scheme !== undefined && scheme !== null && scheme !== "tcp" && scheme !== "tls") {
    throw new ConfigError("REDIS_SCHEME", `must be tcp or tls, got ${JSON.stringify(scheme)}`);
  }
  const url = draft.env("REDIS_URL");
  const urlText = url === undefined || url === null || url === false ? null : phpString(url);
  const fromUrl = parseRedisUrl(urlText);
  const parsedByName = new Map<string, PhpConfigArray>();
  for (const { name, dbVariable, dbDefault } of CONNECTIONS) {
    const base: PhpConfigArray = Object.create(null);
    base.host = draft.envOr("REDIS_HOST", "127.0.0.1");
    if (draft.traits.redisUsername) base.username = draft.envOr("REDIS_USERNAME", null);
    base.password = draft.envOr("REDIS_PASSWORD", null);
    base.port = draft.envOr("REDIS_PORT", "6379");
    base.database = draft.envOr(dbVariable, dbDefault);
    if (scheme !== undefined && scheme !== null) base.scheme = scheme;
    const parsed = parseRedisUrl(urlText, base);
    parsedByName.set(name, parsed);
    const own = (key: string, variable: string, value: unknown, note?: string): void => {
      const bridgePath = `redis.connections.${name}.${key === "read_timeout" ? "readTimeout" : key}`;
      const laravelPath = `database.redis.${name}.${key}`;
      if (Object.hasOwn(fromUrl, key)) {
        const overridden = draft.has(variable) ? `REDIS_URL overrides ${variable}` : undefined;
        draft.set(bridgePath, laravelPath, value, provenance("url", "REDIS_URL", note ?? overridden));
      } else {
        draft.set(
          bridgePath,
          laravelPath,
          value,
          provenance(draft.origin(variable) ?? "default", variable, note),
        );
      }
    };
    draft.set(`redis.connections.${name}.name`, `database.redis.${name}`, name, provenance("default"));
    own("host", "REDIS_HOST", parsed.host);
    own("port", "REDIS_PORT", parsed.port);
    own("database", dbVariable, parsed.database);
    own("password", "REDIS_PASSWORD", emptyToNull(parsed.password));
    const username = emptyToNull(parsed.username);
    if (draft.traits.redisUsername) own("username", "REDIS_USERNAME", username);
    else if (username === null)
      draft.fixed(
        `redis.connections.${name}.username`,
        `database.redis.${name}.username`,
        null,
        "REDIS_USERNAME",
      );
    // 8.x's phpredis connector sends `AUTH <password>` only, so a URL username is silently unused there.
    else
      own(
        "username",
        "REDIS_USERNAME",
        null,
        "REDIS_URL username ignored: Laravel 8 authenticates with the password only",
      );
    draft.set(
      `redis.connections.${name}.tls`,
      `database.redis.${name}.scheme`,
      parsed.scheme === "tls",
      sourceOfScheme(draft, fromUrl),
    );
    if (parsed.timeout !== undefined) own("timeout", "REDIS_URL", parsed.timeout);
    if (parsed.read_timeout !== undefined) own("read_timeout", "REDIS_URL", parsed.read_timeout);
    const options: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parsed)) if (!OWN_KEYS.has(key)) options[key] = value;
    draft.set(
      `redis.connections.${name}.options`,
      `database.redis.${name}.options`,
      options,
      provenance(urlText ? "url" : "default", urlText ? "REDIS_URL" : undefined),
    );
  }
  return parsedByName;
}

function sourceOfScheme(draft: ConfigDraft, fromUrl: PhpConfigArray) {
  if (Object.hasOwn(fromUrl, "scheme")) return provenance("url", "REDIS_URL");
  return provenance(draft.origin("REDIS_SCHEME") ?? "default", "REDIS_SCHEME");
}

/**
 * PHP `empty()` for credentials: "", "0", null and false mean "not set" (no AUTH is sent). Numbers
 * (a JSON-decoded URL password `123`) are sent as their text, like PHP.
 */
function emptyToNull(value: PhpConfigValue | undefined): unknown {
  if (value === undefined || value === null || value === false || value === "" || value === "0") return null;
  if (value === true) return "1";
  return typeof value === "number" ? String(value) : value;
}

/**
 * The prefix each connection's client applies (§1.5), computed after overrides: a connection-level
 * `prefix` (REDIS_URL `?prefix=`) wins over REDIS_PREFIX except on Laravel 8 with phpredis, and a
 * connection `options[prefix]` wins over the global one. Sets `prefix` only where it differs.
 */
export function redisPrefixes(
  draft: ConfigDraft,
  parsedByName: Map<string, PhpConfigArray>,
  overridden: Set<string>,
): void {
  const global = phpString((draft.get("redis.prefix") as string | null) ?? "");
  const client = draft.get("redis.client") === "predis" ? "predis" : "phpredis";
  const wins = draft.traits.connectionPrefixWins[client];
  for (const [name, parsed] of parsedByName) {
    const bridgePath = `redis.connections.${name}.prefix`;
    if (overridden.has(bridgePath) || draft.get(`redis.connections.${name}`) === undefined) continue;
    const own =
      parsed.prefix === undefined || parsed.prefix === null ? undefined : phpString(String(parsed.prefix));
    const nested = parsed.options;
    const optionPrefix =
      nested !== null &&
      typeof nested === "object" &&
      !Array.isArray(nested) &&
      nested.prefix !== undefined &&
      nested.prefix !== null
        ? String(nested.prefix)
        : undefined;
    const effective = (wins ? (own ?? optionPrefix) : optionPrefix) ?? global;
    const ignored = own !== undefined && !wins && optionPrefix === undefined;
    if (effective === global && !ignored) continue;
    const note = ignored
      ? `REDIS_URL prefix ignored: Laravel 8 with phpredis applies REDIS_PREFIX ${JSON.stringify(global)} instead`
      : `from REDIS_URL; replaces REDIS_PREFIX for this connection`;
    if (effective !== global)
      draft.set(bridgePath, `database.redis.${name}.prefix`, effective, provenance("url", "REDIS_URL", note));
    else draft.sources[`database.redis.${name}.prefix`] = provenance("url", "REDIS_URL", note);
  }
}
