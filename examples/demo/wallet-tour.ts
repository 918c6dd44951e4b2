/**
 * The wallet part of `npm run demo`: examples/express-app on the demo's private Redis, Laravel's
 * real web stack (`php -S`, Debian's Laravel 8.83: EncryptCookies, StartSession, VerifyCsrfToken,
 * SessionGuard) beside it, and a scripted browser that goes from one to the other:
 *   Laravel logs it in → Node knows the user → a withdrawal under the wallet lock, replayed with the
 *   same Idempotency-Key → Laravel's queue worker runs the receipt job Node queued.
 * Every line says which side did what; the tour checks each outcome and throws when one is wrong.
 */
import { join } from "node:path";
import type { Bridge } from "../../src/index.js";
import { type ProcessResult, runProcess } from "../../test/helpers/run-process.js";
import {
  type PhpSessionServer,
  startPhpSessionServer,
} from "../../test/interop/adapters/session/php-session-server.js";
import { createApp } from "../express-app/server.js";
import { Browser, serve } from "../support/self-test.js";

export interface WalletTourOptions {
  bridge: Bridge;
  /** The env the PHP side boots with (REDIS_PORT, REDIS_PREFIX, CACHE_PREFIX, APP_KEY, SESSION_COOKIE). */
  phpEnv: Record<string, string>;
  /** The repository root (where examples/laravel lives). */
  root: string;
  say: (heading: string) => void;
  /** A raw client on the private Redis (DB 0), to show keys as they are. */
  redis: { exists(key: string): Promise<number>; ttl(key: string): Promise<number> };
}

const line = (who: string, text: string): void => {
  process.stdout.write(`${`[${who}]`.padEnd(20)} ${text}\n`);
};

/** 1234 → "12.34 EUR" with integer arithmetic (amounts are cents, never floats). */
const eur = (minor: number): string =>
  `${Math.trunc(minor / 100)}.${String(Math.abs(minor % 100)).padStart(2, "0")} EUR`;

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`demo: ${what}`);
}

/** `php <script>` with only PATH and `env`; resolves with its exit code and output. */
function php(script: string, env: Record<string, string>): Promise<ProcessResult> {
  return runProcess("php", ["-d", "error_reporting=E_ALL", "-d", "display_errors=stderr", script], { env });
}

export async function walletTour({ bridge, phpEnv, root, say, redis }: WalletTourOptions): Promise<void> {
  const wallet = createApp(bridge);
  const node = await serve(wallet.app, 0);
  let laravel: PhpSessionServer | undefined;
  try {
    laravel = await startPhpSessionServer(phpEnv);
    say(`The wallet service (Node) on ${node.url}, Laravel's web stack (php -S) on ${laravel.url}`);
    const browser = new Browser(node.url);

    // 1. Laravel logs the browser in: StartSession + SessionGuard::login(), session()->regenerate().
    await browser.get(`${laravel.url}/php/read`); // the session and XSRF-TOKEN cookies, as a page load sets
    const login = await browser.post(`${laravel.url}/php/login`, {});
    const session = login.body as { id: string; userId: number | null };
    check(login.status === 200 && session.userId === 42, `Laravel's login answered ${login.status}`);
    line(
      "browser → Laravel",
      `POST /php/login → ${login.status}: SessionGuard logged in user ${session.userId}`,
    );
    const key = `${bridge.sessions.redisPrefix}${bridge.sessions.keyPrefix}${session.id}`;
    const shownKey = key.replace(session.id, `${session.id.slice(0, 6)}…`);
    check((await redis.exists(key)) === 1, `no session key ${shownKey} in Redis`);
    line("Redis", `session ${shownKey} (TTL ${await redis.ttl(key)} s)`);

    // 2. Node reads the same cookie and the same Redis key: no second login.
    const me = await browser.get("/me");
    const who = me.body as { userId: number; balanceMinor: number };
    check(me.status === 200 && who.userId === 42, `GET /me answered ${me.status}`);
    line(
      "browser → Node",
      `GET /me → ${me.status}: user ${who.userId}, balance ${eur(who.balanceMinor)} (from the ledger, not Redis)`,
    );

    // 3. A withdrawal under Cache::lock('wallet:42'), fenced in the ledger transaction; then a retry.
    const withdraw = () =>
      browser.post(
        "/wallet/withdrawals",
        { amountMinor: 25_00, currency: "EUR" },
        { headers: { "idempotency-key": "demo-withdrawal-0001" } },
      );
    const first = await withdraw();
    const debit = first.body as { entryId: number; balanceMinor: number; replayed: boolean };
    check(first.status === 201 && !debit.replayed, `the withdrawal answered ${first.status}`);
    const entry = wallet.ledger.db
      .prepare("select fence_token, receipt_job_uuid from ledger_entries where id = ?")
      .safeIntegers()
      .get(debit.entryId) as { fence_token: bigint; receipt_job_uuid: string | null };
    line(
      "browser → Node",
      `POST /wallet/withdrawals 25.00 EUR (Idempotency-Key demo-withdrawal-0001) → ${first.status}: ` +
        `entry ${debit.entryId}, balance ${eur(debit.balanceMinor)}`,
    );
    line(
      "Node",
      `debited under lock wallet:42; fence token ${entry.fence_token} checked in the ledger transaction`,
    );
    line(
      "Node",
      `queued App\\Jobs\\SendPaymentReceipt after the commit (job ${entry.receipt_job_uuid?.slice(0, 8)}…)`,
    );
    const replay = await withdraw();
    const again = replay.body as { entryId: number; balanceMinor: number; replayed: boolean };
    check(replay.status === 200 && again.replayed && again.entryId === debit.entryId, "the replay debited");
    line(
      "browser → Node",
      `the same request again (a retry) → ${replay.status}: replayed entry ${again.entryId}, no second debit, balance ${eur(again.balanceMinor)}`,
    );
    check(wallet.ledger.balance(42) === 75_00, "the ledger balance is not 75.00 EUR");
    line("Node ledger", `balance of user 42: ${eur(wallet.ledger.balance(42))} (one debit)`);

    // 4. Laravel still sees the same logged-in session after Node's requests.
    const read = await browser.get(`${laravel.url}/php/read`);
    const seen = read.body as { userId: number | null };
    check(seen.userId === 42, "Laravel lost the login");
    line(
      "browser → Laravel",
      `GET /php/read → ${read.status}: still user ${seen.userId}: the same session Node read`,
    );

    // 5. Laravel's worker runs what Node queued.
    const queued = await bridge.queue.size();
    line("Redis", `queue default holds ${queued} job (the replay queued none)`);
    say("Laravel's worker: php examples/laravel/queue-work.php (≈ php artisan queue:work --stop-when-empty)");
    const worker = await php(join(root, "examples", "laravel", "queue-work.php"), phpEnv);
    for (const text of worker.stdout.trim().split("\n")) if (text !== "") line("PHP", text);
    check(
      worker.code === 0 && worker.stderr === "",
      `the PHP worker exited ${worker.code}: ${worker.stderr}`,
    );
    check(/SendPaymentReceipt: payment \d+, 25\.00 EUR/.test(worker.stdout), "PHP ran no receipt job");
    line("Redis", `queue default holds ${await bridge.queue.size()} jobs`);
  } finally {
    await laravel?.stop();
    await node.close();
    await wallet.close();
  }
}
