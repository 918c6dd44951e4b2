/**
 * The runbook texts: for each {@link RedisConnectionErrorKind}, the headline and the checks to do
 * (reliability-catalogue §5.5, foundation issue "Connections and errors"). Names hosts, ports, env
 * vars and the ACL user; never a password.
 */
import type { RedisConnectionErrorKind } from "../errors/connection-error.js";
import { redactUrl } from "../observability/redact.js";

/** What the message may name about a connection. Deliberately has no password field. */
export interface ConnectionContext {
  connection: string;
  host: string;
  port: number;
  username: string | null;
  tls: boolean;
  connectTimeoutMs: number;
  commandTimeoutMs: number | undefined;
}

/** The headline and the ordered checks for one kind of failure. */
export function explain(
  kind: RedisConnectionErrorKind,
  context: ConnectionContext,
  cause: unknown,
): { headline: string; hints: string[] } {
  const { host, port, connection } = context;
  const at = `${host}:${port}`;
  // The reply text is quoted for server refusals; URL credentials are masked should a cause carry one.
  const reply = cause instanceof Error ? redactUrl(cause.message.trim()) : "";
  const user = context.username ?? "default";
  const tlsHint = context.tls
    ? "that the server speaks TLS on this port (REDIS_SCHEME=tls / rediss:// is set)"
    : "whether the server expects TLS on this port (REDIS_SCHEME=tls or a rediss:// REDIS_URL)";
  switch (kind) {
    case "dns":
      return {
        headline: `Cannot resolve Redis host '${host}' (REDIS_HOST).`,
        hints: [
          "the hostname in .env",
          "that the Redis container is running",
          "that the app and Redis are on the same Docker network",
          "that the Docker service name did not change",
        ],
      };
    case "refused":
      return {
        headline: `Cannot reach Redis at ${at} (connection refused).`,
        hints: [
          "that redis-server is running (docker compose ps, systemctl status redis-server)",
          `REDIS_PORT: Redis must listen on port ${port} of ${host}`,
          `that no firewall or security group blocks ${at}`,
          "whether this endpoint expects TLS or authentication on another port (REDIS_SCHEME, REDIS_URL)",
        ],
      };
    case "unreachable":
      return {
        headline: `Cannot reach Redis at ${at} (no route to host).`,
        hints: [
          "that REDIS_HOST is an address this machine can route to",
          "that the app and Redis share a network (Docker network, VPC, VPN)",
          `that no firewall blocks ${at}`,
        ],
      };
    case "timeout":
      return reply === "Command timed out"
        ? {
            headline: `Redis at ${at} did not reply within ${context.commandTimeoutMs} ms (command timeout); the command may or may not have run.`,
            hints: [
              "that Redis is not frozen or overloaded (SLOWLOG GET, INFO, a long-running Lua script)",
              "the network latency between the app and Redis",
              "commandTimeoutMs (read_timeout) if slow commands are expected",
            ],
          }
        : {
            headline: `Redis at ${at} did not answer within ${context.connectTimeoutMs} ms (connect timeout).`,
            hints: [
              "that the host is reachable and no firewall silently drops the packets",
              "that Redis is not frozen or overloaded",
              tlsHint,
            ],
          };
    case "reset":
      return {
        headline: `Redis at ${at} closed the connection (connection reset).`,
        hints: [
          "whether redis-server restarted or crashed (its log, INFO server uptime_in_seconds)",
          "the server limits maxclients, timeout and client-output-buffer-limit",
          tlsHint,
          "the idle timeout of any proxy or load balancer in between",
        ],
      };
    case "tls":
      return {
        headline: `TLS handshake with Redis at ${at} failed: ${tlsReason(cause, host)}.`,
        hints: [
          "that the CA that signed the server certificate is configured (tls.ca)",
          `that the certificate names the host in REDIS_HOST ('${host}')`,
          "that this port is the server's TLS port (tls-port)",
          "never turn certificate verification off to make this go away",
        ],
      };
    case "auth":
    case "noauth":
      return {
        headline: "Redis requires authentication but REDIS_PASSWORD is missing or wrong.",
        hints: [
          kind === "noauth"
            ? "that REDIS_PASSWORD is set where this service runs (no password was sent)"
            : `REDIS_PASSWORD in .env, and REDIS_USERNAME ('${user}') when the server uses ACL users`,
          "that a password in REDIS_URL is not overriding REDIS_PASSWORD",
          "whether the password was rotated on the server (ACL LOG lists failed attempts)",
          ...(/wrong number of arguments/.test(reply)
            ? ["that the server supports ACL users (Redis 6+); for Redis 5 unset REDIS_USERNAME"]
            : []),
        ],
      };
    case "noperm":
      return {
        headline: `The Redis ACL user '${user}' is not allowed to do this on connection [${connection}] (${reply}).`,
        hints: [
          `ACL GETUSER ${user}: the commands the bridge uses (+@read +@write +eval +evalsha)`,
          "the user's key patterns: they must cover REDIS_PREFIX (~<prefix>*)",
          "ACL LOG for the denied command or key",
        ],
      };
    case "readonly":
      return {
        headline: `Redis at ${at} is a read-only replica and refused a write (${reply}).`,
        hints: [
          "that REDIS_HOST points at the primary, not a replica",
          "whether a Sentinel or cluster failover demoted this server (INFO replication role)",
          "connect through Sentinel or the new primary's address",
        ],
      };
    case "oom":
      return {
        headline:
          "Redis is out of memory (maxmemory reached, policy noeviction) and refused the command; nothing was written.",
        hints: [
          "INFO memory: used_memory against maxmemory",
          "what grew: a queue backlog, cache keys without TTL, large sessions",
          "raise maxmemory or free memory, and keep noeviction (eviction silently drops queued jobs and locks)",
        ],
      };
    case "misconf":
      return {
        headline:
          "Redis refuses writes because persistence is failing: the last RDB snapshot could not be saved (MISCONF).",
        hints: [
          "the Redis log for the background save error",
          "free disk space and the permissions of Redis' dir",
          "INFO persistence: rdb_last_bgsave_status",
        ],
      };
    case "loading":
      return {
        headline: `Redis at ${at} is still loading its dataset into memory (LOADING); retry in a moment.`,
        hints: ["INFO persistence: loading:0 when it is done", "a large AOF or RDB file takes longer"],
      };
    case "lost":
      return {
        headline: `The connection to Redis at ${at} was lost while the command was in flight; it may or may not have run.`,
        hints: [
          "do not blindly retry a non-idempotent command (de-duplicate pushes by job id)",
          "why the connection dropped: the server log, restarts, the network",
          "the bridge reconnects by itself with backoff",
        ],
      };
    case "closed":
      return {
        headline: `Redis connection [${connection}] is closed: ConnectionManager.close() was called.`,
        hints: ["that nothing uses the bridge after close()", "create a new bridge to connect again"],
      };
    case "unknown":
      return {
        headline: `Redis connection [${connection}] at ${at} failed (${reply || "unknown error"}).`,
        hints: ["the cause of this error", "that redis-server is running and reachable"],
      };
  }
}

function tlsReason(cause: unknown, host: string): string {
  const code = String((cause as { code?: unknown } | undefined)?.code ?? "");
  if (/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_UNTRUSTED/.test(code)) {
    return "the server certificate is not trusted (provide the CA)";
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") return `the certificate does not match host '${host}'`;
  if (/EXPIRED|NOT_YET_VALID/.test(code)) return "the server certificate is expired or not yet valid";
  if (/WRONG_VERSION|EPROTO|PACKET_LENGTH/.test(code)) return "the server does not speak TLS on this port";
  return code || "unknown TLS error";
}
