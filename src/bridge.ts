/**
 * The composition root (≈ Laravel's service providers): resolves the config once, owns the Redis
 * connections, builds the codecs and hands each capability its config slice plus these services.
 * The ONLY file in src/ that imports adapters/. Capabilities are built on first use, so a service
 * that only dispatches jobs never decodes a cookie.
 */
import { CacheManager } from "../adapters/cache/cache-manager.js";
import { RedisLock } from "../adapters/lock/redis-lock.js";
import { RedisLockProvider } from "../adapters/lock/redis-lock-provider.js";
import { type LockContext, type WithLockOptions, withLock } from "../adapters/lock/with-lock.js";
import { connectFailedJobProvider } from "../adapters/queue/failed/database-failed-job-provider.js";
import { QueueManager } from "../adapters/queue/queue-manager.js";
import {
  createRateLimiting,
  type RateLimiting,
  type RateLimitingOptions,
} from "../adapters/rate-limit/rate-limiting.js";
import { SessionManager, type SessionManagerOptions } from "../adapters/session/session-manager.js";
import { type StartSessionOptions, startSession } from "../adapters/session/start-session.js";
import { type VerifyCsrfTokenOptions, verifyCsrfToken } from "../adapters/session/verify-csrf-token.js";
import { Encrypter } from "./codecs/encrypter/encrypter.js";
import type { BridgeConfig } from "./config/bridge-config.js";
import { type ConfigOverrides, resolveConfig } from "./config/resolve.js";
import type { Lock } from "./contracts/cache.js";
import { ConfigError } from "./errors/config-error.js";
import { type Logger, silentLogger } from "./observability/logger.js";
import { ConnectionManager, type ConnectionManagerOptions } from "./redis/connection-manager.js";
import { type Clock, systemClock } from "./support/clock.js";

export interface BridgeOptions {
  /** The environment to read instead of the process environment (tests, embedders). Real env wins over the .env file. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The .env file. @default ENV_FILE, else ./.env */
  envFile?: string;
  /** Values that win over env and .env, in BridgeConfig's shape. */
  overrides?: ConfigOverrides;
  /** Where connection events and warnings go (pino-compatible; redacting). @default silent */
  logger?: Logger;
  clock?: Clock;
  /** Timeouts, backoff, TLS material, DNS lookup for the Redis connections. */
  connections?: ConnectionManagerOptions;
  cache?: {
    /** Reads answer the default (and log a warning) when Redis is down; never for writes. @default false */
    failOpen?: boolean;
  };
  /** Session serialization (`php`/`json`), Laravel 13's `session.prefix`, `_previous.route`. */
  session?: SessionManagerOptions;
  queue?: {
    /** Job names whose payloads carry money: floats and numbers beyond 2^53 are refused at push. */
    financialJobs?: readonly string[];
  };
  /** The Redis-down policy (`insurance` by default), timeouts and client-IP rules of the rate limiter. */
  rateLimit?: RateLimitingOptions;
}

/** What `createBridge()` returns: one object owning every connection. */
export class Bridge {
  readonly config: BridgeConfig;
  readonly connections: ConnectionManager;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly #options: BridgeOptions;
  #encrypter: Encrypter | undefined;
  #cache: CacheManager | undefined;
  #rateLimiting: RateLimiting | undefined;
  #sessions: SessionManager | undefined;
  #queue: QueueManager | undefined;

  constructor(config: BridgeConfig, options: BridgeOptions = {}) {
    this.config = config;
    this.#options = options;
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.connections = new ConnectionManager(config.redis, { logger: this.logger, ...options.connections });
  }

