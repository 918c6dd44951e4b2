// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is .env syntax here, not a mistaken template.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadDotenv, parseDotenv } from "../../../src/config/dotenv.js";
import { envValue } from "../../../src/config/env.js";
import { ConfigError } from "../../../src/errors/config-error.js";
import { GOLDEN_VERSIONS, loadGolden } from "../../helpers/golden.js";

interface DotenvCase {
  id: string;
  line: string;
  context: string | null;
  name: string;
  parsed: string;
  env: { t: string; v?: unknown };
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe.each(GOLDEN_VERSIONS)(".env lines through phpdotenv and env() (%s golden)", (version) => {
  const cases = loadGolden<{ dotenvLines: DotenvCase[] }>(version, "env").dotenvLines;

  it.each(cases.map((c) => [c.id, c.line, c] as const))("%s %s", (_id, _line, c) => {
    const parsed = parseDotenv(c.context ?? c.line)[c.name];
    expect(parsed).toBe(c.parsed);
    expect(envValue(parsed)).toEqual(c.env.t === "null" ? null : c.env.v);
  });
});

// Expected values below were checked against phpdotenv 5.4.1 (Debian) with a real repository.
describe("parseDotenv (phpdotenv 5 semantics)", () => {
  it("treats # as a comment in unquoted values, even without a space before it", () => {
    expect(parseDotenv("A=bar#baz\nB=bar #baz\nC='x#y' # c")).toEqual({ A: "bar", B: "bar", C: "x#y" });
  });

  it("joins a double-quoted value over several lines and keeps the newlines", () => {
    expect(parseDotenv('KEY="-----BEGIN-----\nabc\n-----END-----"\nNEXT=1')).toEqual({
      KEY: "-----BEGIN-----\nabc\n-----END-----",
      NEXT: "1",
    });
  });

  it("interpolates ${VAR} in unquoted and double-quoted values, the real env first, never in single quotes", () => {
    const env = { EXTERNAL: "from-env" };
    const content = 'A=1\nA=2\nB=${A}\nC="${EXTERNAL}/x"\nD=\'${A}\'\nE="\\${A}"\nF=${MISSING}';
    expect(parseDotenv(content, env)).toEqual({
      A: "2",
      B: "2",
      C: "from-env/x",
      D: "${A}",
      E: "${A}",
      F: "${MISSING}",
    });
  });

  it("never overwrites or unsets a variable of the real environment, and leaves it out of the result", () => {
    expect(
      parseDotenv("REDIS_HOST=file\nAPP_NAME\nX=${REDIS_HOST}", { REDIS_HOST: "real", APP_NAME: "App" }),
    ).toEqual({
      X: "real",
    });
  });

  it("unsets a variable named alone on a line after the file set it", () => {
    expect(parseDotenv("A=1\nA\nB=2")).toEqual({ B: "2" });
  });

  it("accepts export, quoted names, CRLF line ends, a BOM and blank values", () => {
    const content = "\uFEFFexport  FOO=1\r\n'QUOTED'=2\r\n\"DQ\"=3\r\nBLANK= \t \r\n# comment\r\n\r\n";
    expect(parseDotenv(content)).toEqual({ FOO: "1", QUOTED: "2", DQ: "3", BLANK: "" });
  });

  it('keeps escapes literal in single quotes and decodes \\n \\t \\" \\\\ \\$ in double quotes', () => {
    expect(parseDotenv('S=\'a\\nb\'\nD="a\\nb\\t\\"\\\\\\$"')).toEqual({ S: "a\\nb", D: 'a\nb\t"\\$' });
  });

  it("rejects unquoted whitespace with a hint and without the value", () => {
    const error = errorOf(() => parseDotenv("APP_NAME=canary secret value", {}, "/app/.env"));
    expect(error.variable).toBe("APP_NAME");
    expect(error.message).toContain("/app/.env on line 1");
    expect(error.message).toContain('APP_NAME="My App"');
    expect(error.message).not.toContain("canary");
  });

  it("rejects a broken line even when the real environment defines the variable, as phpdotenv parses first", () => {
    expect(() => parseDotenv("REDIS_PASSWORD='unclosed", { REDIS_PASSWORD: "x" })).toThrow(
      /REDIS_PASSWORD has a missing closing quote/,
    );
  });

  it("reports the first line of a multi-line value and an unknown escape", () => {
    const error = errorOf(() => parseDotenv('OK=1\nBAD="line one\n\\q line two"'));
    expect(error.message).toMatch(/BAD has an unsupported escape sequence in .env on line 2/);
  });

  it("rejects an invalid name without repeating the line", () => {
    const error = errorOf(() => parseDotenv("GOOD=1\nsk live token=1"));
    expect(error.message).toMatch(/line 2 does not start with a valid variable name/);
    expect(error.message).not.toContain("token");
  });

  it("fails loudly on a double-quoted value that is never closed, which phpdotenv would silently drop with the rest", () => {
    const error = errorOf(() => parseDotenv('APP_NAME="Wallet\nREDIS_PASSWORD=canary\nREDIS_PORT=6380'));
    expect(error.variable).toBe("APP_NAME");
    expect(error.message).toMatch(
      /^APP_NAME opens a double-quoted value in .env on line 1 that is never closed/,
    );
    expect(error.message).not.toContain("canary");
  });

  it("reads export only when the name is longer than eight characters, like phpdotenv 5.4", () => {
    expect(() => parseDotenv("export X=2")).toThrow(/valid variable name/);
    expect(parseDotenv("export XY_Z=2")).toEqual({ XY_Z: "2" });
  });
});

describe("loadDotenv", () => {
  const dir = mkdtempSync(join(tmpdir(), "bridge-dotenv-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a file and labels errors with its path", () => {
    const path = join(dir, ".env.test");
    writeFileSync(path, "REDIS_HOST=redis\nBROKEN='x\n");
    expect(() => loadDotenv(path)).toThrow(`BROKEN has a missing closing quote in ${path} on line 2`);
    writeFileSync(path, "REDIS_HOST=redis\n");
    expect(loadDotenv(path)).toEqual({ REDIS_HOST: "redis" });
  });

  it("lets a missing file surface as ENOENT for the caller to judge", () => {
    expect(() => loadDotenv(join(dir, "missing.env"))).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });
});
