import { BridgeError } from "./bridge-error.js";

/**
 * Why a Redis command or connection failed, in the operations team's runbook terms. Server replies
 * that are about the data or the script (WRONGTYPE, NOSCRIPT, a Lua error) are never one of these:
 * they reach the caller unchanged.
 *
 * - `dns`: the host does not resolve (`getaddrinfo ENOTFOUND`).
 * - `refused`: nothing listens on host:port (`ECONNREFUSED`).
 * - `unreachable`: no route to the host or network (`EHOSTUNREACH`, `ENETUNREACH`).
 * - `timeout`: no connection within `connectTimeoutMs`, or no reply within `commandTimeoutMs`.
 * - `reset`: the server dropped the connection (`ECONNRESET`, `EPIPE`, closed socket).
 * - `tls`: the TLS handshake failed (untrusted certificate, hostname mismatch, protocol error).
 * - `auth`: the password or ACL user was rejected (`WRONGPASS`, `ERR invalid password`).
 * - `noauth`: the server requires a password and none was sent (`NOAUTH`).
 * - `noperm`: the ACL user may not run that command or touch that key (`NOPERM`).
 * - `readonly`: the endpoint is a replica (`READONLY`), e.g. after a failover.
 * - `oom`: `maxmemory` reached under `noeviction` (`OOM`).
 * - `misconf`: writes are refused because RDB snapshots fail (`MISCONF`).
 * - `loading`: the server is still loading its dataset after a restart (`LOADING`).
 * - `lost`: the connection dropped while this command was in flight; it may or may not have run.
 * - `closed`: the connection was closed by `ConnectionManager.close()`.
 * - `unknown`: any other transport failure (the cause says which).
 */
export type RedisConnectionErrorKind =
  | "dns"
  | "refused"
  | "unreachable"
  | "timeout"
  | "reset"
  | "tls"
  | "auth"
  | "noauth"
  | "noperm"
  | "readonly"
  | "oom"
  | "misconf"
  | "loading"
  | "lost"
  | "closed"
  | "unknown";

export interface RedisConnectionErrorDetails {
  kind: RedisConnectionErrorKind;
  /** The first sentence of the message: what happened, without the checks (for one-line reports). */
  headline: string;
  /** The Laravel connection name (`default`, `cache`, ...). */
  connection: string;
  host: string;
  port: number;
  /** The runbook checks to do, in order; each a short imperative sentence. Never contains a secret. */
  hints: readonly string[];
  /**
   * True when the command had been written to Redis before the failure, so it may have run
   * (a push or an INCR must not be blindly retried: de-duplicate by job id instead).
   */
  commandMayHaveRun?: boolean;
  cause?: unknown;
}

/**
 * A Redis connection failed or refused the command for an operational reason (see
 * {@link RedisConnectionErrorKind}). The message says what happened and what to check; `hints` lists
 * the checks one by one; `cause` keeps the original ioredis/socket/server error. No message, hint or
 * field ever contains a password.
 */
export class RedisConnectionError extends BridgeError {
  readonly code = "ERR_REDIS_CONNECTION" as const;
  readonly kind: RedisConnectionErrorKind;
  readonly headline: string;
  readonly connection: string;
  readonly host: string;
  readonly port: number;
  readonly hints: readonly string[];
  readonly commandMayHaveRun: boolean;

  constructor(message: string, details: RedisConnectionErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = details.kind;
    this.headline = details.headline;
    this.connection = details.connection;
    this.host = details.host;
    this.port = details.port;
    this.hints = Object.freeze([...details.hints]);
    this.commandMayHaveRun = details.commandMayHaveRun ?? false;
  }
}
