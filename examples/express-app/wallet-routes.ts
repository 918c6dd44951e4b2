/**
 * The money route and its neighbours: `GET /fx/:pair` (Cache::remember an FX rate for 60 s) and
 * `POST /wallet/withdrawals` — a debit under the wallet lock (`Cache::lock('wallet:<id>')`, shared
 * with PHP code), fenced in the ledger transaction, idempotent by the Idempotency-Key header, and
 * followed by a receipt job that Laravel's `queue:work` runs.
 */
import { type Request, type Response, Router } from "express";
import { z } from "zod";
import type { Bridge } from "../../src/index.js"; // "laravel-redis-bridge"
import { currentUserId } from "./auth-routes.js";
import type { Ledger, Withdrawal } from "./ledger.js";

export interface WalletServices {
  bridge: Bridge;
  ledger: Ledger;
  /** Today's rate for a pair such as EUR-USD, as a decimal string; null when unknown. */
  fetchFxRate: (pair: string) => Promise<string | null>;
  /** The payment provider's authorisation (the slow call the lock covers). */
  authorizePayout: (userId: number, amountMinor: number, signal: AbortSignal) => Promise<void>;
}

/** Amounts are integer cents; the ceiling keeps them far inside exact double range. */
const WithdrawalRequest = z.object({
  amountMinor: z.number().int().positive().max(1_000_000_00),
  currency: z.literal("EUR"),
});
const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

export function walletRoutes(services: WalletServices): Router {
  const { bridge, ledger } = services;
  const router = Router();

  router.get("/fx/:pair", bridge.throttle({ maxAttempts: 60, decayMinutes: 1 }), async (req, res) => {
    const pair = String(req.params.pair).toUpperCase();
    if (!/^[A-Z]{3}-[A-Z]{3}$/.test(pair)) {
      res.status(404).json({ message: "Unknown currency pair." });
      return;
    }
    // The same key Laravel's Cache::remember("fx:EUR-USD", 60, ...) uses: either side fills it.
    const rate = await bridge.cache.remember(`fx:${pair}`, 60, () => services.fetchFxRate(pair));
    if (rate === null) {
      res.status(404).json({ message: "Unknown currency pair." });
      return;
    }
    res.json({ pair, rate });
  });

  router.post("/wallet/withdrawals", async (req: Request, res: Response) => {
    const userId = currentUserId(req);
    if (userId === null) {
      res.status(401).json({ message: "Unauthenticated." });
      return;
    }
    const { amountMinor, currency } = WithdrawalRequest.parse(req.body);
    const key = IdempotencyKey.safeParse(req.get("idempotency-key"));
    if (!key.success) {
      res.status(400).json({ message: "Send an Idempotency-Key header (8-64 letters, digits, - or _)." });
      return;
    }
    // Cache::lock('wallet:<id>', 10)->block(3, ...) with a fence token (the redis cache store only).
    const withdrawal = await bridge.withLock(
      `wallet:${userId}`,
      10,
      async ({ fenceToken, signal }) => {
        await services.authorizePayout(userId, amountMinor, signal);
        signal.throwIfAborted(); // lock lost (LockLostError): write nothing
        return ledger.withdraw(
          userId,
          amountMinor,
          currency,
          `withdrawal:${userId}:${key.data}`,
          fenceToken as bigint, // fencing is on by default: never null here
        );
      },
      { waitSeconds: 3, logger: bridge.logger },
    );
    if (!withdrawal.replayed) await queueReceipt(services, withdrawal);
    res.status(withdrawal.replayed ? 200 : 201).json(withdrawal);
  });

  return router;
}

/**
 * After the commit, never inside it: the ledger entry is the truth whatever happens to the job.
 * A failed push leaves `receipt_job_uuid` null for a sweeper to retry; the user still gets 201.
 */
async function queueReceipt(services: WalletServices, withdrawal: Withdrawal): Promise<void> {
  try {
    const job = await services.bridge.queue.dispatch({
      className: "App\\Jobs\\SendPaymentReceipt",
      properties: {
        paymentId: withdrawal.entryId,
        amountMinor: withdrawal.amountMinor,
        currency: withdrawal.currency,
        paidAt: new Date(withdrawal.createdAt),
      },
      tries: 3,
      backoff: [10, 60],
    });
    // null only for a ShouldBeUnique job already queued; receipts are not unique.
    if (job !== null) services.ledger.markReceiptQueued(withdrawal.entryId, job.uuid);
  } catch (error) {
    services.bridge.logger.error(
      { err: error, entryId: withdrawal.entryId },
      "receipt job not queued; the withdrawal stands and the receipt sweeper will retry",
    );
  }
}
