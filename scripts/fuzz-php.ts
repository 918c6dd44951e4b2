/**
 * The long fuzz run of the PHP unserializer (the short one is test/unit/codecs/php/fuzz.test.ts):
 *
 *   npx tsx scripts/fuzz-php.ts [--seconds 600] [--seed 1] [--php]
 *
 * Feeds mutated golden payloads, grammar soup and random bytes to unserialize() until the time is
 * up. Fails (exit 1, the input in base64) on anything but a value or a PhpUnserializeError, on a
 * call slower than 1 s (inputs are a few KB: only a hang or a quadratic path gets there; the
 * slowest input is reported), or on a prototype change. With --php it also sends every input to
 * real PHP 8.2 in batches and reports where the outcomes differ (informational: most differences
 * are our documented deviations, e.g. trailing bytes, duplicate keys, unknown enums).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import fc from "fast-check";
import { PhpUnserializeError, serialize, unserialize } from "../src/codecs/php/index.js";
import {
  fuzzOne,
  fuzzSeeds,
  grammarSoupArbitrary,
  mutate,
  mutationArbitrary,
} from "../test/helpers/php-fuzz.js";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "600" },
    seed: { type: "string", default: String(Date.now() % 1_000_000) },
    php: { type: "boolean", default: false },
  },
});
const seconds = Number(values.seconds);
const seed = Number(values.seed);
const seeds = fuzzSeeds();
const input = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...seeds), fc.array(mutationArbitrary, { minLength: 1, maxLength: 6 }))
      .map(([s, ops]) => mutate(s, ops)),
  },
  { weight: 2, arbitrary: grammarSoupArbitrary },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b)) },
);

const stats = { inputs: 0, accepted: 0, slowestMs: 0, slowest: "", phpCompared: 0, phpDiffer: 0 };
/** Differences by kind: our documented deviations are counted, anything else is listed. */
const kinds: Record<string, number> = {};
const differences: string[] = [];
const deadline = Date.now() + seconds * 1000;
let round = 0;
process.stdout.write(`fuzz-php: ${seconds}s, seed ${seed}${values.php ? ", with PHP" : ""}\n`);
while (Date.now() < deadline) {
  const batch = fc.sample(input, { numRuns: 500, seed: seed + round++ });
  for (const bytes of batch) {
    const outcome = fuzzOne(bytes);
    stats.inputs++;
    if (outcome.accepted) stats.accepted++;
    if (outcome.ms > stats.slowestMs) {
      stats.slowestMs = outcome.ms;
      stats.slowest = bytes.toString("base64").slice(0, 200);
    }
  }
  if (values.php) comparePhp(batch);
}
process.stdout.write(`${JSON.stringify({ ...stats, differencesByKind: kinds })}\n`);
for (const line of differences.slice(0, 30)) process.stdout.write(`  differs: ${line}\n`);

/** Our outcome vs PHP's for each input: both refuse, or both accept with the same re-serialization. */
function comparePhp(batch: Buffer[]): void {
  const script = join(import.meta.dirname, "..", "test", "interop", "php", "php-reserialize.php");
  const run = spawnSync("php", [script], {
    input: JSON.stringify({ payloads: batch.map((b) => b.toString("base64")) }),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`php failed: ${run.stderr}`);
  const answers = JSON.parse(run.stdout) as Array<{ bytes: string | null }>;
  batch.forEach((bytes, i) => {
    let ours: string | null = null;
    let why = "";
    try {
      ours = serialize(unserialize(bytes)).toString("base64");
    } catch (error) {
      why = error instanceof PhpUnserializeError ? error.expected : String(error);
    }
    const theirs = answers[i]?.bytes ?? null;
    stats.phpCompared++;
    if (ours === theirs) return;
    stats.phpDiffer++;
    const kind = deviationKind(bytes, ours, theirs, why);
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    if (kind === "other" && differences.length < 200) {
      const shown = JSON.stringify(bytes.toString("latin1").slice(0, 100));
      differences.push(
        `${shown} ours=${ours === null ? `refused (${why})` : "accepted"} php=${theirs === null ? "refused" : "accepted"}`,
      );
    }
  });
}

/** Sorts a difference into one of the deviations documented in the README, or "other". */
function deviationKind(bytes: Buffer, ours: string | null, theirs: string | null, why: string): string {
  if (ours === null) {
    if (why.includes("end of the data")) return "trailing bytes";
    if (why.includes("not used before") || why.includes("not set before")) return "duplicate key";
    if (why.includes("64-bit")) return "int overflow";
    if (why.includes("UTF-8")) return "non-UTF-8 class name";
    if (why.includes("maxDepth")) return "depth limit";
    return "other";
  }
  const text = bytes.toString("latin1");
  if (theirs === null && /E:\d+:/.test(text)) return "enum PHP cannot load";
  if (/C:\d+:/.test(text)) return "C: payload PHP cannot load";
  if (/R:\d+;/.test(text)) return "R: PHP rewrites";
  if (theirs === null && /O:\d+:/.test(text)) return "PHP class rejects its data (__unserialize/__wakeup)";
  if (/O:\d+:"[^"]*":\d+:\{i:/.test(text) || /;i:-?\d+;/.test(text)) return "int property name";
  return "other";
}
