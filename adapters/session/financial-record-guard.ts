/**
 * The project's rule "money never rides in a session", as a SessionValueGuard that every session
 * value passes through before it is stored (put, push, flash, now, increment, remember, the
 * express-session Store): a Redis session is a cache of the user's state, never the record of a
 * balance, a payment or a transfer. Refused, with SessionFinancialRecordError:
 *  - a value stored under a financial key: any segment of the dotted key, or of a nested key inside
 *    the value, whose words (snake_case, kebab-case or camelCase split) include one of `keyWords`
 *    (`wallet.balance`, `checkout.paymentIntent`, `{ refund_total: … }`);
 *  - a money-like value: a JS instance of a decimal/money class (Decimal, Big, BigNumber, Dinero,
 *    Money) or an inert PHP object of a money class (`Money\Money`, `Brick\Money\Money`, …).
 * `allowKeys` lets a deliberate display value through (`cart.total_label`); it names exact dotted keys.
 *
 * Where the ledger's rule plugs in: SessionManagerOptions `valueGuard` runs before this guard
 * (combineValueGuards), and `financialRecords` configures or, at the app's own risk, turns this off.
 */
import { PhpArray, PhpObject } from "../../src/codecs/php/values.js";
import { BridgeError } from "../../src/errors/bridge-error.js";
import type { SessionValueGuard } from "./session-attributes.js";

/** Words that make a key financial, matched whole (lower case) against the key's words. */
export const FINANCIAL_KEY_WORDS: readonly string[] = [
  "balance",
  "amount",
  "funds",
  "ledger",
  "wallet",
  "payment",
  "payout",
  "transfer",
  "transaction",
  "invoice",
  "refund",
  "debit",
  "credit",
  "money",
  "iban",
];

/** PHP classes whose objects are money (compared case-insensitively, without a leading `\`). */
export const MONEY_CLASSES: readonly string[] = [
  "Money\\Money",
  "Brick\\Money\\Money",
  "Brick\\Math\\BigDecimal",
  "Cknow\\Money\\Money",
  "Akaunting\\Money\\Money",
];

/** JS constructors whose instances are decimal or money amounts. */
const MONEY_CONSTRUCTORS = new Set(["Decimal", "Big", "BigNumber", "Dinero", "Money"]);

export interface FinancialRecordRuleOptions {
  /** Replaces FINANCIAL_KEY_WORDS. */
  keyWords?: readonly string[];
  /** Exact dotted keys let through although a word matches (display strings, not records). */
  allowKeys?: readonly string[];
  /** Replaces MONEY_CLASSES. */
  moneyClasses?: readonly string[];
}

/**
 * A value the rule refused (code ERR_FINANCIAL_RECORD, as the ledger's FinancialRecordError).
 * `key` is the dotted session key, `path` where inside the value the problem sits.
 */
export class SessionFinancialRecordError extends BridgeError {
  readonly code = "ERR_FINANCIAL_RECORD" as const;
  /** What tried to keep it: always a session write. */
  readonly operation = "session.put" as const;
  readonly key: string;
  readonly path: string;
  readonly rule: "financial-key" | "money-value";

  constructor(key: string, path: string, rule: "financial-key" | "money-value") {
    const what =
      rule === "financial-key" ? `the key [${path}] names a financial record` : `[${path}] holds money`;
    super(
      `The session value [${key}] was refused: ${what}. Money never lives only in Redis: write it to the ledger (the database) and keep at most its id in the session, or list a display-only key in financialRecords.allowKeys.`,
    );
    this.key = key;
    this.path = path;
    this.rule = rule;
  }
}

/** Runs each guard in order (the first throw wins); undefined when there is none. */
export function combineValueGuards(
  ...guards: Array<SessionValueGuard | undefined>
): SessionValueGuard | undefined {
  const list = guards.filter((g): g is SessionValueGuard => g !== undefined);
  if (list.length <= 1) return list[0];
  return (key, value) => {
    for (const guard of list) guard(key, value);
  };
}

/** The built-in rule (see the file comment). */
export function financialRecordGuard(options: FinancialRecordRuleOptions = {}): SessionValueGuard {
  const words = new Set((options.keyWords ?? FINANCIAL_KEY_WORDS).map((w) => w.toLowerCase()));
  const allowed = new Set(options.allowKeys ?? []);
  const classes = new Set((options.moneyClasses ?? MONEY_CLASSES).map(normalClass));
  const isWord = (w: string): boolean => words.has(w) || (w.endsWith("s") && words.has(w.slice(0, -1)));
  // Verdicts per key segment: requests store the same few keys over and over (bounded memory).
  const verdicts = new Map<string, boolean>();

  const isFinancial = (segment: string): boolean => {
    let known = verdicts.get(segment);
    if (known === undefined) {
      known = wordsOf(segment).some(isWord);
      if (verdicts.size >= 4096) verdicts.clear();
      verdicts.set(segment, known);
    }
    return known;
  };

  const check = (key: string, path: string, value: unknown, depth: number): void => {
    if (value === null || typeof value !== "object" || depth > 64) return;
    if (value instanceof Uint8Array) return;
    if (value instanceof PhpObject) {
      if (classes.has(normalClass(value.className)))
        throw new SessionFinancialRecordError(key, path, "money-value");
      for (const p of value.properties) visit(key, path, String(p.name), p.value, depth);
      return;
    }
    if (value instanceof PhpArray) {
      for (const [k, v] of value.entries)
        visit(key, path, typeof k === "bigint" ? k.toString() : String(k), v, depth);
      return;
    }
    const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
    if (proto !== null && proto !== Object.prototype && !Array.isArray(value) && !(value instanceof Map)) {
      if (MONEY_CONSTRUCTORS.has(proto.constructor?.name ?? "")) {
        throw new SessionFinancialRecordError(key, path, "money-value");
      }
      return;
    }
    const entries = value instanceof Map ? value.entries() : Object.entries(value);
    for (const [k, v] of entries) visit(key, path, String(k), v, depth);
  };

  const visit = (key: string, path: string, segment: string, value: unknown, depth: number): void => {
    const here = `${path}.${segment}`;
    if (isFinancial(segment) && !allowed.has(here))
      throw new SessionFinancialRecordError(key, here, "financial-key");
    check(key, here, value, depth + 1);
  };

  /** Whether any segment of a dotted key is financial (`wallet.balance`); one lookup once known. */
  const isFinancialKey = (key: string): boolean => {
    let known = verdicts.get(key);
    if (known !== undefined) return known;
    known = false;
    for (let start = 0, dot = 0; dot !== -1 && !known; start = dot + 1) {
      dot = key.indexOf(".", start);
      known = isFinancial(key.slice(start, dot === -1 ? key.length : dot));
    }
    if (verdicts.size >= 4096) verdicts.clear();
    verdicts.set(key, known);
    return known;
  };

  return (key, value) => {
    if (isFinancialKey(key) && !allowed.has(key))
      throw new SessionFinancialRecordError(key, key, "financial-key");
    check(key, key, value, 0);
  };
}

/** `paymentIntent_id-2` → ["payment", "intent", "id", "2"]. */
function wordsOf(segment: string): string[] {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
}

function normalClass(name: string): string {
  return (name.startsWith("\\") ? name.slice(1) : name).toLowerCase();
}
