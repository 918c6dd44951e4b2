/**
 * env → BridgeConfig, the way Laravel's config files read it (laravel-formats.md §1): the .env file
 * (phpdotenv semantics) under the real environment, env() casts, the selected version's skeleton
 * defaults, REDIS_URL merged over the discrete variables, then overrides, then zod validation. The
 * result is deeply frozen and says where every value came from (`sources`).
 */
import { resolve as resolvePath } from "node:path";
import { ConfigError } from "../errors/config-error.js";
import type { BridgeConfig } from "./bridge-config.js";
import { ConfigDraft, type DraftTree, isSecretPath, provenance, traitsOf } from "./config-draft.js";
import { loadDotenv } from "./dotenv.js";
import {
  DEFAULT_LARAVEL_VERSION,
  isLaravelVersion,
  LARAVEL_VERSIONS,
  type LaravelVersion,
} from "./laravel-versions.js";
import { resolveApp, resolveDatabase } from "./resolve-app.js";
import { redisPrefixes, resolveRedis } from "./resolve-redis.js";
import { cacheStorePrefix, resolveCache, resolveQueue, resolveSession } from "./resolve-services.js";
import { bridgeConfigSchema } from "./schema.js";

/** Every field optional, recursively; arrays are replaced as a whole. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** Values that win over env, in BridgeConfig's shape (validated like env values). */
export type ConfigOverrides = DeepPartial<Omit<BridgeConfig, "sources" | "envFile">>;

export interface ResolveConfigOptions {
  /** The real environment. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** The .env file to read. @default ENV_FILE, else ./.env (a missing ./.env is fine; a named file must exist) */
  envFile?: string;
  overrides?: ConfigOverrides;
}

function readEnvFile(options: ResolveConfigOptions, real: Readonly<Record<string, string | undefined>>) {
  const named = options.envFile ?? (real.ENV_FILE === "" ? undefined : real.ENV_FILE);
  const path = resolvePath(named ?? ".env");
  try {
    return { path, values: loadDotenv(path, real) };
  } catch (error) {
    if (!(error instanceof Error) || error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && named === undefined) return { path: null, values: {} };
    const variable = options.envFile !== undefined ? "envFile" : "ENV_FILE";
    const what =
      code === "ENOENT" ? "which does not exist" : `which cannot be read (${code ?? error.message})`;
    throw new ConfigError(variable, `names ${path}, ${what}`, { cause: error });
  }
}

/** LARAVEL_VERSION (our own variable): the major whose formats we speak, 8–13, default 12. */
function resolveVersion(
  draft: { env(v: string): unknown; has(v: string): boolean },
  override: unknown,
): LaravelVersion {
  const raw =
    override ?? (draft.has("LARAVEL_VERSION") ? draft.env("LARAVEL_VERSION") : DEFAULT_LARAVEL_VERSION);
  const number =
    typeof raw === "number"
      ? raw
      : typeof raw === "string" && /^\d+$/.test(raw.trim())
        ? Number(raw)
        : Number.NaN;
  if (isLaravelVersion(number)) return number;
  const variable = override === undefined ? "LARAVEL_VERSION" : "overrides.laravelVersion";
  throw new ConfigError(
    variable,
    `must be one of ${LARAVEL_VERSIONS.join(", ")}, got ${JSON.stringify(raw ?? null)}`,
  );
}

function isPlainObject(value: unknown): value is DraftTree {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Writes every override leaf into the draft (source "override"); returns the bridge paths written. */
function applyOverrides(
  draft: ConfigDraft,
  overrides: unknown,
  path: string[] = [],
  written = new Set<string>(),
): Set<string> {
  if (!isPlainObject(overrides)) return written;
  for (const [key, value] of Object.entries(overrides)) {
    const at = [...path, key];
    const bridgePath = at.join(".");
    if (value === undefined || bridgePath === "laravelVersion") continue;
    // Recurse into sections, not into a value: an object given for a leaf (or for `options`) replaces it.
    const current = draft.get(bridgePath);
    if (
      isPlainObject(value) &&
      (current === undefined || isPlainObject(current)) &&
      !bridgePath.endsWith(".options")
    ) {
      applyOverrides(draft, value, at, written);
      continue;
    }
    draft.set(bridgePath, draft.laravelPaths.get(bridgePath) ?? bridgePath, value, provenance("override"));
    written.add(bridgePath);
  }
  return written;
}

function display(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Resolves the bridge configuration like Laravel resolves its config: real env wins over the .env
 * file; each variable of laravel-formats.md §1.2 with the selected LARAVEL_VERSION's default; then
 * `overrides`. Throws ConfigError naming the variable and the bad value (never a secret's value), e.g.
 * `REDIS_PORT must be a port number, got "abc"`. APP_KEY is checked later, by appKeyBytes().
 */
export function resolveConfig(options: ResolveConfigOptions = {}): BridgeConfig {
  const real = options.env ?? process.env;
  const envFile = readEnvFile(options, real);
  const probe = new ConfigDraft(traitsOf(DEFAULT_LARAVEL_VERSION), real, envFile.values);
  const version = resolveVersion(probe, options.overrides?.laravelVersion);
  const draft = new ConfigDraft(traitsOf(version), real, envFile.values);
  const versionSource =
    options.overrides?.laravelVersion !== undefined
      ? "override"
      : (draft.origin("LARAVEL_VERSION") ?? "default");
  draft.set(
    "laravelVersion",
    "bridge.laravel_version",
    version,
    provenance(versionSource, "LARAVEL_VERSION"),
  );
  resolveApp(draft);
  const parsedConnections = resolveRedis(draft);
  resolveCache(draft);
  resolveSession(draft);
  resolveQueue(draft);
  resolveDatabase(draft);
  const overridden = applyOverrides(draft, options.overrides);
  redisPrefixes(draft, parsedConnections, overridden);
  cacheStorePrefix(draft, overridden);

  const result = bridgeConfigSchema.safeParse({ ...draft.tree, sources: draft.sources });
  if (!result.success) {
    const issue = result.error.issues[0];
    const bridgePath = (issue?.path ?? []).map(String).join(".");
    const laravelPath = draft.laravelPaths.get(bridgePath) ?? bridgePath;
    const source = draft.sources[laravelPath];
    const variable =
      source?.source === "override" ? `overrides.${bridgePath}` : (source?.variable ?? bridgePath);
    const shown = isSecretPath(bridgePath)
      ? "(the value is not shown: it is a secret)"
      : `got ${display(draft.get(bridgePath))}`;
    throw new ConfigError(variable, `${issue?.message ?? "is invalid"}, ${shown}`, { cause: result.error });
  }
  const config = {
    ...(result.data as Omit<BridgeConfig, "sources">),
    sources: draft.sources,
  } as BridgeConfig;
  if (envFile.path !== null) config.envFile = envFile.path;
  return deepFreeze(config);
}
