/**
 * The wallet's store of record: an append-only ledger in SQLite (better-sqlite3 or node:sqlite). A balance is the
 * sum of its entries — never a number cached in Redis or the session. Every debit checks, in ONE
 * transaction: the fence token of the wallet lock (a holder whose lock expired is refused), the
 * idempotency reference (a retried request does not debit twice) and the funds.
 *
 * In production this is the Laravel app's database (MySQL/Postgres) and the users table is
 * Laravel's; here an in-memory database with two demo users keeps the example self-contained.
 */
import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import { openSqlite, type SqliteDatabase } from "../../adapters/database/index.js"; // better-sqlite3 or node:sqlite (not a package subpath)
import { assertFenceAdvanced } from "../../adapters/lock/index.js"; // "laravel-redis-bridge/lock"

/** A debit the ledger refused because the wallet does not hold enough. */
export class InsufficientFundsError extends Error {
  readonly balanceMinor: number;
  constructor(balanceMinor: number) {
    super("Insufficient funds for this withdrawal.");
    this.balanceMinor = balanceMinor;
  }
}

/** An idempotency key sent again with a different amount: refused rather than guessed at. */
export class IdempotencyConflictError extends Error {
  constructor() {
    super("This Idempotency-Key was already used for a different withdrawal.");
  }
}

export interface Withdrawal {
  entryId: number;
  amountMinor: number;
  currency: string;
  balanceMinor: number;
  createdAt: string;
  /** True when this reference had already been recorded: nothing was debited again. */
  replayed: boolean;
}

interface EntryRow {
  id: number;
  amount_minor: number;
  currency: string;
  created_at: string;
}

const SCHEMA = `
  create table if not exists users (
    id integer primary key, email text not null unique, password text not null);
  create table if not exists ledger_entries (
    id integer primary key,
    user_id integer not null references users (id),
    amount_minor integer not null,         -- cents, negative for debits: no floats anywhere
    currency text not null,
    reference text not null unique,        -- idempotency key of the request that made it
    fence_token integer,
    receipt_job_uuid text,                 -- null until the receipt job is queued (a sweeper retries)
    created_at text not null);
  create table if not exists wallet_fences (user_id integer primary key, highest_token integer not null);
`;

/** Demo password hashing (scrypt). Laravel's users table holds bcrypt hashes: verify those with a bcrypt library. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString("base64")}$${scryptSync(password, salt, 32).toString("base64")}`;
}

function verifyPassword(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = scryptSync(password, Buffer.from(salt, "base64"), expected.length);
  return timingSafeEqual(actual, expected);
}

export class Ledger {
  readonly db: SqliteDatabase;

  /** `path`: a SQLite file, or ":memory:" (the default, gone when the process ends). */
  constructor(path = ":memory:") {
    this.db = openSqlite(path);
    this.db.pragma("journal_mode = WAL");
    this.db.exec(SCHEMA);
  }

  /** Two demo users with opening balances (idempotent). */
  seedDemo(): this {
    const seed = this.db.transaction(() => {
      for (const [id, email, password, openingMinor] of [
        [42, "ada@example.com", "correct horse battery staple", 100_00],
        [7, "grace@example.com", "hopper-1906", 250_00],
      ] as const) {
        if (this.db.prepare("select 1 from users where id = ?").get(id)) continue;
        this.db
          .prepare("insert into users (id, email, password) values (?, ?, ?)")
          .run(id, email, hashPassword(password));
        this.#insert(id, openingMinor, "EUR", `opening:${id}`, null);
      }
    });
    seed();
    return this;
  }

  /** The user id for these credentials, or null (same work for unknown emails: no timing oracle). */
  verifyCredentials(email: string, password: string): number | null {
    const row = this.db.prepare("select id, password from users where email = ?").get(email.toLowerCase()) as
      | { id: number; password: string }
      | undefined;
    const ok = verifyPassword(password, row?.password ?? hashPassword("unknown user"));
    return ok && row ? row.id : null;
  }

  /** The balance in minor units: the sum of the ledger, nothing else. */
  balance(userId: number): number {
    return this.db
      .prepare("select coalesce(sum(amount_minor), 0) from ledger_entries where user_id = ?")
      .pluck()
      .get(userId) as number;
  }

  /**
   * Debits `amountMinor` if the fence token is newer than any this wallet accepted, the reference
   * is new and the funds suffice — all in one transaction. A known reference returns the original
   * entry with `replayed: true`. @throws FenceRegressionError, InsufficientFundsError, IdempotencyConflictError
   */
  withdraw(
    userId: number,
    amountMinor: number,
    currency: string,
    reference: string,
    fenceToken: bigint,
  ): Withdrawal {
    return this.db.transaction((): Withdrawal => {
      const existing = this.db
        .prepare("select id, amount_minor, currency, created_at from ledger_entries where reference = ?")
        .get(reference) as EntryRow | undefined;
      if (existing) {
        if (existing.amount_minor !== -amountMinor || existing.currency !== currency)
          throw new IdempotencyConflictError();
        return this.#withdrawal(userId, existing, true);
      }
      const highest = this.db
        .prepare("select highest_token from wallet_fences where user_id = ?")
        .safeIntegers()
        .pluck()
        .get(userId) as bigint | undefined;
      assertFenceAdvanced(`wallet:${userId}`, fenceToken, highest ?? null);
      const balance = this.balance(userId);
      if (balance < amountMinor) throw new InsufficientFundsError(balance);
      const id = this.#insert(userId, -amountMinor, currency, reference, fenceToken);
      this.db
        .prepare(
          `insert into wallet_fences (user_id, highest_token) values (?, ?)
           on conflict (user_id) do update set highest_token = excluded.highest_token`,
        )
        .run(userId, fenceToken);
      const row = this.db
        .prepare("select id, amount_minor, currency, created_at from ledger_entries where id = ?")
        .get(id) as EntryRow;
      return this.#withdrawal(userId, row, false);
    })();
  }

  /** Records that the receipt job for an entry is on the queue. */
  markReceiptQueued(entryId: number, jobUuid: string): void {
    this.db.prepare("update ledger_entries set receipt_job_uuid = ? where id = ?").run(jobUuid, entryId);
  }

  close(): void {
    this.db.close();
  }

  #insert(
    userId: number,
    amountMinor: number,
    currency: string,
    reference: string,
    fence: bigint | null,
  ): number {
    const result = this.db
      .prepare(
        `insert into ledger_entries (user_id, amount_minor, currency, reference, fence_token, created_at)
         values (?, ?, ?, ?, ?, ?)`,
      )
      .run(userId, amountMinor, currency, reference, fence, new Date().toISOString());
    return Number(result.lastInsertRowid);
  }

  #withdrawal(userId: number, row: EntryRow, replayed: boolean): Withdrawal {
    return {
      entryId: row.id,
      amountMinor: -row.amount_minor,
      currency: row.currency,
      balanceMinor: this.balance(userId),
      createdAt: row.created_at,
      replayed,
    };
  }
}
