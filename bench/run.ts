/**
 * `npm run bench [-- --rounds 5 --duration 400 --filter php]`: runs every bench/cases/*.bench.ts
 * suite in this one process and writes bench/results/latest.{json,md} with medians and ratios
 * (a `--filter X` run: latest.X.{json,md}, so it never overwrites the full run's figures).
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { type BenchSuite, type CaseResult, type RatioResult, ratios, runSuite } from "./runner.js";

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    duration: { type: "string", default: "400" },
    warmup: { type: "string", default: "200" },
    filter: { type: "string" },
  },
});
const options = {
  rounds: Number(values.rounds),
  durationMs: Number(values.duration),
  warmupMs: Number(values.warmup),
};

const files = readdirSync(join(here, "cases"))
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => !values.filter || f.includes(values.filter))
  .sort();

const results: CaseResult[] = [];
for (const file of files) {
  const module = (await import(pathToFileURL(join(here, "cases", file)).href)) as { suite: BenchSuite };
  process.stdout.write(`suite ${module.suite.name} (${file})\n`);
  const suiteResults = await runSuite(module.suite, options);
  for (const r of suiteResults) {
    process.stdout.write(`  ${`${r.group} · ${r.name}`.padEnd(64)} ${fmt(r.medianOpsPerSecond)} ops/s\n`);
  }
  results.push(...suiteResults);
}
const ratioResults = ratios(results);

const outDir = join(here, "results");
mkdirSync(outDir, { recursive: true });
const meta = { date: new Date().toISOString(), node: process.version, ...options, filter: values.filter };
// A filtered run writes beside the full run's results instead of over them (latest.<filter>.*).
const base = values.filter ? `latest.${values.filter.replace(/[^\w-]/g, "_")}` : "latest";
writeFileSync(
  join(outDir, `${base}.json`),
  `${JSON.stringify({ meta, results, ratios: ratioResults }, null, 2)}\n`,
);
writeFileSync(join(outDir, `${base}.md`), markdown(meta, results, ratioResults));
process.stdout.write(
  `\n${markdownRatios(ratioResults)}\nwritten: bench/results/${base}.json, bench/results/${base}.md\n`,
);

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

function markdown(meta: Record<string, unknown>, results: CaseResult[], ratioResults: RatioResult[]): string {
  const lines = [
    "# Benchmark results",
    "",
    `${meta.date}, Node ${meta.node}, ${meta.rounds} rounds × ${meta.durationMs} ms per case (interleaved).`,
    "",
    "| suite | group | case | median ops/s |",
    "| --- | --- | --- | ---: |",
    ...results.map(
      (r) =>
        `| ${r.suite} | ${r.group} | ${r.subject ? `**${r.name}**` : r.name} | ${fmt(r.medianOpsPerSecond)} |`,
    ),
    "",
    markdownRatios(ratioResults),
  ];
  return `${lines.join("\n")}\n`;
}

function markdownRatios(ratioResults: RatioResult[]): string {
  return [
    "| group | ours | peer | ratio (median) | min–max |",
    "| --- | --- | --- | ---: | ---: |",
    ...ratioResults.map(
      (r) =>
        `| ${r.group} | ${r.subject} | ${r.peer} | ${r.median.toFixed(2)}x | ${r.min.toFixed(2)}–${r.max.toFixed(2)} |`,
    ),
  ].join("\n");
}
