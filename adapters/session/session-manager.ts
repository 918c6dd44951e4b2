/**
 * ≈ Illuminate\Session\SessionManager for `SESSION_DRIVER=redis`: builds the handler Laravel builds
 * (the `redis` cache store — or SESSION_STORE — cloned onto SESSION_CONNECTION, `default` when
 * null, keeping the store's cache prefix) and the Store for each request (php or json
 * serialization, EncryptedStore when SESSION_ENCRYPT=true). laravel-formats.md §5.1, §1.3.
 */

import type { Encrypter } from "../../src/codecs/encrypter/index.js";
import type { PhpArray } from "../../src/codecs/php/values.js";
import type { BridgeConfig } from "../../src/config/bridge-config.js";
import { sessionFormat } from "../../src/config/laravel-versions.js";
import type { SessionHandler, SessionSerializer } from "../../src/contracts/session.js";
import { ConfigError } from "../../src/errors/config-error.js";
import { type Logger, silentLogger } from "../../src/observability/logger.js";
import type { RedisClient } from "../../src/redis/client.js";
import { type Clock, systemClock } from "../../src/support/clock.js";
import { RedisLockProvider } from "../lock/redis-lock-provider.js";
import { CacheSessionHandler } from "./cache-session-handler.js";
import { CookieCipher } from "./cookie-cipher.js";
import {
  combineValueGuards,
  type FinancialRecordRuleOptions,
  financialRecordGuard,
} from "./financial-record-guard.js";
import { type CorruptSessionListener, Session } from "./session.js";
import type { SessionValueGuard } from "./session-attributes.js";
import type { SessionCookieSettings } from "./session-cookie.js";
import { createSessionSerializer, type SessionSerialization } from "./session-serializer.js";

/** The config slices sessions read (pass the whole BridgeConfig). */
export type SessionManagerConfig = Pick<BridgeConfig, "session" | "cache" | "laravelVersion">;

/** Counters a metrics exporter can read (or receive through `metrics`). */
export interface SessionCounters {
  /** Stored values that did not decode (a new session was started, the key left alone). */
  corrupt: number;
  /** Saves skipped because another request had destroyed the session meanwhile. */
  destroyedConcurrently: number;
  /** Reads or writes that failed (answered 503). */
  storeFailures: number;
}

export interface SessionServices {
  /** The connection manager: `connection(name)`, and `prefix(name)` (REDIS_PREFIX) for SCANs. */
  connections: { connection(name?: string): RedisClient; prefix?(name?: string): string };
  /** The APP_KEY encrypter: cookies, XSRF-TOKEN and SESSION_ENCRYPT. */
  encrypter: Encrypter;
  clock?: Clock;
  logger?: Logger;
  /** Receives `session.corrupt`, `session.destroyed_concurrently`, `session.store_failure`. */
  metrics?: { increment(name: string): void };
}

export interface SessionManagerOptions {
  /** Overrides `session.serialization` (`php`, or `json` for Laravel 9+ apps that set it). */
  serialization?: SessionSerialization;
  /** The key prefix instead of the cache store's (Laravel 13.20+ `session.prefix`). */
  prefix?: string;
  /**
   * Another handler instead of the Redis one: a StoreSessionHandler over a cache Store, or an
   * ArraySessionHandler in tests (SESSION_DRIVER=array).
   */
  handler?: SessionHandler & { key(id: string): string };
  /** Store `_previous.route` next to `_previous.url` (Laravel 12.35+). @default true for 12 and 13 */
  previousRoute?: boolean;
  /**
   * Called with every value stored in a session, before the financial-record rule; throw to refuse
   * it. This is where the ledger's own rule plugs in (its error then wins).
   */
  valueGuard?: SessionValueGuard;
  /**
   * The built-in rule "money never rides in a session" (financial-record-guard.ts): its key words,
   * allowed keys and money classes, or `false` to turn it off (then the app owns the rule).
   * @default {} (on, with FINANCIAL_KEY_WORDS and MONEY_CLASSES)
   */
  financialRecords?: FinancialRecordRuleOptions | false;
}

