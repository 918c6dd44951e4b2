import { describe, expect, it } from "vitest";
import { ArraySessionHandler } from "../../../../adapters/session/array-session-handler.js";
import {
  combineValueGuards,
  financialRecordGuard,
  SessionFinancialRecordError,
} from "../../../../adapters/session/financial-record-guard.js";
import { Session } from "../../../../adapters/session/session.js";
import type { SessionValueGuard } from "../../../../adapters/session/session-attributes.js";
import { createSessionSerializer } from "../../../../adapters/session/session-serializer.js";
import { PhpArray, PhpObject } from "../../../../src/codecs/php/index.js";
import { BridgeError } from "../../../../src/errors/bridge-error.js";

async function guarded(valueGuard: SessionValueGuard | undefined) {
  const handler = new ArraySessionHandler();
  const session = new Session({
    name: "laravel_session",
    handler,
    serializer: createSessionSerializer(),
    lifetimeMinutes: 120,
    valueGuard,
  });
  await session.start();
  return session;
}

const refusal = (fn: () => void): SessionFinancialRecordError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof SessionFinancialRecordError) return error;
    throw error;
  }
  throw new Error("the value was accepted");
};

describe("the financial-record rule: money never rides in a session", () => {
  it("refuses financial keys through every way of storing, with a typed error naming the key", async () => {
    const session = await guarded(financialRecordGuard());
    const error = refusal(() => session.put("wallet.balance", "10.00"));
    expect(error).toBeInstanceOf(BridgeError);
    expect(error).toMatchObject({
      code: "ERR_FINANCIAL_RECORD",
      key: "wallet.balance",
      rule: "financial-key",
    });
    expect(error.message).toContain("[wallet.balance]");
    expect(refusal(() => session.flash("paymentIntent", "pi_1")).path).toBe("paymentIntent");
    expect(refusal(() => session.now("last_transfer", 1)).rule).toBe("financial-key");
    expect(refusal(() => session.push("refunds", 5)).key).toBe("refunds");
    expect(refusal(() => session.increment("credit_balance")).key).toBe("credit_balance");
    expect(refusal(() => session.remember("invoice-total", () => 3)).key).toBe("invoice-total");
    expect(refusal(() => session.put({ cart: 1, AccountBalances: 2 })).key).toBe("AccountBalances");
    expect(session.exists("wallet")).toBe(false);
    expect(session.exists("paymentIntent")).toBe(false);
  });

  it("finds financial keys nested inside the value, and money objects from JS and PHP", async () => {
    const session = await guarded(financialRecordGuard());
    const nested = refusal(() =>
      session.put("checkout", { items: [{ sku: "A1" }], payment: { card: "4242" } }),
    );
    expect(nested).toMatchObject({ key: "checkout", path: "checkout.payment", rule: "financial-key" });
    expect(refusal(() => session.put("map", new Map([["ledger_id", 1]]))).path).toBe("map.ledger_id");

    class Decimal {
      constructor(readonly value: string) {}
    }
    const decimal = refusal(() => session.put("order", { price: new Decimal("9.99") }));
    expect(decimal).toMatchObject({ path: "order.price", rule: "money-value" });

    const money = new PhpObject("Brick\\Money\\Money", []);
    expect(refusal(() => session.put("quote", money)).rule).toBe("money-value");
    const bag = new PhpArray([["due", new PhpObject("\\Money\\Money", [])]]);
    expect(refusal(() => session.put("quote", bag)).path).toBe("quote.due");
    expect(session.exists("quote")).toBe(false);
  });

  it("lets ordinary state through, including Laravel's own keys", async () => {
    const session = await guarded(financialRecordGuard());
    session.put("cart.items", [{ sku: "A1", qty: 2 }]);
    session.put("url.intended", "/dashboard");
    session.flash("status", "Saved!");
    session.login(42, { passwordHash: "$2y$10$abc" });
    session.increment("visits");
    expect(session.get("cart.items")).toEqual([{ sku: "A1", qty: 2 }]);
    expect(session.userId()).toBe(42);
  });

  it("is configurable: other words, allowed display keys, other money classes", async () => {
    const session = await guarded(
      financialRecordGuard({
        keyWords: ["price"],
        allowKeys: ["cart.price_label"],
        moneyClasses: ["App\\Amount"],
      }),
    );
    session.put("wallet.balance", "not refused by this word list");
    session.put("cart.price_label", "€ 9.99");
    expect(refusal(() => session.put("cart.unit_price", 9.99)).key).toBe("cart.unit_price");
    expect(refusal(() => session.put("due", new PhpObject("App\\Amount", []))).rule).toBe("money-value");
    session.put("quote", new PhpObject("Brick\\Money\\Money", []));
  });

  it("runs the ledger's own rule and the built-in one in order, the first refusal winning", async () => {
    const seen: string[] = [];
    const ledgerRule: SessionValueGuard = (key) => {
      seen.push(key);
      if (key.startsWith("pending_")) throw new Error(`[${key}] belongs in the outbox`);
    };
    const session = await guarded(combineValueGuards(ledgerRule, undefined, financialRecordGuard()));
    session.put("theme", "dark");
    expect(() => session.put("pending_debit", 1)).toThrow(/belongs in the outbox/);
    expect(() => session.put("last_debit", 1)).toThrow(SessionFinancialRecordError);
    expect(seen).toEqual(["theme", "pending_debit", "last_debit"]);
    expect(combineValueGuards(undefined, undefined)).toBeUndefined();
    expect(combineValueGuards(ledgerRule)).toBe(ledgerRule);
  });
});
