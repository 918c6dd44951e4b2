/**
 * config/cache.php, session.php and queue.php of the selected Laravel version's skeleton, from env.
 * Values a version hard-codes are "default" with a note when the variable is set but not read.
 */
import { type ConfigDraft, provenance } from "./config-draft.js";
import { phpString } from "./env.js";
import { derivedName } from "./resolve-redis.js";

/** A variable the skeleton reads only from Laravel 11 (`sessionCookieEnv` / `redisConnectionEnv`). */
function since11(
  draft: ConfigDraft,
  reads: boolean,
  path: [string, string],
  variable: string,
  fallback: unknown,
): void {
  if (reads) draft.fromEnv(path[0], path[1], variable, fallback);
  else draft.fixed(path[0], path[1], fallback, variable);
}

export function resolveCache(draft: ConfigDraft): void {
  const { traits } = draft;
  const primary = traits.cacheDefaultVariable;
  const other = primary === "CACHE_STORE" ? "CACHE_DRIVER" : "CACHE_STORE";
  let note: string | undefined;
  if (draft.has(other)) {
    note = draft.has(primary)
      ? `${other} ignored: LARAVEL_VERSION=${traits.version} reads ${primary}`
      : `${other} is set but LARAVEL_VERSION=${traits.version} reads ${primary}, which is not set: using the default`;
  }
  draft.fromEnv("cache.default", "cache.default", primary, traits.defaults.cacheStore, note);
  const prefix = derivedName(draft, traits.derivedNames.cachePrefix);
  draft.fromEnv(
    "cache.prefix",
    "cache.prefix",
    "CACHE_PREFIX",
    prefix.value,
    draft.has("CACHE_PREFIX") ? undefined : prefix.note,
  );
  // Not in the skeleton, but Laravel reads `cache.limiter` (8.x+); CACHE_LIMITER is how apps set it.
  draft.fromEnv("cache.limiter", "cache.limiter", "CACHE_LIMITER", null);
  const store = "cache.stores.redis";
  draft.set(`${store}.name`, store, "redis", provenance("default"));
  draft.set(`${store}.driver`, `${store}.driver`, "redis", provenance("default"));
  const reads = traits.redisConnectionEnv;
  since11(draft, reads, [`${store}.connection`, `${store}.connection`], "REDIS_CACHE_CONNECTION", "cache");
  since11(
    draft,
    reads,
    [`${store}.lockConnection`, `${store}.lock_connection`],
    "REDIS_CACHE_LOCK_CONNECTION",
    "default",
  );
}

/**
 * RedisStore::setPrefix, after overrides: 8–10 store `CACHE_PREFIX.':'` unless the prefix is PHP-empty
 * ("" or "0"), 11+ store it verbatim (laravel-formats.md §1.6).
 */
export function cacheStorePrefix(draft: ConfigDraft, overridden: Set<string>): void {
  const path = "cache.stores.redis.prefix";
  if (overridden.has(path) || draft.get("cache.stores.redis") === undefined) return;
  const prefix = phpString((draft.get("cache.prefix") as string | boolean | null) ?? null);
  const separator = draft.traits.cachePrefixSeparator;
  const empty = prefix === "" || prefix === "0";
  const value = separator === "" ? prefix : empty ? "" : prefix + separator;
  const note =
    separator === ""
      ? `CACHE_PREFIX verbatim (Laravel ${draft.traits.version} adds no separator)`
      : `CACHE_PREFIX + '${separator}' (Laravel 8–10 RedisStore adds it${empty ? " unless the prefix is empty" : ""})`;
  draft.set(path, "cache.stores.redis.prefix", value, provenance("default", "CACHE_PREFIX", note));
}

export function resolveSession(draft: ConfigDraft): void {
  const { traits } = draft;
  const reads = traits.sessionCookieEnv;
  draft.fromEnv("session.driver", "session.driver", "SESSION_DRIVER", traits.defaults.sessionDriver);
  draft.fromEnv("session.lifetime", "session.lifetime", "SESSION_LIFETIME", 120);
  since11(
    draft,
    reads,
    ["session.expireOnClose", "session.expire_on_close"],
    "SESSION_EXPIRE_ON_CLOSE",
    false,
  );
  since11(draft, reads, ["session.encrypt", "session.encrypt"], "SESSION_ENCRYPT", false);
  draft.fromEnv("session.connection", "session.connection", "SESSION_CONNECTION", null);
  draft.fromEnv("session.store", "session.store", "SESSION_STORE", null);
  const cookie = derivedName(draft, traits.derivedNames.sessionCookie);
  const cookieNote = draft.has("SESSION_COOKIE") ? undefined : cookie.note;
  draft.fromEnv("session.cookie", "session.cookie", "SESSION_COOKIE", cookie.value, cookieNote);
  since11(draft, reads, ["session.path", "session.path"], "SESSION_PATH", "/");
  draft.fromEnv("session.domain", "session.domain", "SESSION_DOMAIN", null);
  draft.fromEnv("session.secure", "session.secure", "SESSION_SECURE_COOKIE", null);
  since11(draft, reads, ["session.httpOnly", "session.http_only"], "SESSION_HTTP_ONLY", true);
  since11(draft, reads, ["session.sameSite", "session.same_site"], "SESSION_SAME_SITE", "lax");
  since11(draft, reads, ["session.partitioned", "session.partitioned"], "SESSION_PARTITIONED_COOKIE", false);
  draft.fixed("session.serialization", "session.serialization", "php");
}

export function resolveQueue(draft: ConfigDraft): void {
  const { traits } = draft;
  const reads = traits.redisConnectionEnv;
  const redis = "queue.connections.redis";
  draft.fromEnv("queue.default", "queue.default", "QUEUE_CONNECTION", traits.defaults.queueConnection);
  since11(
    draft,
    reads,
    ["queue.redis.connection", `${redis}.connection`],
    "REDIS_QUEUE_CONNECTION",
    "default",
  );
  draft.fromEnv("queue.redis.queue", `${redis}.queue`, "REDIS_QUEUE", "default");
  since11(draft, reads, ["queue.redis.retryAfter", `${redis}.retry_after`], "REDIS_QUEUE_RETRY_AFTER", 90);
  draft.fixed("queue.redis.blockFor", `${redis}.block_for`, null);
  draft.fixed("queue.redis.afterCommit", `${redis}.after_commit`, false);
  draft.fromEnv("queue.failed.driver", "queue.failed.driver", "QUEUE_FAILED_DRIVER", "database-uuids");
  draft.fromEnv(
    "queue.failed.database",
    "queue.failed.database",
    "DB_CONNECTION",
    traits.defaults.dbConnection,
  );
  draft.fixed("queue.failed.table", "queue.failed.table", "failed_jobs");
}