export class SessionManager {
  readonly handler: SessionHandler & { key(id: string): string };
  /** The session connection (SESSION_CONNECTION, `default` when null). */
  readonly connection: RedisClient;
  /** The REDIS_PREFIX that connection applies (for SCAN patterns, which it does not prefix). */
  readonly redisPrefix: string;
  /** The prefix before each session id (the cache store's, or `prefix`), without REDIS_PREFIX. */
  readonly keyPrefix: string;
  readonly serializer: SessionSerializer<PhpArray>;
  readonly encrypter: Encrypter;
  /** EncryptCookies for the session and XSRF-TOKEN cookies (remembers recent cookies). */
  readonly cookies: CookieCipher;
  readonly clock: Clock;
  readonly logger: Logger;
  /** `session.cookie`: the session cookie's name. */
  readonly cookieName: string;
  /** `session.lifetime`, minutes. */
  readonly lifetimeMinutes: number;
  readonly cookieSettings: SessionCookieSettings;
  /** Whether `_previous.route` is stored. */
  readonly previousRoute: boolean;
  readonly counters: SessionCounters = { corrupt: 0, destroyedConcurrently: 0, storeFailures: 0 };
  /** What every stored value passes (`valueGuard`, then the financial-record rule). */
  readonly valueGuard: SessionValueGuard | undefined;
  readonly #metrics: SessionServices["metrics"];
  readonly #connections: SessionServices["connections"];
  readonly #cache: SessionManagerConfig["cache"];
  // Made once, not per request.
  readonly #keyOf = (partialId: string): string => this.handler.key(partialId);
  readonly #onCorrupt: CorruptSessionListener = ({ key, reason, cause }) => {
    this.count("corrupt", "session.corrupt");
    this.logger.warn(
      { key, reason, err: cause },
      "A stored session did not decode: started a new session and left the key for inspection.",
    );
  };

  constructor(config: SessionManagerConfig, services: SessionServices, options: SessionManagerOptions = {}) {
    const session = config.session;
    if (session.driver !== "redis") {
      throw new ConfigError(
        "SESSION_DRIVER",
        `is "${session.driver}": the bridge shares sessions through Redis only; set SESSION_DRIVER=redis in Laravel and here.`,
      );
    }
    const format = sessionFormat(config.laravelVersion);
    const serialization = options.serialization ?? session.serialization;
    if (serialization === "json" && !format.jsonSerialization) {
      throw new ConfigError(
        "session.serialization",
        `is "json", which Laravel ${config.laravelVersion} does not have (9.0+): use "php" or set LARAVEL_VERSION.`,
      );
    }
    const storeName = session.store ?? "redis";
    const store = config.cache.stores[storeName];
    if (!store) {
      throw new ConfigError(
        "SESSION_STORE",
        `names the cache store [${storeName}], which is not configured.`,
      );
    }
    // SessionManager::createRedisDriver: the store's connection is replaced by session.connection,
    // and RedisManager::connection(null) is `default` (not the cache store's `cache` connection).
    const connectionName = session.connection ?? "default";
    this.connection = services.connections.connection(connectionName);
    this.redisPrefix = services.connections.prefix?.(connectionName) ?? "";
    this.keyPrefix = options.prefix ?? store.prefix;
    this.handler =
      options.handler ?? new CacheSessionHandler({ connection: this.connection, prefix: this.keyPrefix });
    this.encrypter = services.encrypter;
    this.cookies = new CookieCipher(services.encrypter);
    this.serializer = createSessionSerializer({
      serialization,
      encrypter: session.encrypt ? services.encrypter : undefined,
    });
    this.clock = services.clock ?? systemClock;
    this.logger = services.logger ?? silentLogger;
    this.#metrics = services.metrics;
    this.#connections = services.connections;
    this.#cache = config.cache;
    this.valueGuard = combineValueGuards(
      options.valueGuard,
      options.financialRecords === false ? undefined : financialRecordGuard(options.financialRecords),
    );
    this.cookieName = session.cookie;
    this.lifetimeMinutes = session.lifetime;
    this.previousRoute = options.previousRoute ?? format.previousRoute;
    this.cookieSettings = {
      path: session.path,
      domain: session.domain,
      secure: session.secure,
      httpOnly: session.httpOnly,
      sameSite: session.sameSite,
      partitioned: session.partitioned,
      expireOnClose: session.expireOnClose,
      lifetimeMinutes: session.lifetime,
    };
  }

  /** `SessionManager::driver()` for one request: a Store for `id` (a new id if it is not valid). */
  build(id?: string | null): Session {
    return new Session({
      name: this.cookieName,
      handler: this.handler,
      serializer: this.serializer,
      lifetimeMinutes: this.lifetimeMinutes,
      id,
      clock: this.clock,
      keyOf: this.#keyOf,
      onCorrupt: this.#onCorrupt,
      valueGuard: this.valueGuard,
    });
  }

  /**
   * The locks StartSession's blocking takes (`Route::block()`, `session.block`): RedisStore locks of
   * the cache store `storeName` (Laravel: `session.block_store`, else the default cache store), on
   * its lock connection under its prefix, so PHP and Node lock the same key.
   * @throws ConfigError when that store is not a Redis store
   */
  blockLocks(storeName: string = this.#cache.default): RedisLockProvider {
    const store = this.#cache.stores[storeName];
    if (store?.driver !== "redis") {
      throw new ConfigError(
        "session.block_store",
        `names the cache store [${storeName}], which is not a Redis store: session blocking shared with Laravel needs one (set block.store, and session.block_store in Laravel, to a redis store).`,
      );
    }
    return new RedisLockProvider(this.#connections.connection(store.lockConnection), store.prefix);
  }

  /** Bumps a counter and forwards it to `metrics`. */
  count(counter: keyof SessionCounters, metric: string): void {
    this.counters[counter] += 1;
    this.#metrics?.increment(metric);
  }
}