  /** Laravel's Encrypter from APP_KEY / APP_CIPHER / APP_PREVIOUS_KEYS. Throws ConfigError when APP_KEY is unusable. */
  get encrypter(): Encrypter {
    this.#encrypter ??= Encrypter.fromAppKey(
      this.config.app.key,
      this.config.app.cipher,
      this.config.app.previousKeys,
      {
        laravelVersion: this.config.laravelVersion,
      },
    );
    return this.#encrypter;
  }

  /** `Cache::` — the store CACHE_STORE / CACHE_DRIVER selects, `store(name)` for another. */
  get cache(): CacheManager {
    this.#cache ??= new CacheManager(this.config.cache, {
      connections: this.connections,
      laravelVersion: this.config.laravelVersion,
      clock: this.clock,
      logger: this.logger,
      failOpen: this.#options.cache?.failOpen ?? false,
      locks: (client, prefix) => new RedisLockProvider(client, prefix, { clock: this.clock }),
    });
    return this.#cache;
  }

  /** `Cache::lock($name, $seconds, $owner)` on the default store's lock connection. */
  lock(name: string, seconds = 0, owner: string | null = null): Lock {
    return this.cache.lock(name, seconds, owner);
  }

  /** `Cache::restoreLock($name, $owner)`: a lock another process (PHP or Node) acquired. */
  restoreLock(name: string, owner: string): Lock {
    return this.cache.restoreLock(name, owner);
  }

  /**
   * Laravel's sessions (SESSION_DRIVER=redis): the handler, serializer and cookie cipher shared by the
   * middleware. Throws ConfigError when the Laravel app does not keep sessions in Redis.
   */
  get sessions(): SessionManager {
    this.#sessions ??= new SessionManager(
      this.config,
      { connections: this.connections, encrypter: this.encrypter, clock: this.clock, logger: this.logger },
      this.#options.session,
    );
    return this.#sessions;
  }

  /** Express middleware mirroring Laravel's StartSession (+ EncryptCookies for its cookies): `req.session` is Laravel's. */
  session(options?: StartSessionOptions): ReturnType<typeof startSession> {
    return startSession(this.sessions, options);
  }

  /** Express middleware mirroring VerifyCsrfToken (`_token`, X-CSRF-TOKEN, X-XSRF-TOKEN; 419 on mismatch). */
  csrf(options?: VerifyCsrfTokenOptions): ReturnType<typeof verifyCsrfToken> {
    return verifyCsrfToken(this.encrypter, options);
  }

  /** Rate limiting on Laravel's limiter store: the limiter, and the throttle middleware built on it. */
  get rateLimiting(): RateLimiting {
    this.#rateLimiting ??= createRateLimiting(
      { cache: this.config.cache, laravelVersion: this.config.laravelVersion },
      { connections: this.connections, clock: this.clock, logger: this.logger },
      this.#options.rateLimit,
    );
    return this.#rateLimiting;
  }

  /** `RateLimiter::` — hit, attempts, tooManyAttempts, availableIn, clear, attempt, for(name, ...). */
  get limiter(): RateLimiting["limiter"] {
    return this.rateLimiting.limiter;
  }

  /** Express middleware mirroring Laravel's `throttle:` (ThrottleRequests): a named limiter or `{ maxAttempts, decayMinutes, prefix }`. */
  throttle(...args: Parameters<RateLimiting["throttle"]>): ReturnType<RateLimiting["throttle"]> {
    return this.rateLimiting.throttle(...args);
  }

  /** Express middleware mirroring ThrottleRequestsWithRedis (DurationLimiter hashes on the default connection). */
  throttleWithRedis(
    ...args: Parameters<RateLimiting["throttleWithRedis"]>
  ): ReturnType<RateLimiting["throttleWithRedis"]> {
    return this.rateLimiting.throttleWithRedis(...args);
  }

  /** Login throttling shared with Laravel's Fortify/Breeze keys (5 attempts per 60 s by default). */
  throttleLogins(
    ...args: Parameters<RateLimiting["throttleLogins"]>
  ): ReturnType<RateLimiting["throttleLogins"]> {
    return this.rateLimiting.throttleLogins(...args);
  }

  /**
   * Runs `routine` holding the Laravel lock `name` (blocking up to `waitSeconds`), with a fence token the
   * database must check in the same transaction, the lock refreshed while it runs and `signal` aborted
   * before it can no longer be trusted. Always released. For the Redis cache store's locks.
   */
  withLock<T>(
    name: string,
    seconds: number,
    routine: (context: LockContext) => Promise<T> | T,
    options?: WithLockOptions,
  ): Promise<T> {
    const lock = this.lock(name, seconds);
    if (!(lock instanceof RedisLock)) {
      throw new ConfigError(
        "CACHE_STORE",
        `must be a redis store for withLock(): fence tokens live in Redis, and the store [${this.cache.getDefaultDriver()}] is not one`,
      );
    }
    return withLock(lock, routine, options);
  }

  /**
   * `Queue::` on the `redis` queue connection: push / later / bulk / dispatch for `php artisan queue:work`,
   * `worker()` for jobs Laravel dispatched, failed jobs in DB_CONNECTION's `failed_jobs` table.
   */
  get queue(): QueueManager {
    if (this.#queue) return this.#queue;
    const db = this.config.database.connection;
    // Resolved on use, so only encrypted jobs need a valid APP_KEY (and say so when it is missing).
    const encrypter = {
      encryptString: (value: string | Uint8Array) => this.encrypter.encryptString(value),
      decryptBytes: (payload: string) => this.encrypter.decryptBytes(payload),
    };
    this.#queue = new QueueManager(this.config.queue, {
      connections: this.connections,
      laravelVersion: this.config.laravelVersion,
      clock: this.clock,
      logger: this.logger,
      encrypter,
      cache: this.cache.store(),
      // Unique jobs (ShouldBeUnique) take Laravel's `laravel_unique_job:` locks on the default store.
      locks: this.cache,
      ...(this.#options.queue?.financialJobs ? { financialJobs: this.#options.queue.financialJobs } : {}),
      failedJobs: () =>
        connectFailedJobProvider(
          db.driver,
          {
            url: db.url,
            host: db.host,
            port: db.port,
            database: db.database,
            username: db.username,
            password: db.password,
          },
          { table: this.config.queue.failed.table, clock: this.clock },
        ),
    });
    return this.#queue;
  }

  /** Closes the queue's failed-jobs store and every connection (idempotent). In-flight commands finish or fail. */
  async close(): Promise<void> {
    await this.#queue?.close();
    await this.connections.close();
  }
}

/**
 * Reads Laravel's env (`.env` + process env, with Laravel's casts), validates it and returns the
 * bridge. No connection opens until a capability first needs it.
 * @throws ConfigError naming the variable to fix.
 */
export function createBridge(options: BridgeOptions = {}): Bridge {
  const config = resolveConfig({
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.envFile === undefined ? {} : { envFile: options.envFile }),
    ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
  });
  return new Bridge(config, options);
}
