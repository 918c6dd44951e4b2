/**
 * The rate-limit key tables (HTML 4.01 entities, Str::transliterate, Str::lower) are data taken from
 * the real PHP + Laravel 8.83. This test recomputes them with PHP and fails when the committed
 * tables differ; `LRB_WRITE_TABLES=1 npx vitest run <this file>` rewrites them.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assertPhpLaravelInstalled, runPhp } from "../../../helpers/php.js";

interface PhpTables {
  php: string;
  htmlEntities: Record<string, string>;
  transliteration: Record<string, string>;
  lower: Record<string, string>;
}

const dir = join(import.meta.dirname, "..", "..", "..", "..", "adapters", "rate-limit");
// U+00B7 never occurs in a value (transliterations are ASCII; no lower-case mapping yields it).
const SEP = "\u00b7";
// A TS string literal Biome leaves as it is: double quotes, none inside (written \x22).
const literal = (s: string): string => JSON.stringify(s).replaceAll('\\"', "\\x22");

function header(what: string, php: string): string {
  return [
    "/**",
    ` * ${what}`,
    ` * Generated from PHP ${php} + Laravel 8.83 (Debian) by test/interop/adapters/rate-limit/key-tables.test.ts`,
    " * (LRB_WRITE_TABLES=1). Do not edit by hand.",
    " */",
    "",
  ].join("\n");
}

function renderEntities(t: PhpTables): string {
  const data = Object.entries(t.htmlEntities)
    .map(([cp, entity]) => `${Number(cp).toString(16)} ${entity}`)
    .join(SEP);
  return `${header("PHP's HTML 4.01 entity table as htmlentities(ENT_QUOTES | ENT_SUBSTITUTE | ENT_HTML401) uses it: hex code point, space, entity, separated by U+00B7.", t.php)}export const HTML401_ENTITIES_DATA =\n  ${literal(data)};\n`;
}

function renderTransliteration(t: PhpTables): string {
  const banks = new Map<number, string[]>();
  for (const [cp, value] of Object.entries(t.transliteration)) {
    const n = Number(cp);
    const bank = banks.get(n >> 8) ?? new Array<string>(256).fill("?");
    bank[n & 255] = value;
    banks.set(n >> 8, bank);
  }
  const lines = [...banks.entries()]
    .sort(([a], [b]) => a - b)
    .map(([bank, values]) => `  ${bank}: ${literal(values.join(SEP))},`);
  return `${header("Str::transliterate() (voku/portable-ascii 2.0.1, unknown '?') of each code point, by bank of 256 (code point >> 8): 256 values separated by U+00B7; banks that are absent and '?' mean unknown.", t.php)}export const TRANSLITERATION_BANKS: Readonly<Record<number, string>> = {\n${lines.join("\n")}\n};\n`;
}

function renderLower(t: PhpTables): string {
  const data = Object.entries(t.lower)
    .map(([cp, value]) => `${Number(cp).toString(16)} ${value}`)
    .join(SEP);
  return `${header("mb_strtolower() (Str::lower) of every code point it changes: hex code point, space, lower case, separated by U+00B7. PHP's own Unicode tables, so the result does not depend on Node's ICU.", t.php)}export const PHP_LOWER_DATA =\n  ${literal(data)};\n`;
}

const files: Array<[string, (t: PhpTables) => string]> = [
  ["html-entities-table.ts", renderEntities],
  ["transliterate-table.ts", renderTransliteration],
  ["lower-table.ts", renderLower],
];

describe("rate-limit key tables", () => {
  let tables: PhpTables;
  beforeAll(async () => {
    assertPhpLaravelInstalled();
    tables = await runPhp<PhpTables>("rate-limit-tables");
  });

  it.each(files)("%s holds exactly what PHP computes today", (file, render) => {
    const expected = render(tables);
    const path = join(dir, file);
    if (process.env.LRB_WRITE_TABLES === "1") writeFileSync(path, expected);
    expect(readFileSync(path, "utf8")).toBe(expected);
  });
});
