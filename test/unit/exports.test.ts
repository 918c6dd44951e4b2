import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The public surface, entry by entry: an accidental export or removal shows up as a snapshot diff in
// review. Update on purpose with `npx vitest run test/unit/exports.test.ts -u`.
const root = join(import.meta.dirname, "..", "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  exports: Record<string, string | { types: string; default: string }>;
};

// package.json points at dist/; the sources sit at the same path without dist/ and with .ts.
const sourceOf = (target: string): string =>
  join(root, target.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts"));

describe("package exports", () => {
  const entries = Object.entries(manifest.exports).filter(
    (entry): entry is [string, { types: string; default: string }] => typeof entry[1] === "object",
  );

  it("gives every entry types and a default, in the same place", () => {
    for (const [, target] of entries) {
      expect(target.types.replace(/\.d\.ts$/, "")).toBe(target.default.replace(/\.js$/, ""));
    }
  });

  for (const [name, target] of entries) {
    it(`keeps the export list of '${name}'`, async () => {
      const module = (await import(sourceOf(target.default))) as Record<string, unknown>;
      expect(Object.keys(module).sort()).toMatchSnapshot();
    });
  }
});
