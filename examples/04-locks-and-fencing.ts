/**
 * 04 — A balance-changing write under a Laravel-compatible lock, with a fence token.
 *
 * The database is the source of truth: the balance is the sum of the ledger (SQLite here, your
 * Laravel app's MySQL/Postgres in production), never a number kept in Redis. The Redis lock
 * (`Cache::lock('wallet:1')`, so PHP code taking the same lock is excluded too) serialises the slow
 * part — the call to the payment provider — and the fence token it hands out is checked IN THE SAME
 * DATABASE TRANSACTION as the write: a holder whose lock expired while it was paused (GC, network)
 * carries an old token and its late write is refused, instead of debiting the account twice.
 *
 * Run: REDIS_PORT=6379 CACHE_STORE=redis npx tsx examples/04-locks-and-fencing.ts
 */
import { openSqlite } from "../adapters/database/index.js"; // better-sqlite3 or node:sqlite (not a package subpath)
import { assertFenceAdvanced, FenceRegressionError } from "../adapters/lock/index.js"; // "laravel-redis-bridge/lock"
import { createBridge } from "../src/index.js"; // "laravel-redis-bridge"

const bridge = createBridge();
const db = openSqlite(":memory:");
db.defaultSafeIntegers(true); // integers come back as bigint: amounts and fence tokens stay exact
db.exec(`
  create table ledger_entries (
    id integer primary key,
    account_id integer not null,
    amount_minor integer not null,        -- cents; negative for withdrawals
    reference text not null unique,       -- idempotency: one entry per payment reference
    fence_token integer
  );
  create table account_fences (account_id integer primary key, highest_token integer not null);
`);

const balanceOf = (accountId: bigint): bigint =>
  db
    .prepare("select coalesce(sum(amount_minor), 0) from ledger_entries where account_id = ?")
    .pluck()
    .get(accountId) as bigint;
/** 1234n → "12.34 EUR": integer arithmetic only, never a float. */
const eur = (minor: bigint): string => {
  const abs = minor < 0n ? -minor : minor;
  return `${minor < 0n ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")} EUR`;
};

class InsufficientFundsError extends Error {}

/** The fence check, the balance check and the insert: one transaction, so they cannot interleave. */
const recordWithdrawal = db.transaction(
  (accountId: bigint, amountMinor: bigint, reference: string, fenceToken: bigint): bigint => {
    const highest = db
      .prepare("select highest_token from account_fences where account_id = ?")
      .pluck()
      .get(accountId) as bigint | undefined;
    assertFenceAdvanced(`wallet:${accountId}`, fenceToken, highest ?? null); // FenceRegressionError
    if (balanceOf(accountId) < amountMinor)
      throw new InsufficientFundsError(`${reference}: insufficient funds`);
    db.prepare(
      "insert into ledger_entries (account_id, amount_minor, reference, fence_token) values (?, ?, ?, ?)",
    ).run(accountId, -amountMinor, reference, fenceToken);
    db.prepare(
      `insert into account_fences (account_id, highest_token) values (?, ?)
       on conflict (account_id) do update set highest_token = excluded.highest_token`,
    ).run(accountId, fenceToken);
    return balanceOf(accountId);
  },
);

/** Simulated latency of the payment provider: the part a DB transaction must not be held open for. */
const authorizeWithProvider = () => new Promise((resolve) => setTimeout(resolve, 10));

/** A withdrawal: the lock covers the provider call, the fence token guards the ledger write. */
// bridge.withLock: Cache::lock('wallet:1', 10)->block(5, ...) plus a fence token; throws a
// ConfigError unless the default cache store is redis (the fence counter lives in Redis).
async function withdraw(accountId: bigint, amountMinor: bigint, reference: string): Promise<bigint> {
  return bridge.withLock(
    `wallet:${accountId}`,
    10,
    async ({ fenceToken, signal }) => {
      await authorizeWithProvider();
      signal.throwIfAborted(); // the lock was lost (LockLostError): do not write
      return recordWithdrawal(accountId, amountMinor, reference, fenceToken as bigint); // fencing is on
    },
    { waitSeconds: 5 },
  );
}

try {
  const account = 1n;
  db.prepare("insert into ledger_entries (account_id, amount_minor, reference) values (?, ?, ?)").run(
    account,
    100_00n,
    "deposit-1",
  );
  console.log(`deposit 100.00 EUR → balance ${eur(balanceOf(account))}`);

  console.log(
    `withdraw 30.00 EUR under lock wallet:1 → balance ${eur(await withdraw(account, 30_00n, "wd-1"))}`,
  );

  // Two withdrawals at once: the lock makes them take turns; the second sees the first's debit.
  const results = await Promise.allSettled([
    withdraw(account, 50_00n, "wd-2"),
    withdraw(account, 50_00n, "wd-3"),
  ]);
  const refused = results.filter(
    (r) => r.status === "rejected" && r.reason instanceof InsufficientFundsError,
  );
  console.log(
    `two concurrent withdrawals of 50.00 EUR → ${results.length - refused.length} committed, ${refused.length} refused (insufficient funds)`,
  );

  // A holder pauses past its lock's expiry (a GC pause, a stalled VM: simulated by forceRelease
  // instead of waiting 10 s); meanwhile another holder gets the lock with a larger token and writes.
  // When the paused one wakes up and writes with its old token, the ledger refuses it.
  try {
    await bridge.withLock(`wallet:${account}`, 10, async ({ fenceToken, lock }) => {
      await lock.forceRelease(); // what the TTL does while this holder is paused
      await withdraw(account, 5_00n, "wd-4");
      recordWithdrawal(account, 10_00n, "wd-late", fenceToken as bigint);
    });
    console.log("late write with the expired lock's token → ACCEPTED (this must never happen)");
  } catch (error) {
    if (!(error instanceof FenceRegressionError)) throw error;
    console.log(`late write with the expired lock's token → refused (${error.code})`);
  }
  console.log(
    `balance from the ledger: ${eur(balanceOf(account))} (Redis holds only the lock and the fence counter)`,
  );
} finally {
  db.close();
  await bridge.close();
}
