/**
 * Which SQLite driver loads in this process, decided once per driver (and better-sqlite3 module
 * name) and remembered. Loading is synchronous (`require` of the CommonJS addon, and
 * `process.getBuiltinModule`), so callers such as a constructor can open a database without await.
 */
import { createRequire } from "node:module";
import { type BetterSqlite3Constructor, BetterSqlite3Database } from "./better-sqlite3-database.js";
import { NodeSqliteDatabase, type NodeSqliteModule } from "./node-sqlite-database.js";
import type { SqliteDatabase, SqliteDriverName } from "./sqlite-database.js";
import { type SqliteDriverAttempt, SqliteDriverUnavailableError } from "./sqlite-driver-error.js";

export type SqliteOpener = (path: string) => SqliteDatabase;

type LoadResult = { open: SqliteOpener } | { reason: string; cause: unknown };

const requireFromHere = createRequire(import.meta.url);
const loaded = new Map<string, LoadResult>();

/** The opener of the first driver in `drivers` that loads. @throws SqliteDriverUnavailableError */
export function loadSqliteDriver(drivers: readonly SqliteDriverName[], betterSqlite3: string): SqliteOpener {
  const attempts: SqliteDriverAttempt[] = [];
  for (const driver of drivers) {
    const key = driver === "better-sqlite3" ? `${driver}\0${betterSqlite3}` : driver;
    let result = loaded.get(key);
    if (result === undefined) {
      result = driver === "better-sqlite3" ? loadBetterSqlite3(betterSqlite3) : loadNodeSqlite();
      loaded.set(key, result);
    }
    if ("open" in result) return result.open;
    attempts.push({ driver, reason: result.reason, cause: result.cause });
  }
  throw new SqliteDriverUnavailableError(attempts);
}

function loadBetterSqlite3(specifier: string): LoadResult {
  try {
    const exported = requireFromHere(specifier) as
      | BetterSqlite3Constructor
      | { default: BetterSqlite3Constructor };
    const Database = typeof exported === "function" ? exported : exported.default;
    // The native addon is loaded by the first constructor call, not by require: an addon built for
    // another Node ABI (ERR_DLOPEN_FAILED) or never built shows up only here.
    new Database(":memory:").close();
    return { open: (path) => new BetterSqlite3Database(Database, path) };
  } catch (cause) {
    return { reason: betterSqlite3Failure(specifier, cause), cause };
  }
}

function betterSqlite3Failure(specifier: string, cause: unknown): string {
  const { code, message } = cause as { code?: unknown; message?: unknown };
  const text = String(message ?? cause);
  const firstLine = text.split("\n")[0] ?? "";
  // After a missing module's first line comes its require stack (noise); an ABI error's second
  // line ("compiled against NODE_MODULE_VERSION 115 … requires 127") is the point, so keep it.
  if (code === "MODULE_NOT_FOUND" && firstLine.includes(`'${specifier}'`))
    return `is not installed (${firstLine})`;
  const detail = text.replace(/\s+/g, " ").slice(0, 400);
  if (code === "ERR_DLOPEN_FAILED")
    return `has a native addon that does not load in Node.js ${process.version}, built for another Node.js or platform; \`npm rebuild better-sqlite3\` under this Node.js fixes it (${detail})`;
  return `did not load (${detail})`;
}

function loadNodeSqlite(): LoadResult {
  try {
    const sqlite = quietly(() => {
      const builtin = process.getBuiltinModule("node:sqlite") as NodeSqliteModule | undefined;
      // Opening one database here too: on some versions the experimental warning comes with the first use.
      if (builtin !== undefined) new builtin.DatabaseSync(":memory:").close();
      return builtin;
    });
    if (sqlite === undefined)
      return {
        reason: `is not built into Node.js ${process.version} (it is from 22.13 and 23.4; 22.5 to 22.12 need --experimental-sqlite)`,
        cause: undefined,
      };
    return { open: (path) => new NodeSqliteDatabase(sqlite, path) };
  } catch (cause) {
    return { reason: `did not load (${(cause as Error).message})`, cause };
  }
}

/**
 * Runs `load` without Node's one-time "SQLite is an experimental feature" ExperimentalWarning, which
 * would otherwise reach the stderr of every process that opens failed_jobs on Node 22. Only that
 * warning is dropped, and only during this synchronous call (no other code runs meanwhile); every
 * other warning is passed to the real process.emitWarning.
 */
function quietly<T>(load: () => T): T {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (isSqliteExperimentalWarning(warning, rest[0])) return;
    Reflect.apply(emitWarning, process, [warning, ...rest]);
  }) as typeof process.emitWarning;
  try {
    return load();
  } finally {
    process.emitWarning = emitWarning;
  }
}

function isSqliteExperimentalWarning(warning: string | Error, typeOrOptions: unknown): boolean {
  const text = typeof warning === "string" ? warning : warning.message;
  const type =
    typeof typeOrOptions === "string"
      ? typeOrOptions
      : ((typeOrOptions as { type?: unknown } | undefined)?.type ??
        (typeof warning === "string" ? "Warning" : warning.name));
  return type === "ExperimentalWarning" && text.startsWith("SQLite is an experimental feature");
}
