import { ConfigError } from "../../errors/config-error.js";

/**
 * Bounds that make hostile PHP serialize() input fail fast instead of exhausting memory or time.
 * Defaults are far above what Laravel writes (a session is a few KB and < 20 levels deep; a queued
 * job command is a few KB) yet low enough that a single malicious value costs milliseconds.
 */
export interface UnserializeLimits {
  /**
   * Deepest nesting of arrays/objects (the root container is level 1). PHP's own
   * `unserialize_max_depth` is 4096; we default lower because nothing Laravel stores comes close.
   * @default 512
   */
  maxDepth: number;
  /** Largest input accepted, in bytes (checked before reading). @default 16 MiB */
  maxBytes: number;
  /** Most values (scalars, arrays, objects, references; keys not counted) in one input. @default 1_000_000 */
  maxElements: number;
}

/** The defaults of {@link UnserializeLimits}. */
export const DEFAULT_UNSERIALIZE_LIMITS: Readonly<UnserializeLimits> = Object.freeze({
  maxDepth: 512,
  maxBytes: 16 * 1024 * 1024,
  maxElements: 1_000_000,
});

/** Largest nesting serialize(), toPlain() and fromPlain() accept by default (a cycle guard). */
export const DEFAULT_MAX_DEPTH = 512;

/** Fills in defaults and rejects nonsense (negative, fractional, NaN) so a typo cannot disable a bound. */
export function resolveLimits(options: Partial<UnserializeLimits> | undefined): UnserializeLimits {
  if (
    options === undefined ||
    (options.maxDepth === undefined && options.maxBytes === undefined && options.maxElements === undefined)
  ) {
    return DEFAULT_UNSERIALIZE_LIMITS;
  }
  const limits = {
    maxDepth: options?.maxDepth ?? DEFAULT_UNSERIALIZE_LIMITS.maxDepth,
    maxBytes: options?.maxBytes ?? DEFAULT_UNSERIALIZE_LIMITS.maxBytes,
    maxElements: options?.maxElements ?? DEFAULT_UNSERIALIZE_LIMITS.maxElements,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new ConfigError(`unserialize option ${name}`, `must be a positive integer, got ${String(value)}`);
    }
  }
  return limits;
}
