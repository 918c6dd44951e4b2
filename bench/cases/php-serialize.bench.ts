/**
 * PHP serialize codec vs its peers, side by side (issue 3, shared/PERFORMANCE.md G1.3/G1.6):
 * unserialize of a ~1 KB Laravel session payload and a ~2 KB queued-job command against the npm
 * `php-serialize` package and against JSON.parse of the equivalent JSON; serialize against
 * php-serialize and JSON.stringify. Each input is given in the form its decoder is fed in
 * practice: a Buffer for ours (ioredis getBuffer), a JS string for php-serialize and JSON.
 */
import * as phpSerialize from "php-serialize";
import {
  fromPlain,
  PhpArray,
  PhpFloat,
  PhpObject,
  type PhpProperty,
  type PhpValue,
  serialize,
  toPlain,
  unserialize,
} from "../../src/codecs/php/index.js";
import { unserializePlain } from "../../src/codecs/php/unserialize-plain.js";
import type { BenchSuite } from "../runner.js";

const pub = (name: string, value: PhpValue): PhpProperty => ({ name, visibility: "public", value });
const prot = (name: string, value: PhpValue): PhpProperty => ({ name, visibility: "protected", value });
const list = (...values: PhpValue[]): PhpArray => new PhpArray(values.map((v, i) => [BigInt(i), v]));
const map = (record: Record<string, PhpValue>): PhpArray => new PhpArray(Object.entries(record));

/** The attributes of a logged-in Laravel session after a failed form post (laravel-formats.md §5.4). */
export const sessionValue: PhpValue = map({
  _token: "m0qV7rjBaRUZA28tlIHLKKXwaXkw32n6XB1mz2up",
  _previous: map({ url: "http://localhost/checkout/payment?step=2" }),
  _flash: map({ new: list(), old: list("errors", "_old_input", "status") }),
  login_web_59ba36addc2b2f9401580f014c7f58ea4e30989d: 1042n,
  password_hash_web: "$2y$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
  url: map({ intended: "http://localhost/wallet/transfers" }),
  auth: map({ password_confirmed_at: 1704164645n }),
  status: "Profile updated!",
  errors: new PhpObject("Illuminate\\Support\\ViewErrorBag", [
    prot(
      "bags",
      map({
        default: new PhpObject("Illuminate\\Support\\MessageBag", [
          prot(
            "messages",
            map({
              email: list("The email field is required."),
              amount: list("The amount must be at least 1.", "The amount format is invalid."),
            }),
          ),
          prot("format", ":message"),
        ]),
      }),
    ),
  ]),
  _old_input: map({ email: "", amount: "12,50", currency: "EUR", note: "Grüße an Jürgen" }),
  cart: list(
    map({ sku: "SKU-10023", qty: 2n, price: new PhpFloat(19.99) }),
    map({ sku: "SKU-20417", qty: 1n, price: new PhpFloat(5.5) }),
  ),
});

const carbon = (date: string): PhpObject =>
  new PhpObject("Illuminate\\Support\\Carbon", [
    pub("date", date),
    pub("timezone_type", 3n),
    pub("timezone", "UTC"),
  ]);

