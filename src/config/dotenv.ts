/**
 * `.env` files with phpdotenv 5 semantics (Laravel's `Dotenv::create(...)->safeLoad()`; checked
 * against vlucas/phpdotenv 5.4.1): `NAME=value` lines, `export ` prefix, single quotes (literal),
 * double quotes (escapes `\" \\ \$ \n \r \t \f \v`, `${VAR}`, may span lines), unquoted values (`${VAR}`,
 * no whitespace, `#` starts a comment), `NAME` alone unsets. Variables already in the real environment
 * are never overwritten (Laravel's immutable repository), and `${VAR}` sees them first.
 */
import { readFileSync } from "node:fs";
import { ConfigError } from "../errors/config-error.js";

type State = "initial" | "unquoted" | "single" | "double" | "escape" | "whitespace" | "comment";

/** phpdotenv's Lexer, in its order: newlines, other whitespace, `\`, `'`, `"`, `#`, `$`, anything else. */
const TOKEN = /[\r\n]+|[\t\v\f ]+|\\|'|"|#|\$|[^\t\n\v\f\r \\'"#$]+/y;
/** ctype_space(): ASCII whitespace only (PCRE without /u does not treat NBSP as a space either). */
const SPACE = /^[ \t\n\r\v\f]+$/;
const VALID_NAME = /^[a-zA-Z0-9_.]+$/;
const VARIABLE = /^\$\{([a-zA-Z0-9_.]+)\}/;
/** PHP trim()'s default characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: PHP's trim() strips NUL and VT too.
const PHP_TRIM = /^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g;
const ESCAPES: Readonly<Record<string, string>> = { f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };

interface RawEntry {
  line: number;
  text: string;
}

type Problem = "a missing closing quote" | "unquoted whitespace" | "an unsupported escape sequence";

const HINTS: Readonly<Record<Problem, string>> = {
  "a missing closing quote": 'close the quote (a literal " inside double quotes is written \\")',
  "unquoted whitespace": 'wrap a value that contains spaces in double quotes, e.g. APP_NAME="My App"',
  "an unsupported escape sequence": 'inside double quotes only \\" \\\\ \\$ \\n \\r \\t \\f \\v are escapes',
};

/** How many `"` follow a non-backslash character once `\\` pairs are removed (Lines::looksLikeMultilineStop). */
function quoteCount(line: string): number {
  const text = line.replaceAll("\\\\", "");
  let count = 0;
  for (let i = 1; i < text.length; i++) if (text[i] === '"' && text[i - 1] !== "\\") count++;
  return count;
}

function looksLikeStop(line: string, started: boolean): boolean {
  if (line === '"') return true;
  return started ? quoteCount(line) > 1 : quoteCount(line) >= 1;
}

/**
 * Lines::process: joins multi-line double-quoted values, drops blank and `#` lines. Also returns the
 * first line of a double-quoted value that is never closed (phpdotenv silently drops it and the rest).
 */
function entriesOf(content: string): { entries: RawEntry[]; unterminated: RawEntry | null } {
  const lines = content.split(/\r\n|\n|\r/);
  const out: RawEntry[] = [];
  let buffer: string[] = [];
  let firstLine = 0;
  let multiline = false;
  lines.forEach((line, index) => {
    const started = line.includes('="') && !looksLikeStop(line, true);
    if (started) multiline = true;
    let text = line;
    let lineNumber = index + 1;
    if (multiline) {
      if (buffer.length === 0) firstLine = lineNumber;
      buffer.push(line);
      if (!looksLikeStop(line, started)) return;
      multiline = false;
      text = buffer.join("\n");
      buffer = [];
      lineNumber = firstLine;
    }
    const trimmed = text.replace(PHP_TRIM, "");
    if (trimmed !== "" && !trimmed.startsWith("#")) out.push({ line: lineNumber, text });
  });
  const unterminated = multiline ? { line: firstLine, text: buffer[0] ?? "" } : null;
  return { entries: out, unterminated };
}

/**
 * A deliberate deviation: phpdotenv ignores an unclosed multi-line value and everything after it
 * without a word, so Laravel runs without those variables. We fail loudly instead, because the same
 * .env is broken for the Laravel app too and the missing variables are usually REDIS_* or APP_KEY.
 */
function unterminatedError(entry: RawEntry, file: string): ConfigError {
  const name = parseName(entry.text.slice(0, entry.text.indexOf("=")).replace(PHP_TRIM, ""));
  return new ConfigError(
    name ?? file,
    `opens a double-quoted value in ${file} on line ${entry.line} that is never closed (the value is not shown): ` +
      "phpdotenv, and so Laravel, silently ignores it and every line after it; close the quote",
  );
}

interface ParsedValue {
  chars: string;
  /** Offsets in `chars` where an unescaped `$` was appended (candidates for `${VAR}`). */
  vars: number[];
}

