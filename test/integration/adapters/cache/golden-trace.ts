/**
 * Compares command traces with the golden ones: EVAL <text> and EVALSHA <sha> count as the same
 * script call (Laravel sends text, we send the SHA of our own script), commands issued from Lua are
 * compared case-insensitively, and on request random tag ids (8.x) and the sha1 namespaces built
 * from them are replaced by placeholders in order of appearance (and the keys of one DEL, which
 * come from SSCAN in the set's hash order, are compared as a set).
 */
import { type GoldenBytes, goldenBytes } from "../../../helpers/golden.js";
import type { TracedCommand } from "./monitor.js";

export interface GoldenCommand {
  db: number;
  args: GoldenBytes[];
  fromLua?: boolean;
}

export function fromGolden(commands: readonly GoldenCommand[]): TracedCommand[] {
  return commands.map((c) => ({ db: c.db, args: c.args.map(goldenBytes), fromLua: c.fromLua === true }));
}

export function render(commands: readonly TracedCommand[], options: { randomIds?: boolean } = {}): string[] {
  const ids = new Map<string, string>();
  const placeholder = (text: string): string =>
    text.replace(/\b[0-9a-f]{13}\d{9}\b|\b[0-9a-f]{40}\b/g, (match) => {
      if (!ids.has(match)) ids.set(match, `<${match.length === 40 ? "sha" : "id"}${ids.size + 1}>`);
      return ids.get(match) as string;
    });
  return commands.map((c) => {
    const args = c.args.map((a) => a.toString("utf8"));
    let name = args[0] ?? "";
    if (c.fromLua) name = name.toLowerCase();
    else name = name.toUpperCase();
    let rest = name === "EVAL" || name === "EVALSHA" ? ["<script>", ...args.slice(2)] : args.slice(1);
    if (options.randomIds) {
      rest = rest.map(placeholder);
      // 8.x flushes the members SSCAN returned, in the set's hash order: random ids make it random.
      if (name === "DEL") rest.sort();
    }
    return `[${c.db}${c.fromLua ? " lua" : ""}] ${name === "EVALSHA" ? "EVAL" : name} ${JSON.stringify(rest)}`;
  });
}
