/**
 * The examples are documentation that CI runs. Each examples/NN-*.ts runs as a child process with
 * EXAMPLE_SELF_TEST=1 and the env of a private redis-server (nothing else from the developer's
 * shell leaks in); where an example talks to Laravel, real PHP with Debian's Laravel 8.83 plays the
 * Laravel app (login, queue:work, dispatch, Cache::get). The express-app demo is also driven over
 * HTTP in-process through its exported createApp().
 */
import { spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp, type WalletApp } from "../../examples/express-app/server.js";
import { type Bridge, createBridge } from "../../src/index.js";
import { assertPhpLaravelInstalled, runPhp } from "../helpers/php.js";
import { type PrivateRedisServer, startRedisServer } from "../helpers/redis-server.js";
import {
  type PhpSessionServer,
  startPhpSessionServer,
} from "../interop/adapters/session/php-session-server.js";
import { CookieJar } from "./adapters/session/session-app.js";

const ROOT = join(import.meta.dirname, "..", "..");
// A throwaway key (32 bytes 0x07), never a real one.
const APP_KEY = `base64:${Buffer.alloc(32, 7).toString("base64")}`;
const REDIS_PREFIX = "wallet_database_";
const CACHE_PREFIX = "wallet_cache";

let redis: PrivateRedisServer;
let php: PhpSessionServer;

