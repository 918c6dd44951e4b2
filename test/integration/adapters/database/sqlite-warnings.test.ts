/**
 * Loading node:sqlite prints "ExperimentalWarning: SQLite is an experimental feature…" on Node 22;
 * openSqlite() drops exactly that line, so a worker's stderr stays clean, and no other warning.
 * Fresh processes, because Node emits the warning once per process.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..", "..", "..");
const CHILD = join("test", "integration", "adapters", "database", "fixtures", "open-sqlite-child.ts");
const SQLITE_WARNING = "SQLite is an experimental feature";

const run = (args: string[]) => {
  const child = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    timeout: 60_000,
  });
  expect(child.status).toBe(0);
  return child;
};

describe("openSqlite() and Node's warnings", () => {
  it("keeps node:sqlite's experimental warning off stderr, and every other warning on it", () => {
    const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
    const nodeSqliteBuiltIn = major > 23 || (major === 23 && minor >= 4) || (major === 22 && minor >= 13);
    // better-sqlite3 pointed at a module that does not exist: node:sqlite, where Node has it.
    const ours = run(["--import", "tsx", CHILD, JSON.stringify({ betterSqlite3: "./no-such-module.cjs" })]);
    expect(ours.stdout.trim()).toBe(nodeSqliteBuiltIn ? "node:sqlite" : "ERR_SQLITE_DRIVER_UNAVAILABLE");
    expect(ours.stderr).not.toContain(SQLITE_WARNING);
    expect(ours.stderr).toContain("ExperimentalWarning: a warning of the app's own");
    if (major === 22 && nodeSqliteBuiltIn) {
      // CI's Node 22 does print the warning when node:sqlite is loaded directly: the filter is not idle.
      const direct = run(["-e", "process.getBuiltinModule('node:sqlite')"]);
      expect(direct.stderr).toContain(SQLITE_WARNING);
    }
  });
});