/** A queued job command as Laravel 8 serializes it into `data.command` (laravel-formats.md §7.5). */
export const jobValue: PhpValue = new PhpObject("App\\Jobs\\SettleTransfer", [
  pub("tries", 3n),
  pub("timeout", 120n),
  pub("backoff", list(10n, 60n, 300n)),
  prot("secret", "p"),
  { name: "note", visibility: "private", declaringClass: "App\\Jobs\\SettleTransfer", value: "n" },
  pub(
    "user",
    new PhpObject("Illuminate\\Contracts\\Database\\ModelIdentifier", [
      pub("class", "App\\Models\\User"),
      pub("id", 5n),
      pub("relations", list()),
      pub("connection", null),
    ]),
  ),
  pub(
    "transfer",
    new PhpObject("Illuminate\\Contracts\\Database\\ModelIdentifier", [
      pub("class", "App\\Models\\Transfer"),
      pub("id", 918273n),
      pub("relations", list("ledgerEntries", "sender.wallet", "recipient.wallet")),
      pub("connection", "mysql"),
    ]),
  ),
  pub("reference", "TRX-2024-01-02-000918273"),
  pub("description", "Grüße/ünïcode – Rückzahlung für Bestellung #4711"),
  pub("amountMinor", 125050n),
  pub("currency", "EUR"),
  pub("rate", new PhpFloat(1.0873)),
  pub("when", carbon("2024-01-02 03:04:05.000000")),
  pub("expiresAt", carbon("2024-01-09 03:04:05.000000")),
  pub("tags", map({ channel: "api", risk: new PhpFloat(0.15), region: "eu-west-1", attempt: 1n })),
  pub(
    "metadata",
    map({ ip: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64)", idempotencyKey: "6f1c2b" }),
  ),
  pub(
    "legs",
    list(
      map({
        account: "DE89370400440532013000",
        side: "debit",
        amountMinor: 125050n,
        fee: new PhpFloat(0.35),
      }),
      map({
        account: "FR1420041010050500013M02606",
        side: "credit",
        amountMinor: 125050n,
        fee: new PhpFloat(0),
      }),
      map({ account: "internal:fees:eur", side: "credit", amountMinor: 35n, fee: new PhpFloat(0) }),
    ),
  ),
  pub("job", null),
  pub("connection", null),
  pub("queue", "payments"),
  pub("chainConnection", null),
  pub("chainQueue", null),
  pub("chainCatchCallbacks", null),
  pub("delay", null),
  pub("afterCommit", true),
  pub("middleware", list()),
  pub("chained", list()),
]);

const sessionBytes = serialize(sessionValue);
const jobBytes = serialize(jobValue);
const sessionText = sessionBytes.toString("utf8");
const jobText = jobBytes.toString("utf8");
// Ordinary objects (php-serialize cannot read null-prototype ones); the same data toPlain() gives.
const sessionPlain = JSON.parse(JSON.stringify(toPlain(sessionValue))) as unknown;
const jobPlain = JSON.parse(JSON.stringify(toPlain(jobValue))) as unknown;
const sessionJson = JSON.stringify(sessionPlain);
const jobJson = JSON.stringify(jobPlain);

/** php-serialize instantiates classes from a scope and throws without one: give it inert classes. */
const scope: Record<string, unknown> = {};
for (const name of [
  "Illuminate\\Support\\ViewErrorBag",
  "Illuminate\\Support\\MessageBag",
  "Illuminate\\Support\\Carbon",
  "Illuminate\\Contracts\\Database\\ModelIdentifier",
  "App\\Jobs\\SettleTransfer",
]) {
  scope[name] = class {};
}

/** Where each case puts its result, so the work cannot be optimised away. */
export const sink: { value: unknown } = { value: undefined };

export const sizes = {
  session: { php: sessionBytes.length, json: Buffer.byteLength(sessionJson) },
  job: { php: jobBytes.length, json: Buffer.byteLength(jobJson) },
};

export const suite: BenchSuite = {
  name: "php-serialize",
  cases: [
    {
      group: "unserialize session ~1 KB",
      name: "ours unserialize",
      fn: () => (sink.value = unserialize(sessionBytes)),
    },
    {
      group: "unserialize session ~1 KB",
      name: "php-serialize unserialize",
      fn: () => (sink.value = phpSerialize.unserialize(sessionText, scope)),
    },
    {
      group: "unserialize session ~1 KB",
      name: "JSON.parse",
      fn: () => (sink.value = JSON.parse(sessionJson)),
    },
    {
      group: "unserialize job ~2 KB",
      name: "ours unserialize",
      fn: () => (sink.value = unserialize(jobBytes)),
    },
    {
      group: "unserialize job ~2 KB",
      name: "php-serialize unserialize",
      fn: () => (sink.value = phpSerialize.unserialize(jobText, scope)),
    },
    { group: "unserialize job ~2 KB", name: "JSON.parse", fn: () => (sink.value = JSON.parse(jobJson)) },
    {
      group: "unserializePlain session ~1 KB",
      name: "ours unserializePlain",
      fn: () => (sink.value = unserializePlain(sessionBytes)),
    },
    {
      group: "unserializePlain session ~1 KB",
      name: "php-serialize unserialize",
      fn: () => (sink.value = phpSerialize.unserialize(sessionText, scope)),
    },
    {
      group: "unserializePlain session ~1 KB",
      name: "JSON.parse",
      fn: () => (sink.value = JSON.parse(sessionJson)),
    },
    {
      group: "unserializePlain job ~2 KB",
      name: "ours unserializePlain",
      fn: () => (sink.value = unserializePlain(jobBytes)),
    },
    {
      group: "unserializePlain job ~2 KB",
      name: "php-serialize unserialize",
      fn: () => (sink.value = phpSerialize.unserialize(jobText, scope)),
    },
    {
      group: "unserializePlain job ~2 KB",
      name: "JSON.parse",
      fn: () => (sink.value = JSON.parse(jobJson)),
    },
    {
      group: "serialize session ~1 KB",
      name: "ours serialize",
      fn: () => (sink.value = serialize(sessionValue)),
    },
    {
      group: "serialize session ~1 KB",
      name: "ours fromPlain + serialize",
      fn: () => (sink.value = serialize(fromPlain(sessionPlain))),
    },
    {
      group: "serialize session ~1 KB",
      name: "php-serialize serialize",
      fn: () => (sink.value = phpSerialize.serialize(sessionPlain)),
    },
    {
      group: "serialize session ~1 KB",
      name: "JSON.stringify",
      fn: () => (sink.value = JSON.stringify(sessionPlain)),
    },
    { group: "serialize job ~2 KB", name: "ours serialize", fn: () => (sink.value = serialize(jobValue)) },
    {
      group: "serialize job ~2 KB",
      name: "php-serialize serialize",
      fn: () => (sink.value = phpSerialize.serialize(jobPlain)),
    },
    {
      group: "serialize job ~2 KB",
      name: "JSON.stringify",
      fn: () => (sink.value = JSON.stringify(jobPlain)),
    },
  ],
  teardown() {
    sink.value = undefined;
  },
};
