/**
 * Builds the ioredis client for one standalone Redis connection (≈ Illuminate's PhpRedisConnector):
 * TCP or TLS, ACL user + password, database, lazy connect, a bounded connect timeout and reconnects
 * with backoff — and never a silent re-send of a command after a reconnect.
 *
 * The socket comes from our own connector (below), which resolves the host with an injectable
 * `lookup`, enforces `connectTimeoutMs` over TCP + TLS + AUTH together, and authenticates before
 * ioredis gets the socket (see authenticate.ts for why).
 */
import { isIP, type LookupFunction, connect as netConnect, type Socket } from "node:net";
import { type ConnectionOptions, connect as tlsConnect } from "node:tls";
import { AbstractConnector, Redis } from "ioredis";
import { authenticate, type Credentials } from "./authenticate.js";
import { type RetrySettings, retryStrategy } from "./backoff.js";

/** Everything needed to open one connection. Produced by the ConnectionManager. */
export interface StandaloneSettings {
  host: string;
  port: number;
  database: number;
  tls: boolean;
  /** Extra TLS options (ca, cert, key, servername); merged over `{ host, port, servername }`. */
  tlsOptions: ConnectionOptions | undefined;
  /** null = send no AUTH (`REDIS_PASSWORD=null`). Never handed to ioredis. */
  credentials: Credentials | null;
  /** REDIS_PREFIX as phpredis' OPT_PREFIX: keys and EVAL KEYS, not ARGV nor SCAN/KEYS patterns. */
  keyPrefix: string;
  connectTimeoutMs: number;
  /** Reply timeout: ioredis `blockingTimeout` for blocking connections (shared ones use the reply watchdog). */
  commandTimeoutMs: number | undefined;
  /**
   * A connection for BLPOP & co.: no command timeout (a pop may block longer), but ioredis'
   * `blockingTimeout` safety net: a `BLPOP … 0` on a dead socket resolves null after
   * `commandTimeoutMs`, a finite one after its own timeout plus a grace period.
   */
  blocking: boolean;
  /** ioredis `enableAutoPipelining`: the commands of one event-loop turn go out as one pipeline. */
  autoPipelining?: boolean;
  retry: RetrySettings;
  random: () => number;
  lookup: LookupFunction | undefined;
  /** Shown in CLIENT LIST, e.g. `laravel-bridge:default`. */
  clientName: string;
  onWarning: (message: string) => void;
}

/** Time ioredis waits for a closing socket before destroying it. */
const DISCONNECT_TIMEOUT_MS = 2000;

/**
 * A lazily connecting ioredis client. Choices (reliability-catalogue §2.3, "client-side duplicates
 * on reconnect"):
 * - `autoResendUnfulfilledCommands: false`: a command written before the connection dropped is
 *   never written again (ioredis' default re-sends it: one RPUSH, two jobs).
 * - `maxRetriesPerRequest: 0`: on every connection loss ioredis rejects the commands in flight and
 *   the queued ones at once, instead of parking them for 20 reconnects (or, with resend off,
 *   forever — ioredis #2193). The ConnectionManager then fails new commands fast while reconnecting.
 * - `enableOfflineQueue: true`: needed for lazy connect (the first command waits for the socket);
 *   bounded by the rule above.
 * - `protocol: 2`: RESP2, as phpredis speaks it, so replies (and Lua conversions) match Laravel's.
 * - `enableReadyCheck: false`: no INFO per connect (a least-privilege ACL user gets NOPERM for
 *   it); a server still loading answers LOADING, surfaced as a typed error, as phpredis does.
 */
export function createStandaloneClient(settings: StandaloneSettings): Redis {
  return new Redis({
    host: settings.host,
    port: settings.port,
    db: settings.database,
    keyPrefix: settings.keyPrefix,
    Connector: connectorFor(settings),
    lazyConnect: true,
    protocol: 2,
    enableReadyCheck: false,
    enableOfflineQueue: true,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    retryStrategy: retryStrategy(settings.retry, settings.random),
    connectionName: settings.clientName,
    disableClientInfo: true,
    enableAutoPipelining: settings.autoPipelining === true,
    // Shared connections: no per-command timer; the ConnectionManager's reply watchdog enforces
    // commandTimeoutMs per connection (reply-watchdog.ts).
    ...(settings.blocking ? { blockingTimeout: settings.commandTimeoutMs } : {}),
  });
}

function connectorFor(settings: StandaloneSettings): new (options: unknown) => AbstractConnector {
  if (settings.tlsOptions?.rejectUnauthorized === false) {
    settings.onWarning(
      `TLS certificate verification is OFF for ${settings.host}:${settings.port} (tls.rejectUnauthorized=false): anyone on the path can read REDIS_PASSWORD and the data.`,
    );
  }
  return class BridgeSocketConnector extends AbstractConnector {
    constructor() {
      super(DISCONNECT_TIMEOUT_MS);
    }

    /** Resolves with a connected, authenticated socket — or a destroyed one and `firstError` set,
     * which makes ioredis emit the error and reconnect with backoff (a rejection would end it). */
    connect(): Promise<Socket> {
      this.connecting = true;
      delete this.firstError;
      const socket = openSocket(settings);
      this.stream = socket;
      return new Promise((resolve) => {
        let settled = false;
        const finish = (error?: Error): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          socket.off("error", finish);
          socket.off("close", onClose);
          if (error) {
            this.firstError = error;
            socket.destroy();
          }
          resolve(socket);
        };
        // After disconnect() ioredis expects its own "Connection is closed." (which it does not report).
        const onClose = (): void =>
          finish(this.connecting ? closedDuringHandshake() : new Error("Connection is closed."));
        const timer = setTimeout(() => finish(connectTimeout()), settings.connectTimeoutMs);
        socket.once("error", finish);
        socket.once("close", onClose);
        socket.once(settings.tls ? "secureConnect" : "connect", () => {
          if (!this.connecting) return finish(new Error("Connection is closed."));
          if (!settings.credentials) return finish();
          authenticate(socket, settings.credentials).then((outcome) => {
            if (!outcome.ok) return finish(outcome.error);
            if (outcome.warning) settings.onWarning(outcome.warning);
            finish();
          });
        });
      });
    }
  };
}

function openSocket(settings: StandaloneSettings): Socket {
  const { host, port, lookup } = settings;
  const target = { host, port, ...(lookup ? { lookup } : {}) };
  if (!settings.tls) return netConnect(target);
  // SNI only for names: RFC 6066 forbids an IP address as server name (Node warns about it).
  const servername = isIP(host) === 0 ? host : undefined;
  return tlsConnect({ ...target, ...(servername ? { servername } : {}), ...settings.tlsOptions });
}

function connectTimeout(): Error {
  return Object.assign(new Error("connect ETIMEDOUT"), { code: "ETIMEDOUT", syscall: "connect" });
}

function closedDuringHandshake(): Error {
  return Object.assign(new Error("Redis closed the connection during the handshake"), { code: "ECONNRESET" });
}
