/**
 * `npx tsx bench/paired.ts --suite cache [--rounds 15] [--slices 8] [--slice-ms 30] [--group text]`:
 * the same suites as run.ts, measured for a noisy machine: in every round the subject and each peer
 * alternate in short slices (ABAB…, order flipped per slice), so a burst of load from other
 * processes hits both sides of a ratio instead of one. Reports per pair the median wall ratio
 * (ours ÷ peer ops/s) with min–max over rounds, and the median ratio of CPU time per op (peer ÷
 * ours, this process only: Redis' own CPU is not in it). Prints; writes nothing.
 */
import { parseArgs } from "node:util";
import { type BenchCase, type BenchSuite, median } from "./runner.js";

const { values } = parseArgs({
  options: {
    suite: { type: "string", default: "cache" },
    rounds: { type: "string", default: "15" },
    slices: { type: "string", default: "8" },
    "slice-ms": { type: "string", default: "30" },
    group: { type: "string" },
  },
});
const rounds = Number(values.rounds);
const slices = Number(values.slices);
const sliceMs = Number(values["slice-ms"]);
const { suite } = (await import(`./cases/${values.suite}.bench.ts`)) as { suite: BenchSuite };

interface Sample {
  calls: number;
  ms: number;
  cpuMicros: number;
}

async function slice(c: BenchCase, ms: number): Promise<Sample> {
  const concurrency = c.concurrency ?? 1;
  let calls = 0;
  const start = performance.now();
  const deadline = start + ms;
  const cpu = process.cpuUsage();
  if (concurrency === 1) {
    while (performance.now() < deadline) {
      for (let i = 0; i < 16; i++) {
        const result = c.fn();
        if (result instanceof Promise) await result;
      }
      calls += 16;
    }
  } else {
    const lane = async (): Promise<void> => {
      while (performance.now() < deadline) {
        await c.fn();
        calls++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
  }
  const used = process.cpuUsage(cpu);
  return {
    calls: calls * (c.opsPerCall ?? 1),
    ms: performance.now() - start,
    cpuMicros: used.user + used.system,
  };
}

const add = (a: Sample, b: Sample): Sample => ({
  calls: a.calls + b.calls,
  ms: a.ms + b.ms,
  cpuMicros: a.cpuMicros + b.cpuMicros,
});

await suite.setup?.();
try {
  const groups = new Map<string, BenchCase[]>();
  for (const c of suite.cases) {
    const group = c.group ?? suite.name;
    if (values.group && !group.includes(values.group)) continue;
    groups.set(group, [...(groups.get(group) ?? []), c]);
  }
  const lines = [
    "| group | ours | peer | wall ratio (median) | min–max | CPU/op ratio (median) |",
    "| --- | --- | --- | ---: | ---: | ---: |",
  ];
  for (const [group, cases] of groups) {
    const subject = cases.find((c) => c.subject) ?? (cases[0] as BenchCase);
    for (const peer of cases) {
      if (peer === subject) continue;
      await slice(subject, 150);
      await slice(peer, 150);
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let round = 0; round < rounds; round++) {
        let ours: Sample = { calls: 0, ms: 0, cpuMicros: 0 };
        let theirs: Sample = { calls: 0, ms: 0, cpuMicros: 0 };
        for (let i = 0; i < slices; i++) {
          const subjectFirst = i % 2 === 0;
          const first = await slice(subjectFirst ? subject : peer, sliceMs);
          const second = await slice(subjectFirst ? peer : subject, sliceMs);
          ours = add(ours, subjectFirst ? first : second);
          theirs = add(theirs, subjectFirst ? second : first);
        }
        wall.push(ours.calls / ours.ms / (theirs.calls / theirs.ms));
        cpu.push(theirs.cpuMicros / theirs.calls / (ours.cpuMicros / ours.calls));
      }
      lines.push(
        `| ${group} | ${subject.name} | ${peer.name} | ${median(wall).toFixed(2)}x | ${Math.min(...wall).toFixed(2)}–${Math.max(...wall).toFixed(2)} | ${median(cpu).toFixed(2)}x |`,
      );
      process.stdout.write(`${lines.at(-1)}\n`);
    }
  }
  process.stdout.write(`\n${lines.join("\n")}\n`);
} finally {
  await suite.teardown?.();
}
