/**
 * Sessions over HTTP (PERFORMANCE.md G2): the same route (read a counter, write it back) behind
 * bridge.session() and behind express-session with connect-redis 7 (ioredis, plain and
 * autopipelined) and connect-redis 9 (node-redis), plus no session at all. Each app runs in its own
 * process (session-server.ts) on one private redis-server; this process drives 50 keep-alive
 * requests in flight, each lane with its own session cookie, so every request is GET + write.
 * Redis and server CPU per request come from /proc, printed at the end and written to
 * bench/results/session-cpu.json.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type PrivateRedisServer, startRedisServer } from "../../test/helpers/redis-server.js";
import { processCpuMicros } from "../paired.js";
import type { BenchCase, BenchSuite } from "../runner.js";

const here = dirname(fileURLToPath(import.meta.url));
const KINDS = {
  bridge: "bridge.session() (Laravel cookie + PHP payload)",
  "cr7-autopipe": "express-session + connect-redis 7 + ioredis autopipelining",
  cr9: "express-session + connect-redis 9 + node-redis",
  cr7: "express-session + connect-redis 7 + ioredis",
  none: "no session",
} as const;
type Kind = keyof typeof KINDS;
const LANES = 50;
const GROUP = "GET / reading + writing the session, 50 in flight";

let redis: PrivateRedisServer;
const servers = new Map<Kind, { child: ChildProcess; port: number; cookies: string[]; next: number }>();
const agent = new Agent({ keepAlive: true, maxSockets: LANES });

const cpuMicros = processCpuMicros;

const cpu = new Map<Kind, { redisUs: number; serverUs: number; requests: number }>();
let current: { kind: Kind; redis: number; server: number; requests: number } | undefined;

function closeInterval(): void {
  if (!current) return;
  const total = cpu.get(current.kind) ?? { redisUs: 0, serverUs: 0, requests: 0 };
  total.redisUs += cpuMicros(redis.pid) - current.redis;
  total.serverUs += cpuMicros(servers.get(current.kind)?.child.pid) - current.server;
  total.requests += current.requests;
  cpu.set(current.kind, total);
  current = undefined;
}

function get(port: number, cookie: string | undefined): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/", agent, headers: cookie ? { cookie } : {} },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.headers["set-cookie"] ?? []));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

async function startServer(kind: Kind): Promise<void> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(here, "session-server.ts"), kind, String(redis.port)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`session-server ${kind} exited ${code}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
  });
  const cookies: string[] = [];
  for (let i = 0; i < LANES; i++) {
    const set = await get(port, undefined);
    cookies.push(set.map((c) => c.split(";")[0]).join("; "));
  }
  servers.set(kind, { child, port, cookies, next: 0 });
}

function benchCase(kind: Kind): BenchCase {
  return {
    group: GROUP,
    name: KINDS[kind],
    subject: kind === "bridge",
    concurrency: LANES,
    fn: async () => {
      const server = servers.get(kind);
      if (!server) throw new Error(`no server for ${kind}`);
      if (current?.kind !== kind) {
        closeInterval();
        current = { kind, redis: cpuMicros(redis.pid), server: cpuMicros(server.child.pid), requests: 0 };
      }
      current.requests += 1;
      await get(server.port, server.cookies[server.next++ % LANES]);
    },
  };
}

export const suite: BenchSuite = {
  name: "session",
  async setup() {
    redis = await startRedisServer();
    for (const kind of Object.keys(KINDS) as Kind[]) await startServer(kind);
  },
  async teardown() {
    closeInterval();
    const rows = [...cpu].map(([kind, c]) => ({
      case: KINDS[kind],
      redisCpuUsPerRequest: Math.round((c.redisUs / Math.max(1, c.requests)) * 10) / 10,
      serverCpuUsPerRequest: Math.round(c.serverUs / Math.max(1, c.requests)),
      requests: c.requests,
    }));
    // CPU is far steadier than req/s on a shared machine: also report peer ÷ bridge CPU per request
    // (server + Redis), i.e. how many of our requests fit in the CPU one peer request takes.
    const ours = rows.find((r) => r.case === KINDS.bridge);
    const oursUs = ours ? ours.serverCpuUsPerRequest + ours.redisCpuUsPerRequest : Number.NaN;
    const withRatios = rows.map((r) => ({
      ...r,
      cpuRatioVsBridge: Math.round(((r.serverCpuUsPerRequest + r.redisCpuUsPerRequest) / oursUs) * 100) / 100,
    }));
    process.stdout.write("  CPU per request (all rounds and warm-up), and its ratio to the bridge's:\n");
    for (const r of withRatios) {
      process.stdout.write(
        `    ${r.case.padEnd(62)} redis ${String(r.redisCpuUsPerRequest).padStart(6)} µs   server ${String(r.serverCpuUsPerRequest).padStart(5)} µs   ${r.cpuRatioVsBridge.toFixed(2)}x\n`,
      );
    }
    writeFileSync(
      join(here, "..", "results", "session-cpu.json"),
      `${JSON.stringify(withRatios, null, 2)}\n`,
    );
    agent.destroy();
    for (const { child } of servers.values()) child.kill("SIGTERM");
    servers.clear();
    await redis.stop();
  },
  cases: (Object.keys(KINDS) as Kind[]).map(benchCase),
};
