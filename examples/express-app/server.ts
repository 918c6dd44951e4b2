/**
 * A small wallet service living beside a Laravel app, sharing its Redis through the bridge:
 *   GET  /health               no session, for load balancers
 *   POST /login                Laravel's login throttle; logs the user in for Laravel too
 *   POST /logout, GET /me      the shared session (who am I, my balance from the ledger)
 *   GET  /fx/:pair             an FX rate through Cache::remember (60 s), throttled 60/min
 *   POST /wallet/withdrawals   a debit under the wallet lock, fenced in the ledger transaction,
 *                              then a SendPaymentReceipt job for Laravel's queue:work
 * The ledger (SQLite here) is the source of truth; Redis holds sessions, cache, locks, counters, jobs.
 *
 * Run: REDIS_PORT=6379 APP_KEY=base64:... SESSION_DRIVER=redis CACHE_STORE=redis \
 *        npx tsx examples/express-app/server.ts      # PORT (default 3000), LEDGER_DB (default in memory)
 */
import { fileURLToPath } from "node:url";
import express, { type Express } from "express";
import { type Bridge, type BridgeOptions, createBridge, createLogger } from "../../src/index.js"; // "laravel-redis-bridge"
import { selfTest, serve, untilInterrupted } from "../support/self-test.js";
import { authRoutes } from "./auth-routes.js";
import { errorHandler } from "./http-errors.js";
import { Ledger } from "./ledger.js";
import { type WalletServices, walletRoutes } from "./wallet-routes.js";

export interface WalletAppOptions {
  /** The store of record. @default an in-memory ledger with the demo users (closed by close()) */
  ledger?: Ledger;
  fetchFxRate?: WalletServices["fetchFxRate"];
  authorizePayout?: WalletServices["authorizePayout"];
}

export interface WalletApp {
  app: Express;
  ledger: Ledger;
  /** Releases what createApp opened (not the bridge: its owner closes it). */
  close(): Promise<void>;
}

const DEMO_RATES: Record<string, string> = { "EUR-USD": "1.0842", "EUR-GBP": "0.8561", "USD-EUR": "0.9223" };

/** Session keys that would hold money: refused, so a balance never lives only in Redis. */
const MONEY_KEY = /balance|amount|funds/i;

/**
 * createBridge() with the wallet's session rule: storing a value under a key that looks like money
 * (balance, amount, funds) throws, so a balance never lives only in Redis.
 */
export function createWalletBridge(options: BridgeOptions = {}): Bridge {
  return createBridge({
    ...options,
    session: {
      ...options.session,
      valueGuard: (key) => {
        if (MONEY_KEY.test(key))
          throw new Error(`[${key}] looks like money: read it from the ledger instead.`);
      },
    },
  });
}

/**
 * Builds the wallet app on a bridge: its session and CSRF middleware, cache, locks, limiter and
 * queue. Make the bridge with createWalletBridge() to get the session's money rule.
 */
export function createApp(bridge: Bridge, options: WalletAppOptions = {}): WalletApp {
  const ledger = options.ledger ?? new Ledger().seedDemo();

  const app = express();
  app.disable("x-powered-by");
  app.get("/health", (_req, res) => {
    res.json({ ok: true });
  });
  app.use(bridge.session({ timeoutMs: 2000 })); // a frozen Redis answers 503 within 2 s
  app.use(express.json({ limit: "16kb" }));
  app.use(bridge.csrf());
  app.use(authRoutes(bridge, ledger));
  app.use(
    walletRoutes({
      bridge,
      ledger,
      fetchFxRate: options.fetchFxRate ?? (async (pair) => DEMO_RATES[pair] ?? null),
      authorizePayout: options.authorizePayout ?? (async () => {}),
    }),
  );
  app.use(errorHandler(bridge.logger));

  return {
    app,
    ledger,
    async close() {
      if (!options.ledger) ledger.close();
    },
  };
}

/** Reads the env like Laravel, listens on PORT (default 3000) until SIGINT/SIGTERM. */
export async function main(): Promise<void> {
  const bridge = createWalletBridge({ logger: createLogger({ level: selfTest ? "silent" : "info" }) });
  const wallet = createApp(
    bridge,
    process.env.LEDGER_DB ? { ledger: new Ledger(process.env.LEDGER_DB).seedDemo() } : {},
  );
  const server = await serve(wallet.app, selfTest ? 0 : Number(process.env.PORT ?? 3000));
  try {
    if (selfTest) {
      const health = await fetch(`${server.url}/health`);
      console.log(`GET /health → ${health.status}`);
      const fx = await fetch(`${server.url}/fx/EUR-USD`);
      console.log(`GET /fx/EUR-USD → ${fx.status} ${JSON.stringify(await fx.json())}`);
    } else {
      console.log(`Wallet service on ${server.url}`);
      await untilInterrupted();
    }
  } finally {
    await server.close();
    await wallet.close();
    if (process.env.LEDGER_DB) wallet.ledger.close();
    await bridge.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
