/**
 * `npm run demo` is the README's first impression: examples/demo/run.ts runs here as a child process
 * (its own private redis-server, real PHP with Debian's Laravel 8.83) with nothing from the
 * developer's shell but PATH. It must exit 0 by itself, say what happened on which side, and leave
 * nothing running or on disk.
 */
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assertPhpLaravelInstalled } from "../helpers/php.js";
import { problems, type Run, runCommand } from "./examples/example-harness.js";

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const portAfter = (stdout: string, pattern: RegExp): number => {
  const match = pattern.exec(stdout);
  expect(match, `no ${pattern} in the demo's output`).not.toBeNull();
  return Number(match?.[1]);
};

describe("npm run demo (examples/demo/run.ts)", () => {
  let demo: Run;
  beforeAll(async () => {
    assertPhpLaravelInstalled();
    // 60 s: a hung demo is killed and fails here instead of stalling CI.
    demo = await runCommand(
      process.execPath,
      ["--import", "tsx", join("examples", "demo", "run.ts")],
      {},
      60_000,
    );
  }, 70_000);

  it("exits 0 by itself well within a minute, with nothing on stderr but the runtime's own notices", () => {
    expect(problems(demo.stderr)).toEqual([]);
    expect(demo.code).toBe(0);
    expect(demo.ms).toBeLessThan(45_000);
  });

  it("shows the config, a passing doctor and the cache shared both ways with real Laravel", () => {
    expect(demo.stdout).toContain("laravel-redis-bridge configuration for LARAVEL_VERSION=8");
    expect(demo.stdout).toContain('session.driver                       "redis"');
    expect(demo.stdout).toMatch(/All \d+ checks passed\./);
    expect(demo.stdout).toContain(`PHP stored 'fx:EUR-USD'; Node reads: "1.0842"`);
    expect(demo.stdout).toContain("'name' => 'Ada',");
    expect(demo.stdout).not.toMatch(/APP_KEY=|base64:[A-Za-z0-9+/]{40}/);
  });

  it("logs in through Laravel, and Node's wallet service knows that user in the same session", () => {
    expect(demo.stdout).toContain(
      "[browser → Laravel]  POST /php/login → 200: SessionGuard logged in user 42",
    );
    expect(demo.stdout).toMatch(
      /\[Redis\] +session demo_wallet_database_demo_wallet_cache:[A-Za-z0-9]{6}… \(TTL 7200 s\)/,
    );
    expect(demo.stdout).toContain("GET /me → 200: user 42, balance 100.00 EUR (from the ledger, not Redis)");
    expect(demo.stdout).toContain("GET /php/read → 200: still user 42: the same session Node read");
  });

  it("debits once under the fenced wallet lock, and a replay with the same Idempotency-Key debits nothing", () => {
    expect(demo.stdout).toMatch(
      /POST \/wallet\/withdrawals 25\.00 EUR \(Idempotency-Key demo-withdrawal-0001\) → 201: entry (\d+), balance 75\.00 EUR/,
    );
    expect(demo.stdout).toMatch(
      /debited under lock wallet:42; fence token \d+ checked in the ledger transaction/,
    );
    expect(demo.stdout).toMatch(/→ 200: replayed entry \d+, no second debit, balance 75\.00 EUR/);
    expect(demo.stdout).toContain("balance of user 42: 75.00 EUR (one debit)");
  });

  it("has Laravel's PHP worker run the one SendPaymentReceipt job Node queued, leaving the queue empty", () => {
    const entry = /→ 201: entry (\d+)/.exec(demo.stdout)?.[1];
    expect(demo.stdout).toContain("queue default holds 1 job (the replay queued none)");
    const receipts = demo.stdout.match(
      /\[PHP\] +SendPaymentReceipt: payment \d+, 25\.00 EUR, paid at .+ \(attempt 1\)/g,
    );
    expect(receipts).toHaveLength(1);
    expect(receipts?.[0]).toContain(`payment ${entry},`);
    expect(demo.stdout).toContain("queue default holds 0 jobs");
  });

  it("stops the redis-server, the PHP server and the Node server it started, and removes its .env", async () => {
    const redisPort = portAfter(demo.stdout, /A private redis-server on 127\.0\.0\.1:(\d+)/);
    const nodePort = portAfter(demo.stdout, /The wallet service \(Node\) on http:\/\/127\.0\.0\.1:(\d+)/);
    const phpPort = portAfter(demo.stdout, /Laravel's web stack \(php -S\) on http:\/\/127\.0\.0\.1:(\d+)/);
    for (const port of [redisPort, nodePort, phpPort]) expect(await listening(port)).toBe(false);
    const dotenv = /\.env file: (\S+)/.exec(demo.stdout)?.[1];
    expect(dotenv).toMatch(/lrb-demo-/);
    expect(existsSync(dotenv as string)).toBe(false);
  });
});
