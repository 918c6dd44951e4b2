/** Shared set-up for the resolveConfig tests: env objects only, never process.env, never a stray ./.env. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BridgeConfig } from "../../../src/config/bridge-config.js";
import { type ConfigOverrides, resolveConfig } from "../../../src/config/resolve.js";
import { ConfigError } from "../../../src/errors/config-error.js";

export interface TempDir {
  path: string;
  /** Writes `content` to `name` in the directory and returns the file's path. */
  file(name: string, content: string): string;
  remove(): void;
}

export function tempDir(): TempDir {
  const path = mkdtempSync(join(tmpdir(), "bridge-config-"));
  return {
    path,
    file(name, content) {
      const at = join(path, name);
      writeFileSync(at, content);
      return at;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

const empty = tempDir();
const EMPTY_ENV_FILE = empty.file("empty.env", "");
process.on("exit", () => empty.remove());

/** resolveConfig with only these variables (and an empty .env file). */
export function resolveWith(env: Record<string, string>, overrides?: ConfigOverrides): BridgeConfig {
  return resolveConfig({ env, envFile: EMPTY_ENV_FILE, ...(overrides === undefined ? {} : { overrides }) });
}

/** The ConfigError resolveWith throws for these variables. */
export function configErrorWith(env: Record<string, string>, overrides?: ConfigOverrides): ConfigError {
  try {
    resolveWith(env, overrides);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}