/** The .env a Laravel 8 app beside the examples would have (Debian's Laravel is 8.83). */
const laravelEnv = (): Record<string, string> => ({
  APP_NAME: "Laravel",
  APP_KEY,
  LARAVEL_VERSION: "8",
  REDIS_HOST: "127.0.0.1",
  REDIS_PORT: String(redis.port),
  REDIS_PREFIX,
  CACHE_PREFIX,
  CACHE_DRIVER: "redis",
  SESSION_DRIVER: "redis",
});
const phpEnv = (): Record<string, string> => ({
  REDIS_PORT: String(redis.port),
  REDIS_PREFIX,
  CACHE_PREFIX,
  APP_KEY,
  SESSION_COOKIE: "laravel_session",
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command with only PATH and `env`; kills it after 30 s so a hung example fails the test. */
function run(command: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ENV_FILE: "/dev/null", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * stderr without the runtime's own notices (`(node:123) ExperimentalWarning: ...` on some Node
 * versions): anything else an example writes there is a failure it reported.
 */
const problems = (stderr: string): string[] =>
  stderr
    .split("\n")
    .filter((line) => line.trim() !== "" && !/^\(node:\d+\) \w*Warning|^\(Use `node --trace/.test(line));

const example = (file: string, env: Record<string, string> = {}): Promise<Run> =>
  run(process.execPath, ["--import", "tsx", join("examples", file)], {
    ...laravelEnv(),
    EXAMPLE_SELF_TEST: "1",
    ...env,
  });
const phpScript = (file: string): Promise<Run> =>
  run(
    "php",
    ["-d", "error_reporting=E_ALL", "-d", "display_errors=stderr", join("examples", "laravel", file)],
    phpEnv(),
  );

/** What Laravel's Cache::get returns for `key`, as var_export text. */
async function laravelCacheGet(key: string): Promise<string> {
  const out = await runPhp<Record<string, { export: string }>>(
    "cache-interop",
    { mode: "get", keys: [key] },
    phpEnv(),
  );
  return Buffer.from(out[key]?.export ?? "", "base64").toString("utf8");
}

/** A browser logged in to Laravel (real StartSession + SessionGuard) as user 42. */
async function loggedInToLaravel(): Promise<CookieJar> {
  const jar = new CookieJar();
  await jar.fetch(`${php.url}/php/read`);
  const xsrf = decodeURIComponent(jar.cookies.get("XSRF-TOKEN") ?? "");
  const login = await jar.fetch(`${php.url}/php/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-xsrf-token": xsrf },
    body: "{}",
  });
  expect(login.status).toBe(200);
  return jar;
}

beforeAll(async () => {
  assertPhpLaravelInstalled();
  redis = await startRedisServer();
  php = await startPhpSessionServer(phpEnv());
});
afterAll(async () => {
  await php?.stop();
  await redis?.stop();
});
beforeEach(async () => {
  await redis.flush();
});

describe("examples/NN-*.ts", () => {
  it("01 remembers a rate with one provider call, flushes a tag, and its locks exclude a second owner; Laravel reads the rate", async () => {
    const { code, stdout, stderr } = await example("01-cache-remember.ts");
    expect(problems(stderr)).toEqual([]);
    expect(code).toBe(0);
    expect(stdout).toContain("remember: EUR-USD = 1.0842 (3 callers, provider called 1 time)");
    expect(stdout).toContain("remember again: served from Redis (provider still called 1 time)");
    expect(stdout).toContain("after tags(user:42).flush(): null");
    expect(stdout).toContain("lock: acquired=true, a second owner gets it too? false");
    expect(stdout).toContain("restoreLock(owner).release(): true");
    expect(stdout).toContain("lock.block(5, callback): nightly report built");
    expect(await laravelCacheGet("fx:EUR-USD")).toMatch(/'rate' => '1\.0842'/);
  });

  it("02 reads the user and flash of a Laravel login, answers 419 without the CSRF token, and Laravel sees what it stored", async () => {
    const jar = await loggedInToLaravel();
    const { code, stdout, stderr } = await example("02-express-session.ts", { EXAMPLE_COOKIE: jar.header() });
    expect(problems(stderr)).toEqual([]);
    expect(code).toBe(0);
    expect(stdout).toContain('GET /me → 200 {"userId":42,"status":"Welcome from PHP"}');
    expect(stdout).toContain("POST /preferences without the CSRF token → 419");
    expect(stdout).toContain("POST /preferences with X-XSRF-TOKEN → 200");
    expect(stdout).toContain('GET /me → 200 {"userId":42,"status":"Display currency set to EUR"}');
    const seen = (await (await jar.fetch(`${php.url}/php/read`)).json()) as {
      userId: number;
      values: Record<string, unknown>;
    };
    expect(seen.userId).toBe(42);
    expect(seen.values.preferences).toEqual({ currency: "EUR" });
  });

  it("03 locks a login out after five failures in Laravel's own counter, and throttles an API route with Laravel's headers", async () => {
    const { code, stdout, stderr } = await example("03-login-throttle.ts");
    expect(problems(stderr)).toEqual([]);
    expect(code).toBe(0);
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(stdout).toContain(`login attempt ${attempt} (wrong password) → 422`);
    }
    expect(stdout).toMatch(
      /login attempt 6 \(wrong password\) → 429 Too many login attempts\. Please try again in (59|60) seconds\./,
    );
    expect(stdout).toContain("GET /api/rates #3 → 200 remaining=0");
    expect(stdout).toMatch(/GET \/api\/rates #4 → 429 remaining=0 retry-after=(59|60)/);
    expect(stdout).toContain("GET /api/exports x3 → 200, 200, 429");
    // Laravel's login form (Breeze's LoginRequest) refuses the same email|ip without checking the password.
    const laravel = await runPhp<{ checked: number; refused: number }>(
      "rate-limit-login",
      { attempts: [{ email: "ada@example.com", ip: "127.0.0.1" }], max: 5 },
      phpEnv(),
    );
    expect(laravel).toMatchObject({ checked: 0, refused: 1 });
  });

  it("04 serialises withdrawals under the lock and refuses the late write of an expired holder by its fence token", async () => {
    const { code, stdout, stderr } = await example("04-locks-and-fencing.ts");
    expect(problems(stderr)).toEqual([]);
    expect(code).toBe(0);
    expect(stdout).toContain("withdraw 30.00 EUR under lock wallet:1 → balance 70.00 EUR");
    expect(stdout).toContain(
      "two concurrent withdrawals of 50.00 EUR → 1 committed, 1 refused (insufficient funds)",
    );
    expect(stdout).toContain(
      "late write with the expired lock's token → refused (ERR_LOCK_FENCE_REGRESSION)",
    );
    expect(stdout).toContain("balance from the ledger: 15.00 EUR");
  });

  it("05 dispatches a string job and a class job that Laravel's queue worker runs with the right values", async () => {
    const node = await example("05-dispatch-to-laravel.ts");
    expect(problems(node.stderr)).toEqual([]);
    expect(node.code).toBe(0);
    expect(node.stdout).toContain("queue default holds 2 jobs");
    const worker = await phpScript("queue-work.php");
    expect(worker.stderr).toBe("");
    expect(worker.code).toBe(0);
    expect(worker.stdout).toMatch(/RecordAuditEvent: payout\.requested by user 42 at \d{4}-\d\d-\d\dT/);
    expect(worker.stdout).toMatch(
      /SendPaymentReceipt: payment 1001, 12\.50 EUR, paid at \d{4}-.+ \(attempt 1\)/,
    );
    expect(await redis.client(0).keys("*queues*")).toEqual([]);
  });

  it("06 runs a Node worker on the jobs Laravel dispatched to the node queue, then stops when it is empty", async () => {
    const laravel = await phpScript("dispatch-to-node.php");
    expect(laravel.stderr).toBe("");
    expect(laravel.code).toBe(0);
    const { code, stdout, stderr } = await example("06-consume-laravel-jobs.ts");
    expect(problems(stderr)).toEqual([]);
    expect(code).toBe(0);
    expect(stdout).toContain("GenerateStatement: statement 2024-05 for user 42 (attempt 1)");
    expect(stdout).toContain("SyncFxRates: cached EUR-USD, EUR-GBP for Laravel");
    expect(stdout).toContain("worker stopped (empty): 2 processed, 0 failed");
    expect(await laravelCacheGet("fx:EUR-GBP")).toMatch(/'rate' => '0\.8561'/);
  });

  it("express-app/server.ts starts from the environment, answers, and exits by itself", async () => {
    const { code, stdout, stderr } = await example("express-app/server.ts");
    expect(problems(stderr)).toEqual([]);
    expect(code).toBe(0);
    expect(stdout).toContain("GET /health → 200");
    expect(stdout).toContain('GET /fx/EUR-USD → 200 {"pair":"EUR-USD","rate":"1.0842"}');
  });
});

describe("examples/express-app (createApp)", () => {
  let bridge: Bridge;
  let wallet: WalletApp;
  let url: string;
  let server: import("node:http").Server;
  let fxCalls = 0;

  beforeAll(async () => {
    bridge = createBridge({ env: laravelEnv(), envFile: "/dev/null" });
    wallet = createApp(bridge, {
      fetchFxRate: async (pair) => {
        fxCalls++;
        return pair === "EUR-USD" ? "1.0842" : null;
      },
    });
    server = await new Promise((resolve) => {
      const s = wallet.app.listen(0, "127.0.0.1", () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await wallet?.close();
    await bridge?.close();
  });

  const post = (jar: CookieJar, path: string, body: unknown, headers: Record<string, string> = {}) =>
    jar.fetch(`${url}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-xsrf-token": decodeURIComponent(jar.cookies.get("XSRF-TOKEN") ?? ""),
        ...headers,
      },
      body: JSON.stringify(body),
    });

  it("caches an FX rate for Laravel with one provider call", async () => {
    const jar = new CookieJar();
    const first = await (await jar.fetch(`${url}/fx/EUR-USD`)).json();
    const second = await (await jar.fetch(`${url}/fx/eur-usd`)).json();
    expect(first).toEqual({ pair: "EUR-USD", rate: "1.0842" });
    expect(second).toEqual(first);
    expect(fxCalls).toBe(1);
    expect((await jar.fetch(`${url}/fx/XXX-YYY`)).status).toBe(404);
    expect(await laravelCacheGet("fx:EUR-USD")).toBe("'1.0842'");
  });

  it("throttles logins like Breeze and logs the right user in for Laravel too", async () => {
    const jar = new CookieJar();
    await jar.fetch(`${url}/me`);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await post(jar, "/login", { email: "ada@example.com", password: `nope-${i}` })).status);
    }
    expect(statuses).toEqual([422, 422, 422, 422, 422, 429]);
    // The correct password does not help while locked out.
    const locked = await post(jar, "/login", {
      email: "ada@example.com",
      password: "correct horse battery staple",
    });
    expect(locked.status).toBe(429);

    const login = await post(jar, "/login", { email: "grace@example.com", password: "hopper-1906" });
    expect(await login.json()).toEqual({ userId: 7 });
    expect(await (await jar.fetch(`${url}/me`)).json()).toEqual({
      userId: 7,
      balanceMinor: 250_00,
      currency: "EUR",
    });
    const laravel = (await (await jar.fetch(`${php.url}/php/read`)).json()) as { userId: number | null };
    expect(laravel.userId).toBe(7);

    expect((await post(jar, "/logout", {})).status).toBe(200);
    expect((await jar.fetch(`${url}/me`)).status).toBe(401);
  });

  it("debits the ledger once per Idempotency-Key under the wallet lock, and Laravel's worker sends the receipts", async () => {
    const jar = new CookieJar();
    await jar.fetch(`${url}/me`);
    await post(jar, "/login", { email: "grace@example.com", password: "hopper-1906" });
    const withdraw = (key: string, amountMinor: number, headers: Record<string, string> = {}) =>
      post(
        jar,
        "/wallet/withdrawals",
        { amountMinor, currency: "EUR" },
        { "idempotency-key": key, ...headers },
      );

    expect((await jar.fetch(`${url}/wallet/withdrawals`, { method: "POST" })).status).toBe(419);
    expect((await post(jar, "/wallet/withdrawals", { amountMinor: 100, currency: "EUR" })).status).toBe(400);
    expect((await withdraw("key-0000001", 12.5)).status).toBe(422);

    const first = await withdraw("key-0000001", 25_00);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ amountMinor: 25_00, balanceMinor: 225_00, replayed: false });
    const replay = await withdraw("key-0000001", 25_00);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ balanceMinor: 225_00, replayed: true });
    expect((await withdraw("key-0000001", 30_00)).status).toBe(422);

    const both = await Promise.all([withdraw("key-0000002", 150_00), withdraw("key-0000003", 150_00)]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 422]);
    expect(wallet.ledger.balance(7)).toBe(75_00);

    const worker = await phpScript("queue-work.php");
    expect(worker.stderr).toBe("");
    expect(worker.code).toBe(0);
    expect(worker.stdout.match(/SendPaymentReceipt: payment \d+, 25\.00 EUR/g)).toHaveLength(1);
    expect(worker.stdout.match(/SendPaymentReceipt: payment \d+, 150\.00 EUR/g)).toHaveLength(1);
  });
});