function parseValue(raw: string): ParsedValue | Problem {
  const value: ParsedValue = { chars: "", vars: [] };
  if (raw.replace(PHP_TRIM, "") === "") return value;
  let state: State = "initial";
  const append = (chars: string, isVar = false): void => {
    if (isVar) value.vars.push(value.chars.length);
    value.chars += chars;
  };
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(raw); match !== null; match = TOKEN.exec(raw)) {
    const token = match[0];
    const space = SPACE.test(token);
    switch (state) {
      case "initial":
      case "unquoted":
        if (state === "initial" && token === "'") state = "single";
        else if (state === "initial" && token === '"') state = "double";
        else if (token === "#") state = "comment";
        else if (state === "unquoted" && space) state = "whitespace";
        else {
          append(token, token === "$");
          state = "unquoted";
        }
        break;
      case "single":
        if (token === "'") state = "whitespace";
        else append(token);
        break;
      case "double":
        if (token === '"') state = "whitespace";
        else if (token === "\\") state = "escape";
        else append(token, token === "$");
        break;
      case "escape": {
        const decoded = ESCAPES[token.charAt(0)];
        if (token === '"' || token === "\\" || token === "$") append(token);
        else if (decoded !== undefined) append(decoded + token.slice(1));
        else return "an unsupported escape sequence";
        state = "double";
        break;
      }
      case "whitespace":
        if (token === "#") state = "comment";
        else if (!space) return "unquoted whitespace";
        break;
      case "comment":
        break;
    }
  }
  return state === "single" || state === "double" || state === "escape" ? "a missing closing quote" : value;
}

/** PHP `ltrim()` / `trim()` helpers on the name part. */
function parseName(part: string): string | null {
  let name = part;
  if ([...name].length > 8 && name.startsWith("export") && SPACE.test(name.charAt(6))) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: PHP's ltrim() strips NUL and VT too.
    name = name.slice(6).replace(/^[ \t\n\r\0\x0B]+/, "");
  }
  const first = name.charAt(0);
  if (name.length >= 3 && (first === '"' || first === "'") && name.endsWith(first)) name = name.slice(1, -1);
  return VALID_NAME.test(name) ? name : null;
}

/**
 * Parses `.env` text and returns the variables it sets, after `${VAR}` interpolation. `env` is the real
 * environment: its names are never overwritten or unset (they are left out of the result) and win in
 * `${VAR}`; an unknown `${VAR}` stays literal. Later lines override earlier ones. `file` only labels
 * errors. Throws ConfigError naming the variable and line (never the value) on a syntax error.
 */
export function parseDotenv(
  content: string,
  env: Readonly<Record<string, string | undefined>> = {},
  file = ".env",
): Record<string, string> {
  const loaded = new Map<string, string>();
  const text = content.startsWith("\uFEFF") ? content.slice(1) : content;
  const { entries, unterminated } = entriesOf(text);
  if (unterminated !== null) throw unterminatedError(unterminated, file);
  for (const entry of entries) {
    const at = entry.text.indexOf("=");
    const namePart = at === -1 ? entry.text : entry.text.slice(0, at).replace(PHP_TRIM, "");
    const name = namePart === "" ? null : parseName(namePart);
    if (name === null) {
      throw new ConfigError(
        file,
        `line ${entry.line} does not start with a valid variable name (letters, digits, _ and . only, optionally after "export ")`,
      );
    }
    // phpdotenv parses the whole file before loading it, so a broken line fails even when the real
    // environment already defines that variable.
    const parsed = at === -1 ? null : parseValue(entry.text.slice(at + 1).replace(PHP_TRIM, ""));
    if (typeof parsed === "string") {
      throw new ConfigError(
        name,
        `has ${parsed} in ${file} on line ${entry.line} (the value is not shown): ${HINTS[parsed]}`,
      );
    }
    if (env[name] !== undefined) continue;
    if (parsed === null) loaded.delete(name);
    else
      loaded.set(
        name,
        interpolate(parsed, (ref) => env[ref] ?? loaded.get(ref)),
      );
  }
  const result: Record<string, string> = Object.create(null);
  for (const [name, value] of loaded) result[name] = value;
  return result;
}

/** Resolver::resolve: right to left, each `${NAME}` at a recorded `$`, replaced once. */
function interpolate(value: ParsedValue, lookup: (name: string) => string | undefined): string {
  let chars = value.chars;
  for (const offset of [...value.vars].sort((a, b) => b - a)) {
    const rest = chars.slice(offset);
    const ref = VARIABLE.exec(rest);
    const resolved = ref ? lookup(ref[1] ?? "") : undefined;
    if (ref && resolved !== undefined) chars = chars.slice(0, offset) + resolved + rest.slice(ref[0].length);
  }
  return chars;
}

/**
 * Reads and parses a `.env` file (phpdotenv semantics, see parseDotenv). A missing file throws the
 * fs error (ENOENT); resolveConfig decides whether that is fine (the default ./.env) or a ConfigError.
 */
export function loadDotenv(
  path: string,
  env: Readonly<Record<string, string | undefined>> = {},
): Record<string, string> {
  return parseDotenv(readFileSync(path, "utf8"), env, path);
}
