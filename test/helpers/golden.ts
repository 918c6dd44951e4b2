/**
 * Loads the golden vectors recorded from real Laravel 8.83 and 12.67. test/golden/ is a verbatim copy
 * of the team's shared/golden (so a clean clone has them); GOLDEN_DIR points elsewhere, e.g. at a newer
 * shared/golden. Byte strings there are plain JSON strings or {"b64": ...}.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const GOLDEN_DIR = process.env.GOLDEN_DIR ?? resolve(here, "..", "golden");
export const GOLDEN_VERSIONS = ["laravel-8", "laravel-12"] as const;
export type GoldenVersion = (typeof GOLDEN_VERSIONS)[number];

export type GoldenBytes = string | { b64: string };

export function loadGolden<T = unknown>(version: GoldenVersion, file: string): T {
  const path = join(GOLDEN_DIR, version, `${file}.json`);
  if (!existsSync(path)) {
    throw new Error(`Golden file ${path} is missing (GOLDEN_DIR=${GOLDEN_DIR}).`);
  }
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** The exact bytes a golden byte string stands for. */
export function goldenBytes(value: GoldenBytes): Buffer {
  return typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value.b64, "base64");
}
