/**
 * A private redis-server per test file, on a free loopback port, so tests can flush, kill, pause and
 * restart it without touching anyone else's Redis (never the one on 6379).
 *
 *   const redis = await startRedisServer();      // in beforeAll
 *   redis.port / redis.url / redis.client(db)    // raw ioredis for assertions
 *   await redis.kill(); await redis.restart();   // fault injection
 *   await redis.stop();                          // in afterAll (also done on process exit)
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import type { RedisConfig } from "../../src/config/bridge-config.js";

const BINARY = process.env.REDIS_SERVER_BIN ?? "redis-server";
const live = new Set<ChildProcess>();

process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

export interface RedisServerOptions {
  /** Extra `--name value` arguments, e.g. `{ requirepass: "secret" }`. */
  args?: Record<string, string>;
}

export interface PrivateRedisServer {
  readonly port: number;
  readonly host: "127.0.0.1";
  readonly url: string;
  readonly pid: number | undefined;
  /** A raw ioredis client on this server (closed by stop()). */
  client(db?: number, options?: { password?: string; username?: string }): Redis;
  flush(): Promise<void>;
  configSet(name: string, value: string): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  /** SIGKILL and wait: a crash, nothing flushed. */
  kill(): Promise<void>;
  /** SIGSTOP: the socket stays open but nothing answers. */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** Start again on the same port (after stop or kill). */
  restart(): Promise<void>;
}

export function assertRedisServerInstalled(): void {
  const probe = spawnSync(BINARY, ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `redis-server was not found (${BINARY}). Tests need a real Redis: run "apt-get install -y redis-server" ` +
        "(or npm run setup as root), or set REDIS_SERVER_BIN.",
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<PrivateRedisServer> {
  assertRedisServerInstalled();
  const dir = mkdtempSync(join(tmpdir(), "lrb-redis-"));
  const clients = new Set<Redis>();
  let port = await freePort();
  let child: ChildProcess | undefined;

  const argv = (): string[] => {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
    args.push("--dir", dir, "--daemonize", "no", "--loglevel", "warning");
    for (const [name, value] of Object.entries(options.args ?? {})) args.push(`--${name}`, value);
    return args;
  };

  const launch = async (): Promise<void> => {
    const proc = spawn(BINARY, argv(), { stdio: ["ignore", "pipe", "pipe"] });
    live.add(proc);
    let output = "";
    proc.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    proc.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    proc.on("exit", () => live.delete(proc));
    await waitUntilReady(proc, port, () => output);
    child = proc;
  };

  const waitExit = (proc: ChildProcess, signal: NodeJS.Signals): Promise<void> =>
    new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once("exit", () => resolve());
      proc.kill(signal);
    });

  // A port found free can be taken before redis binds it: retry on a fresh one a few times.
  for (let attempt = 0; ; attempt++) {
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
      port = await freePort();
    }
  }

  const server: PrivateRedisServer = {
    host: "127.0.0.1",
    get port() {
      return port;
    },
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    get pid() {
      return child?.pid;
    },
    client(db = 0, auth = {}) {
      const client = new Redis({ host: "127.0.0.1", port, db, lazyConnect: false, ...auth });
      client.on("error", () => {});
      clients.add(client);
      return client;
    },
    async flush() {
      const admin = new Redis({ host: "127.0.0.1", port, ...adminAuth(options) });
      try {
        await admin.flushall();
      } finally {
        admin.disconnect();
      }
    },
    async configSet(name, value) {
      const admin = new Redis({ host: "127.0.0.1", port, ...adminAuth(options) });
      try {
        await admin.config("SET", name, value);
      } finally {
        admin.disconnect();
      }
    },
    async stop() {
      for (const client of clients) client.disconnect();
      clients.clear();
      if (child) await waitExit(child, "SIGTERM");
      child = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      if (child) await waitExit(child, "SIGKILL");
      child = undefined;
    },
    pause() {
      child?.kill("SIGSTOP");
    },
    resume() {
      child?.kill("SIGCONT");
    },
    async restart() {
      if (child) await waitExit(child, "SIGKILL");
      await launch();
    },
  };
  return server;
}

function adminAuth(options: RedisServerOptions): { password?: string } {
  const password = options.args?.requirepass;
  return password ? { password } : {};
}

async function waitUntilReady(proc: ChildProcess, port: number, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) {
      throw new Error(`redis-server on port ${port} exited (${proc.exitCode}): ${output().trim()}`);
    }
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  proc.kill("SIGKILL");
  throw new Error(`redis-server on port ${port} did not start within 10 s: ${output().trim()}`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => socket.write("PING\r\n"));
    socket.setTimeout(500);
    socket.once("data", (data) => {
      socket.destroy();
      // "-NOAUTH" also means the server is up.
      resolve(/^(\+PONG|-NOAUTH|-ERR)/.test(data.toString()));
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Laravel's connection map (`default` → DB 0, `cache` → DB 1, phpredis) pointed at a private server,
 * for tests and benches that build a ConnectionManager by hand.
 */
export function privateRedisConfig(server: Pick<PrivateRedisServer, "port">, prefix: string): RedisConfig {
  const base = {
    host: "127.0.0.1",
    port: server.port,
    username: null,
    password: null,
    tls: false,
    options: {},
  };
  return {
    client: "phpredis",
    prefix,
    cluster: "redis",
    connections: {
      default: { ...base, name: "default", database: 0 },
      cache: { ...base, name: "cache", database: 1 },
    },
  };
}
