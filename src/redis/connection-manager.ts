/**
 * Named Redis connections, as Illuminate\Redis\RedisManager hands them out: `connection("cache")`
 * returns the one client for database.redis.cache, created lazily, with REDIS_PREFIX applied the
 * way phpredis applies it (client.ts). Failures reject with RedisConnectionError carrying the real
 * cause (guarded-client.ts); nothing is re-sent silently after a reconnect (connectors/standalone.ts).
 */
import { randomInt } from "node:crypto";
import type { LookupFunction } from "node:net";
import type { ConnectionOptions } from "node:tls";
import type { Redis } from "ioredis";
import type { RedisConfig, RedisConnectionConfig } from "../config/bridge-config.js";
import { ConfigError } from "../errors/config-error.js";
import type { RedisConnectionError } from "../errors/connection-error.js";
import { type Logger, silentLogger } from "../observability/logger.js";
import type { RedisClient } from "./client.js";
import { type ConnectionContext, classifyError, toConnectionError } from "./connection-errors.js";
import { DEFAULT_RETRY, type RetrySettings } from "./connectors/backoff.js";
import { createStandaloneClient } from "./connectors/standalone.js";
import { type ConnectionState, guardClient } from "./guarded-client.js";
import { startReplyWatchdog } from "./reply-watchdog.js";

export interface ConnectionManagerOptions {
  /** Connection events (lost, back, warnings). @default silent */
  logger?: Logger;
  /** DNS lookup for the sockets (node:net `lookup`); tests inject one. @default dns.lookup */
  lookup?: LookupFunction;
  /** TCP + TLS + AUTH must finish within this. A connection's `timeout` (seconds) wins. @default 5000 */
  connectTimeoutMs?: number;
  /** A reply must arrive within this; not for blocking connections. A connection's `read_timeout` wins. @default 10000 */
  commandTimeoutMs?: number;
  /** Reconnect backoff. @default { baseDelayMs: 50, maxDelayMs: 2000, maxAttempts: Infinity } */
  retry?: Partial<RetrySettings>;
  /** Extra TLS options (ca, cert, key) for connections with `tls: true`. */
  tls?: ConnectionOptions;
  /** Jitter source, [0, 1). @default crypto-random */
  random?: () => number;
  /**
   * Shared connections send the commands issued in one event-loop turn as one pipeline (ioredis
   * `enableAutoPipelining`): one write and one read syscall for 100 concurrent GETs instead of 100.
   * Order on the connection is kept, so Laravel sees the same command sequence. Never applies to
   * blocking connections. @default false
   */
  autoPipelining?: boolean;
}

/** A dedicated connection for BLPOP-style commands; close it when the worker stops. */
export type BlockingConnection = RedisClient & { close(): Promise<void> };

interface Entry {
  redis: Redis;
  state: ConnectionState;
  client: RedisClient;
  stopWatchdog: (() => void) | undefined;
}

/** Time a graceful QUIT may take on close() before the socket is cut. */
const QUIT_TIMEOUT_MS = 1000;

/** ≈ Illuminate\Redis\RedisManager: named, lazily created connections. */
export class ConnectionManager {
  readonly #config: RedisConfig;
  readonly #options: ConnectionManagerOptions;
  readonly #logger: Logger;
  readonly #retry: RetrySettings;
  readonly #connections = new Map<string, Entry>();
  readonly #blocking = new Set<Entry>();
  #closing: Promise<void> | undefined;

