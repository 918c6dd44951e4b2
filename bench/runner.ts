/**
 * The benchmark runner: cases run side by side in ONE process run, interleaved round by round, so
 * machine noise hits the bridge and its peers alike. A suite groups cases; in each group the case
 * marked `subject` (ours) is compared with every other case (the peers) as a ratio of ops/s per
 * round, reported as the median with min–max over rounds. Never used by tests: figures live here.
 */
export interface BenchCase {
  name: string;
  /** One operation (or `opsPerCall` operations). May be async. */
  fn: () => unknown;
  /** Cases are compared within a group; default: the suite name. */
  group?: string;
  /** The bridge's case of its group; ratios are subject ÷ peer. Default: the first case of a group. */
  subject?: boolean;
  /** Keep this many calls in flight (async cases). @default 1 */
  concurrency?: number;
  /** Operations one call performs (bulk cases). @default 1 */
  opsPerCall?: number;
  /**
   * Untimed work before each stint of this case (the warm-up and every round): switching which
   * worker runs, refilling a backlog. Kept out of `fn` so it never counts against the case.
   */
  prepare?: () => Promise<void> | void;
}

export interface BenchSuite {
  name: string;
  setup?: () => Promise<void> | void;
  teardown?: () => Promise<void> | void;
  cases: BenchCase[];
}

export interface CaseResult {
  suite: string;
  group: string;
  name: string;
  subject: boolean;
  opsPerSecond: number[];
  medianOpsPerSecond: number;
}

export interface RatioResult {
  suite: string;
  group: string;
  subject: string;
  peer: string;
  median: number;
  min: number;
  max: number;
}

export interface RunOptions {
  rounds: number;
  /** Measured time per case per round. */
  durationMs: number;
  warmupMs: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function measure(c: BenchCase, durationMs: number): Promise<number> {
  await c.prepare?.();
  const concurrency = c.concurrency ?? 1;
  const opsPerCall = c.opsPerCall ?? 1;
  const start = performance.now();
  const deadline = start + durationMs;
  let calls = 0;
  if (concurrency === 1) {
    // Check the clock every 64 calls: performance.now() itself is not free for sub-µs cases.
    while (true) {
      for (let i = 0; i < 64; i++) {
        const result = c.fn();
        if (result instanceof Promise) await result;
      }
      calls += 64;
      if (performance.now() >= deadline) break;
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
  const seconds = (performance.now() - start) / 1000;
  return (calls * opsPerCall) / seconds;
}

export async function runSuite(suite: BenchSuite, options: RunOptions): Promise<CaseResult[]> {
  await suite.setup?.();
  try {
    const samples = new Map<BenchCase, number[]>(suite.cases.map((c) => [c, []]));
    for (const c of suite.cases) await measure(c, options.warmupMs);
    for (let round = 0; round < options.rounds; round++) {
      for (const c of suite.cases) samples.get(c)?.push(await measure(c, options.durationMs));
    }
    const firstOfGroup = new Map<string, BenchCase>();
    for (const c of suite.cases) {
      const group = c.group ?? suite.name;
      if (!firstOfGroup.has(group)) firstOfGroup.set(group, c);
    }
    return suite.cases.map((c) => {
      const group = c.group ?? suite.name;
      const hasSubject = suite.cases.some((o) => (o.group ?? suite.name) === group && o.subject);
      const opsPerSecond = samples.get(c) ?? [];
      return {
        suite: suite.name,
        group,
        name: c.name,
        subject: hasSubject ? c.subject === true : firstOfGroup.get(group) === c,
        opsPerSecond,
        medianOpsPerSecond: median(opsPerSecond),
      };
    });
  } finally {
    await suite.teardown?.();
  }
}

/** Ratios subject ÷ peer, round by round (rounds ran interleaved, so each round is a fair pair). */
export function ratios(results: CaseResult[]): RatioResult[] {
  const out: RatioResult[] = [];
  const groups = new Map<string, CaseResult[]>();
  for (const r of results) {
    const key = `${r.suite}\u0000${r.group}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const members of groups.values()) {
    const subject = members.find((m) => m.subject);
    if (!subject) continue;
    for (const peer of members) {
      if (peer === subject) continue;
      const perRound = subject.opsPerSecond.map((ops, i) => ops / (peer.opsPerSecond[i] ?? Number.NaN));
      out.push({
        suite: subject.suite,
        group: subject.group,
        subject: subject.name,
        peer: peer.name,
        median: median(perRound),
        min: Math.min(...perRound),
        max: Math.max(...perRound),
      });
    }
  }
  return out;
}
