/**
 * The examples are documentation that CI runs. Each examples/NN-*.ts runs as a child process with
 * EXAMPLE_SELF_TEST=1 and the env of a private redis-server (nothing else from the developer's
 * shell leaks in); where an example talks to Laravel, real PHP with Debian's Laravel 8.83 plays the
 * Laravel app (login, queue:work, dispatch, Cache::get). The wallet app's routes are driven
 * in-process in examples/express-app.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runPhp } from "../helpers/php.js";
import { type ExampleHarness, problems, startExampleHarness } from "./examples/example-harness.js";

let h: ExampleHarness;
beforeAll(async () => {
  h = await startExampleHarness();
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(async () => {
  await h.redis.flush();
});

describe("examples/NN-*.ts", () => {
  it("01 remembers a rate with one provider call, flushes a tag, and its locks exclude a second owner; Laravel reads the rate", async () => {
    const { code, stdout, stderr } = await h.example("01-cache-remember.ts");
    expect(problems(stderr)).toEqual([]);
    expect(code).toBe(0);
    expect(stdout).toContain("remember: EUR-USD = 1.0842 (3 callers, provider called 1 time)");
    expect(stdout).toContain("remember again: served from Redis (provider still called 1 time)");
    expect(stdout).toContain("after tags(user:42).flush(): null");
    expect(stdout).toContain("lock: acquired=true, a second owner gets it too? false");
    expect(stdout).toContain("restoreLock(owner).release(): true");
    expect(stdout).toContain("lock.block(5, callback): nightly report built");
    expect(await h.laravelCacheGet("fx:EUR-USD")).toMatch(/'rate' => '1\.0842'/);
  });

  it("02 reads the user and flash of a Laravel login, answers 419 without the CSRF token, and Laravel sees what it stored", async () => {
    const jar = await h.loggedInToLaravel();
    const { code, stdout, stderr } = await h.example("02-express-session.ts", {
      EXAMPLE_COOKIE: jar.header(),
    });
    expect(problems(stderr)).toEqual([]);
    expect(code).toBe(0);
    expect(stdout).toContain('GET /me → 200 {"userId":42,"status":"Welcome from PHP"}');
    expect(stdout).toContain("POST /preferences without the CSRF token → 419");
    expect(stdout).toContain("POST /preferences with X-XSRF-TOKEN → 200");
    expect(stdout).toContain('GET /me → 200 {"userId":42,"status":"Display currency set to EUR"}');
    const seen = (await (await jar.fetch(`${h.php.url}/php/read`)).json()) as {
      userId: number;
      values: Record<string, unknown>;
    };
    expect(seen.userId).toBe(42);
    expect(seen.values.preferences).toEqual({ currency: "EUR" });
  });

  it("03 locks a login out after five failures in Laravel's own counter, and throttles an API route with Laravel's headers", async () => {
    const { code, stdout, stderr } = await h.example("03-login-throttle.ts");
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
      h.phpEnv(),
    );
    expect(laravel).toMatchObject({ checked: 0, refused: 1 });
  });

  it("04 serialises withdrawals under the lock and refuses the late write of an expired holder by its fence token", async () => {
    const { code, stdout, stderr } = await h.example("04-locks-and-fencing.ts");
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
    const node = await h.example("05-dispatch-to-laravel.ts");
    expect(problems(node.stderr)).toEqual([]);
    expect(node.code).toBe(0);
    expect(node.stdout).toContain("queue default holds 2 jobs");
    const worker = await h.phpScript("queue-work.php");
    expect(worker.stderr).toBe("");
    expect(worker.code).toBe(0);
    expect(worker.stdout).toMatch(/RecordAuditEvent: payout\.requested by user 42 at \d{4}-\d\d-\d\dT/);
    expect(worker.stdout).toMatch(
      /SendPaymentReceipt: payment 1001, 12\.50 EUR, paid at \d{4}-.+ \(attempt 1\)/,
    );
    expect(await h.redis.client(0).keys("*queues*")).toEqual([]);
  });

  it("06 runs a Node worker on the jobs Laravel dispatched to the node queue, then stops when it is empty", async () => {
    const laravel = await h.phpScript("dispatch-to-node.php");
    expect(laravel.stderr).toBe("");
    expect(laravel.code).toBe(0);
    const { code, stdout, stderr } = await h.example("06-consume-laravel-jobs.ts");
    expect(problems(stderr)).toEqual([]);
    expect(code).toBe(0);
    expect(stdout).toContain("GenerateStatement: statement 2024-05 for user 42 (attempt 1)");
    expect(stdout).toContain("SyncFxRates: cached EUR-USD, EUR-GBP for Laravel");
    expect(stdout).toContain("worker stopped (empty): 2 processed, 0 failed");
    expect(await h.laravelCacheGet("fx:EUR-GBP")).toMatch(/'rate' => '0\.8561'/);
  });

  it("express-app/server.ts starts from the environment, answers, and exits by itself", async () => {
    const { code, stdout, stderr } = await h.example("express-app/server.ts");
    expect(problems(stderr)).toEqual([]);
    expect(code).toBe(0);
    expect(stdout).toContain("GET /health → 200");
    expect(stdout).toContain('GET /fx/EUR-USD → 200 {"pair":"EUR-USD","rate":"1.0842"}');
  });
});
