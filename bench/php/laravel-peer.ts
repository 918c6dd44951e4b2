/**
 * Laravel's own PHP as a benchmark peer: one long-lived PHP CLI process (laravel-batch.php) on the
 * bench's private redis-server, driven over stdin/stdout. Each `batch()` asks for N operations run
 * back to back in PHP (sequential, as a PHP-FPM worker runs them) and resolves with the last
 * result, so the pipe round trip is paid once per N operations, not per operation. `pid` lets the
 * bench meter the PHP process' CPU.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";

export interface LaravelPeerSettings {
  /** `cache-get` (Cache::get) or `lock` (Cache::lock()->get() + release()). */
  op: "cache-get" | "lock";
  /** The cache key or lock name, without any prefix. */
  key: string;
  redisPort: number;
  /** REDIS_PREFIX (database.redis.options.prefix). */
  redisPrefix: string;
  /** CACHE_PREFIX (Laravel 8 adds the ':' itself). */
  cachePrefix: string;
}

export interface LaravelPeer {
  /** Runs `n` operations in PHP; resolves with the last one's result (decoded from PHP's JSON). */
  batch(n: number): Promise<unknown>;
  readonly pid: number | undefined;
  close(): void;
}

export async function startLaravelPeer(settings: LaravelPeerSettings): Promise<LaravelPeer> {
  const child: ChildProcessWithoutNullStreams = spawn(
    "php",
    ["-d", "display_errors=stderr", new URL("./laravel-batch.php", import.meta.url).pathname],
    {
      // Only what the script needs: the developer's own environment never reaches Laravel.
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        REDIS_PORT: String(settings.redisPort),
        REDIS_PREFIX: settings.redisPrefix,
        CACHE_PREFIX: settings.cachePrefix,
        BENCH_OP: settings.op,
        BENCH_KEY: settings.key,
      },
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  let buffered = "";
  let waiting: { resolve: (value: unknown) => void; reject: (error: Error) => void } | undefined;
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const end = buffered.indexOf("\n");
    if (end < 0 || !waiting) return;
    const line = buffered.slice(0, end);
    buffered = buffered.slice(end + 1);
    const { resolve, reject } = waiting;
    waiting = undefined;
    if (line.startsWith("ok ")) resolve(JSON.parse(line.slice(3)));
    else reject(new Error(`Laravel bench worker answered: ${line} ${stderr}`));
  });
  child.on("exit", (code) => {
    waiting?.reject(new Error(`Laravel bench worker (${settings.op}) exited ${code}: ${stderr}`));
    waiting = undefined;
  });
  const batch = (n: number): Promise<unknown> =>
    new Promise((resolve, reject) => {
      waiting = { resolve, reject };
      child.stdin.write(`${n}\n`);
    });
  // The first exchange boots Laravel and connects, before anything is timed.
  await batch(1);
  return {
    batch,
    get pid() {
      return child.pid;
    },
    close() {
      child.stdin.end();
    },
  };
}
