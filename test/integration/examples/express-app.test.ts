/**
 * examples/express-app driven over HTTP in-process through its exported createApp(), on a bridge
 * from createWalletBridge(), with Laravel 8.83's real web stack and queue worker beside it.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp, createWalletBridge, type WalletApp } from "../../../examples/express-app/server.js";
import type { Bridge } from "../../../src/index.js";
import { CookieJar } from "../adapters/session/session-app.js";
import { type ExampleHarness, startExampleHarness } from "./example-harness.js";

describe("examples/express-app (createApp)", () => {
  let bridge: Bridge;
  let wallet: WalletApp;
  let url: string;
  let server: Server;
  let fxCalls = 0;

  let h: ExampleHarness;

  beforeAll(async () => {
    h = await startExampleHarness();
    bridge = createWalletBridge({ env: h.laravelEnv(), envFile: "/dev/null" });
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
    await h?.stop();
  });
  beforeEach(async () => {
    await h.redis.flush();
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

  it("refuses to keep a balance or an amount in the session it shares with Laravel", () => {
    const session = bridge.sessions.build();
    expect(() => session.put("wallet.balanceMinor", 100_00)).toThrow(/looks like money/);
    expect(() => session.put("last_withdrawal_amount", 25_00)).toThrow(/looks like money/);
    session.put("preferences.currency", "EUR");
    expect(session.get("preferences.currency")).toBe("EUR");
  });

  it("caches an FX rate for Laravel with one provider call", async () => {
    const jar = new CookieJar();
    const first = await (await jar.fetch(`${url}/fx/EUR-USD`)).json();
    const second = await (await jar.fetch(`${url}/fx/eur-usd`)).json();
    expect(first).toEqual({ pair: "EUR-USD", rate: "1.0842" });
    expect(second).toEqual(first);
    expect(fxCalls).toBe(1);
    expect((await jar.fetch(`${url}/fx/XXX-YYY`)).status).toBe(404);
    expect(await h.laravelCacheGet("fx:EUR-USD")).toBe("'1.0842'");
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
    const laravel = (await (await jar.fetch(`${h.php.url}/php/read`)).json()) as { userId: number | null };
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

    const worker = await h.phpScript("queue-work.php");
    expect(worker.stderr).toBe("");
    expect(worker.code).toBe(0);
    expect(worker.stdout.match(/SendPaymentReceipt: payment \d+, 25\.00 EUR/g)).toHaveLength(1);
    expect(worker.stdout.match(/SendPaymentReceipt: payment \d+, 150\.00 EUR/g)).toHaveLength(1);
  });
});
