/**
 * The working state of resolveConfig(): the merged environment (real env over the .env file), the
 * unvalidated BridgeConfig-shaped tree, and where each value came from. Section resolvers read
 * variables through `env()` and write values with `set()`, so provenance is never forgotten.
 */
import type { Provenance, ValueSource } from "./bridge-config.js";
import { type EnvValue, envValue } from "./env.js";
import { type ConfigFormat, cacheFormat, configFormat, type LaravelVersion } from "./laravel-versions.js";

export type DraftTree = { [key: string]: unknown };

/** The per-version facts resolution needs, from the version table. */
export interface DraftTraits extends ConfigFormat {
  version: LaravelVersion;
  /** CACHE_FORMATS' RedisStore prefix separator. */
  cachePrefixSeparator: ":" | "";
}

export function traitsOf(version: LaravelVersion): DraftTraits {
  return { ...configFormat(version), version, cachePrefixSeparator: cacheFormat(version).prefixSeparator };
}

/** Bridge paths of values that are secrets: never shown, never quoted in an error. */
const SECRET_PATHS = [
  /^redis\.connections\.[^.]+\.password$/,
  /^app\.key$/,
  /^app\.previousKeys(\.|$)/,
  /^database\.connection\.password$/,
  /^database\.connection\.url$/,
];

export function isSecretPath(bridgePath: string): boolean {
  return SECRET_PATHS.some((pattern) => pattern.test(bridgePath));
}

export class ConfigDraft {
  readonly tree: DraftTree = {};
  /** Keyed by Laravel's dotted config path (`database.redis.default.host`). */
  readonly sources: Record<string, Provenance> = {};
  /** Bridge path (`redis.connections.default.host`) → Laravel path, for error messages and overrides. */
  readonly laravelPaths = new Map<string, string>();

  constructor(
    readonly traits: DraftTraits,
    private readonly real: Readonly<Record<string, string | undefined>>,
    private readonly file: Readonly<Record<string, string>>,
  ) {}

  /** Where a variable is defined: the real environment wins over the .env file, like Laravel. */
  origin(variable: string): "env" | ".env" | undefined {
    if (this.real[variable] !== undefined) return "env";
    return Object.hasOwn(this.file, variable) ? ".env" : undefined;
  }

  /** `env($variable)`: undefined when the variable is absent, its cast value otherwise. */
  env(variable: string): EnvValue | undefined {
    return envValue(
      this.real[variable] ?? (Object.hasOwn(this.file, variable) ? this.file[variable] : undefined),
    );
  }

  /** `env($variable, $fallback)`: the fallback only when the variable is absent (not when it is null). */
  envOr<T>(variable: string, fallback: T): EnvValue | T {
    return this.has(variable) ? (this.env(variable) as EnvValue) : fallback;
  }

  has(variable: string): boolean {
    return this.origin(variable) !== undefined;
  }

  /** Stores a value at a bridge path and records its Laravel path and provenance. */
  set(bridgePath: string, laravelPath: string, value: unknown, provenance: Provenance): void {
    const keys = bridgePath.split(".");
    let node = this.tree;
    for (const key of keys.slice(0, -1)) {
      const next = node[key];
      if (next === null || typeof next !== "object") node[key] = {};
      node = node[key] as DraftTree;
    }
    node[keys[keys.length - 1] ?? ""] = value;
    this.laravelPaths.set(bridgePath, laravelPath);
    this.sources[laravelPath] = provenance;
  }

  /**
   * `'<key>' => env('<VARIABLE>', <default>)`: the env value when the variable is present (even when
   * it casts to null or ""), else the default. `note` is added to the provenance either way.
   */
  fromEnv(
    bridgePath: string,
    laravelPath: string,
    variable: string,
    fallback: unknown,
    note?: string,
  ): unknown {
    const source = this.origin(variable);
    const value = source === undefined ? fallback : this.env(variable);
    this.set(bridgePath, laravelPath, value, provenance(source ?? "default", variable, note));
    return value;
  }

  /** A value Laravel's skeleton hard-codes for this version; notes when the variable is set but unread. */
  fixed(bridgePath: string, laravelPath: string, value: unknown, ignoredVariable?: string): void {
    const note =
      ignoredVariable !== undefined && this.has(ignoredVariable)
        ? `${ignoredVariable} ignored: the Laravel ${this.traits.version} skeleton does not read it`
        : undefined;
    this.set(bridgePath, laravelPath, value, provenance("default", undefined, note));
  }

  /** Reads a bridge path back from the tree. */
  get(bridgePath: string): unknown {
    let node: unknown = this.tree;
    for (const key of bridgePath.split(".")) {
      if (node === null || typeof node !== "object") return undefined;
      node = (node as DraftTree)[key];
    }
    return node;
  }
}

/** A Provenance without undefined members (exactOptionalPropertyTypes). */
export function provenance(source: ValueSource, variable?: string, note?: string): Provenance {
  const out: Provenance = { source };
  if (variable !== undefined) out.variable = variable;
  if (note !== undefined) out.note = note;
  return out;
}
