/**
 * CPU per operation of paired bench cases (ours and its peers), for the ratios that hold on a
 * shared machine: wall-clock ops/s moves with other people's load, the CPU an operation costs
 * hardly does (PERFORMANCE.md G0.1: client CPU per op ≤ 1.25x raw ioredis).
 *
 * `meter.wrap(case)` counts the operations and CPU of every stint of a case (the runner runs one
 * case at a time, so a stint ends when another case's fn is first called). This process' CPU comes
 * from process.cpuUsage() (µs); Redis' and a PHP peer's from /proc (per-thread schedstat in ns; they
 * are summed over all stints). The first stint of each case is the warm-up and is left out.
 * Ratios (ours ÷ peer, lower is better) are taken stint by stint, i.e. round by round, and
 * reported as the median with min–max, like the runner's ops/s ratios.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { BenchCase } from "./runner.js";
import { median } from "./runner.js";

export interface OtherProcess {
  /** e.g. `php`. */
  name: string;
  pid: () => number | undefined;
}

interface Stint {
  ops: number;
  selfMicros: number;
  redisMicros: number;
  otherMicros: number;
}

interface Metered {
  group: string;
  name: string;
  subject: boolean;
  other: OtherProcess | undefined;
  stints: Stint[];
}

export interface CaseCpu {
  group: string;
  name: string;
  subject: boolean;
  ops: number;
  /** This Node process, µs per op (median over rounds). */
  nodeMicrosPerOp: number;
  /** Redis, µs per op (all rounds). */
  redisMicrosPerOp: number;
  /** The other process (PHP), µs per op (all rounds). */
  other?: { name: string; microsPerOp: number };
  /** Ours ÷ this case, client CPU per op (a PHP peer's: PHP's), round by round (peers only). */
  nodeRatio?: { median: number; min: number; max: number };
}

/**
 * CPU time (µs) of a process so far: the sum of its threads' run time from /proc/<pid>/task/<tid>/schedstat
 * (nanoseconds, so a short stint of a quiet redis-server is not rounded to 10 ms ticks), or utime +
 * stime from /proc/<pid>/stat (10 ms ticks) where the kernel keeps no schedstat.
 */
export function processCpuMicros(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const scheduled = scheduledMicros(pid);
  if (scheduled !== undefined) return scheduled;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

function scheduledMicros(pid: number): number | undefined {
  let nanos = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      nanos += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    }
  } catch {
    return undefined;
  }
  return Number.isFinite(nanos) ? nanos / 1000 : undefined;
}

const selfMicros = (): number => {
  const used = process.cpuUsage();
  return used.user + used.system;
};

export class CpuMeter {
  readonly #redisPid: () => number | undefined;
  readonly #cases: Metered[] = [];
  #open: { metered: Metered; stint: Stint } | undefined;

  /** @param redisPid the bench's private redis-server */
  constructor(redisPid: () => number | undefined) {
    this.#redisPid = redisPid;
  }

  /** The case, metered. `other`: a second process doing the work (a PHP peer). */
  wrap(c: BenchCase, suiteName: string, other?: OtherProcess): BenchCase {
    const metered: Metered = {
      group: c.group ?? suiteName,
      name: c.name,
      subject: c.subject === true,
      other,
      stints: [],
    };
    this.#cases.push(metered);
    const perCall = c.opsPerCall ?? 1;
    const fn = c.fn;
    return {
      ...c,
      fn: () => {
        if (this.#open?.metered !== metered) this.#start(metered);
        (this.#open as { stint: Stint }).stint.ops += perCall;
        return fn();
      },
    };
  }

  /** Figures per case; closes the stint still open (call once the suite has run). */
  figures(): CaseCpu[] {
    this.#close();
    const out: CaseCpu[] = [];
    for (const m of this.#cases) {
      const stints = m.stints.slice(1).filter((s) => s.ops > 0);
      const ops = stints.reduce((sum, s) => sum + s.ops, 0);
      const total = (pick: (s: Stint) => number): number =>
        stints.reduce((sum, s) => sum + pick(s), 0) / Math.max(1, ops);
      const figure: CaseCpu = {
        group: m.group,
        name: m.name,
        subject: m.subject,
        ops,
        nodeMicrosPerOp: median(stints.map((s) => s.selfMicros / s.ops)),
        redisMicrosPerOp: total((s) => s.redisMicros),
        ...(m.other ? { other: { name: m.other.name, microsPerOp: total((s) => s.otherMicros) } } : {}),
      };
      const ours = this.#cases.find((o) => o.group === m.group && o.subject);
      if (ours && ours !== m) {
        const theirs = m.stints.slice(1);
        const perRound = ours.stints
          .slice(1)
          .map((s, i) => {
            const peer = theirs[i];
            // A PHP peer's client CPU is the PHP process', not the Node process' that drives it.
            const theirCpu = peer && (m.other ? peer.otherMicros : peer.selfMicros);
            return peer && theirCpu && s.ops > 0 ? s.selfMicros / s.ops / (theirCpu / peer.ops) : Number.NaN;
          })
          .filter((r) => Number.isFinite(r));
        if (perRound.length > 0)
          figure.nodeRatio = {
            median: median(perRound),
            min: Math.min(...perRound),
            max: Math.max(...perRound),
          };
      }
      out.push(figure);
    }
    return out;
  }

  /** A markdown table of figures(). */
  table(): string {
    const lines = [
      "| group | case | node µs/op | ours ÷ this, client CPU/op (median, min–max) | redis µs/op | other µs/op |",
      "| --- | --- | ---: | ---: | ---: | ---: |",
    ];
    for (const f of this.figures()) {
      const ratio = f.nodeRatio
        ? `${f.nodeRatio.median.toFixed(2)}x (${f.nodeRatio.min.toFixed(2)}–${f.nodeRatio.max.toFixed(2)})`
        : "";
      const other = f.other ? `${f.other.name} ${f.other.microsPerOp.toFixed(1)}` : "";
      const name = f.subject ? `**${f.name}**` : f.name;
      lines.push(
        `| ${f.group} | ${name} | ${f.nodeMicrosPerOp.toFixed(1)} | ${ratio} | ${f.redisMicrosPerOp.toFixed(1)} | ${other} |`,
      );
    }
    return lines.join("\n");
  }

  #start(metered: Metered): void {
    this.#close();
    const stint: Stint = {
      ops: 0,
      selfMicros: selfMicros(),
      redisMicros: processCpuMicros(this.#redisPid()),
      otherMicros: processCpuMicros(metered.other?.pid()),
    };
    this.#open = { metered, stint };
  }

  #close(): void {
    const open = this.#open;
    if (!open) return;
    const { stint, metered } = open;
    stint.selfMicros = selfMicros() - stint.selfMicros;
    stint.redisMicros = processCpuMicros(this.#redisPid()) - stint.redisMicros;
    stint.otherMicros = processCpuMicros(metered.other?.pid()) - stint.otherMicros;
    metered.stints.push(stint);
    this.#open = undefined;
  }
}
