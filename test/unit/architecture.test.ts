import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// The dependency rules of STYLE.md §C.3/C.16, checked on the source text so a violation fails CI.
const root = join(import.meta.dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(join(root, dir))) return out;
  for (const entry of readdirSync(join(root, dir))) {
    const path = join(dir, entry);
    if (statSync(join(root, path)).isDirectory()) out.push(...sourceFiles(path));
    else if (path.endsWith(".ts")) out.push(path);
  }
  return out;
}

const core = sourceFiles("src");
const adapters = sourceFiles("adapters");
const read = (path: string): string => readFileSync(join(root, path), "utf8");
const importsOf = (path: string): string[] =>
  [...read(path).matchAll(/(?:import|export)\s[^;]*?from\s+"([^"]+)"/g)].map((m) => m[1] as string);

describe("architecture", () => {
  it("keeps the core free of adapters, except the composition root", () => {
    const offenders = core
      .filter((file) => !["src/bridge.ts", "src/index.ts"].includes(file) && !file.startsWith("src/cli/"))
      .filter((file) => importsOf(file).some((spec) => spec.includes("/adapters/")));
    expect(offenders).toEqual([]);
  });

  it("keeps codecs pure: no Redis, no config, no adapters", () => {
    const offenders = core
      .filter((file) => file.startsWith("src/codecs/"))
      .filter((file) =>
        importsOf(file).some((spec) => /ioredis|\/redis\/|\/config\/|\/adapters\//.test(spec)),
      );
    expect(offenders).toEqual([]);
  });

  it("reads process.env only in src/config (and the CLI entry)", () => {
    const offenders = [...core, ...adapters]
      .filter((file) => !file.startsWith("src/config/") && !file.startsWith("src/cli/"))
      .filter((file) => /process\.env\b/.test(read(file)));
    expect(offenders).toEqual([]);
  });

  it("keeps every source file under the hard limit of 300 lines (data tables excepted)", () => {
    const tooLong = [...core, ...adapters]
      .filter((file) => !/-map\.ts$|-table\.ts$|\.data\.ts$/.test(file))
      .map((file) => ({ file: relative(root, join(root, file)), lines: read(file).split("\n").length }))
      .filter(({ lines }) => lines > 300);
    expect(tooLong).toEqual([]);
  });

  it("uses no default exports and no export *", () => {
    const offenders = [...core, ...adapters].filter((file) =>
      /export\s+default\b|export\s+\*/.test(read(file)),
    );
    expect(offenders).toEqual([]);
  });
});