  constructor(config: RedisConfig, options: ConnectionManagerOptions = {}) {
    this.#config = config;
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  /** ≈ `Redis::connection($name)`: the shared client of database.redis.<name>. Throws ConfigError if unknown. */
  connection(name = "default"): RedisClient {
    const existing = this.#connections.get(name);
    if (existing) return existing.client;
    const entry = this.#open(name, false);
    this.#connections.set(name, entry);
    return entry.client;
  }

  /**
   * A NEW connection to database.redis.<name> on every call, for commands that block (BLPOP in
   * queue workers), so they never stall the shared connection. No command timeout; see standalone.ts.
   */
  blockingConnection(name = "default"): BlockingConnection {
    const entry = this.#open(name, true);
    this.#blocking.add(entry);
    const close = async (): Promise<void> => {
      this.#blocking.delete(entry);
      await closeEntry(entry, false);
    };
    return Object.assign(entry.client, { close });
  }

  /**
   * The prefix the connection applies to keys (phpredis OPT_PREFIX): its own `prefix` when set,
   * else REDIS_PREFIX. resolveConfig() has already applied Laravel's precedence between the two
   * (8.x phpredis lets the global one win, laravel-formats.md §1.5).
   */
  prefix(name = "default"): string {
    return this.#connectionConfig(name).prefix ?? this.#config.prefix;
  }

  /** The configured connection names (`default`, `cache`, …). */
  names(): string[] {
    return Object.keys(this.#config.connections);
  }

  /** ≈ `Redis::connection($name)->ping()`: resolves with the round trip in ms (connecting first if needed). */
  async ping(name = "default"): Promise<number> {
    const client = this.connection(name);
    const started = performance.now();
    await client.ping();
    return performance.now() - started;
  }

  /** Closes every connection (QUIT, then cut after 1 s); later calls return the same promise. */
  close(): Promise<void> {
    this.#closing ??= Promise.all([
      ...[...this.#connections.values()].map((entry) => closeEntry(entry, true)),
      ...[...this.#blocking].map((entry) => closeEntry(entry, false)),
    ]).then(() => undefined);
    return this.#closing;
  }

  #open(name: string, blocking: boolean): Entry {
    const config = this.#connectionConfig(name);
    const context = this.#context(name, config);
    const state: ConnectionState = {
      context,
      lastError: undefined,
      readyCount: 0,
      closed: false,
    };
    if (this.#closing) throw toConnectionError("closed", context);
    // Connector choice: Sentinel (connectors/sentinel.ts) and Cluster (connectors/cluster.ts) plug
    // in here, chosen from the connection config; they must return an ioredis client with the same
    // events and status, so the guard and the error translation stay the same.
    const redis = createStandaloneClient({
      host: config.host,
      port: config.port,
      database: config.database,
      tls: config.tls,
      tlsOptions: this.#options.tls,
      // Like PhpRedisConnector: an empty REDIS_PASSWORD means no AUTH, not AUTH "".
      credentials: config.password ? { username: config.username, password: config.password } : null,
      keyPrefix: this.prefix(name),
      connectTimeoutMs: context.connectTimeoutMs,
      commandTimeoutMs: context.commandTimeoutMs,
      blocking,
      autoPipelining: !blocking && this.#options.autoPipelining === true,
      retry: this.#retry,
      random: this.#options.random ?? (() => randomInt(0, 1_000_000) / 1_000_000),
      lookup: this.#options.lookup,
      clientName: `laravel-bridge:${name}${blocking ? ":blocking" : ""}`,
      onWarning: (message) => this.#logger.warn({ connection: name }, message),
    });
    this.#watch(redis, state);
    // Shared connections time out per connection (reply-watchdog.ts); blocking ones use ioredis'
    // blockingTimeout (a BLPOP may legitimately wait longer than any read timeout).
    const timeoutMs = context.commandTimeoutMs;
    const stopWatchdog =
      blocking || timeoutMs === undefined ? undefined : startReplyWatchdog(redis, timeoutMs);
    return { redis, state, client: guardClient(redis, state), stopWatchdog };
  }

  #watch(redis: Redis, state: ConnectionState): void {
    const { connection } = state.context;
    redis.on("error", (error: Error) => {
      if (state.closed) return;
      const firstOfOutage = state.lastError === undefined;
      state.lastError = error;
      const typed: RedisConnectionError = toConnectionError(
        classifyError(error) ?? "unknown",
        state.context,
        {
          cause: error,
        },
      );
      const fields = { connection, kind: typed.kind, err: error };
      if (firstOfOutage) this.#logger.warn(fields, typed.message);
      else this.#logger.debug(fields, typed.message);
    });
    redis.on("ready", () => {
      state.readyCount += 1;
      if (state.lastError) this.#logger.info({ connection }, `Redis connection [${connection}] is back.`);
      state.lastError = undefined;
    });
  }

  #connectionConfig(name: string): RedisConnectionConfig {
    const config = this.#config.connections[name];
    if (config) return config;
    const known = Object.keys(this.#config.connections).join(", ");
    throw new ConfigError(
      `database.redis.${name}`,
      `Redis connection [${name}] not configured (configured: ${known}).`,
    );
  }

  #context(name: string, config: RedisConnectionConfig): ConnectionContext {
    const seconds = (value: number | undefined): number | undefined =>
      value !== undefined && value > 0 ? Math.round(value * 1000) : undefined;
    return {
      connection: name,
      host: config.host,
      port: config.port,
      username: config.username,
      tls: config.tls,
      connectTimeoutMs: seconds(config.timeout) ?? this.#options.connectTimeoutMs ?? 5000,
      commandTimeoutMs: seconds(config.readTimeout) ?? this.#options.commandTimeoutMs ?? 10_000,
    };
  }
}

async function closeEntry(entry: Entry, graceful: boolean): Promise<void> {
  const { redis, state } = entry;
  state.closed = true;
  entry.stopWatchdog?.();
  if (redis.status === "end") return;
  if (graceful && redis.status === "ready") {
    let timer: NodeJS.Timeout | undefined;
    const cut = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, QUIT_TIMEOUT_MS);
    });
    await Promise.race([redis.quit().catch(() => undefined), cut]);
    clearTimeout(timer);
  }
  redis.disconnect();
}
