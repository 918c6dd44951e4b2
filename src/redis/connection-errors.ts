/**
 * Turns socket, TLS and server errors into {@link RedisConnectionError}s with the runbook's wording
 * (reliability-catalogue §5.5). Only operational failures are translated; replies about the data or
 * the script (WRONGTYPE, NOSCRIPT, ERR in Lua) are not connection problems and pass through.
 */
import { RedisConnectionError, type RedisConnectionErrorKind } from "../errors/connection-error.js";
import { type ConnectionContext, explain } from "./connection-error-texts.js";

export type { ConnectionContext };

const REPLY_KINDS: Readonly<Record<string, RedisConnectionErrorKind>> = {
  NOAUTH: "noauth",
  WRONGPASS: "auth",
  NOPERM: "noperm",
  READONLY: "readonly",
  OOM: "oom",
  MISCONF: "misconf",
  LOADING: "loading",
};

const CODE_KINDS: Readonly<Record<string, RedisConnectionErrorKind>> = {
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
  EAI_FAIL: "dns",
  ECONNREFUSED: "refused",
  EHOSTUNREACH: "unreachable",
  ENETUNREACH: "unreachable",
  EADDRNOTAVAIL: "unreachable",
  ETIMEDOUT: "timeout",
  ECONNRESET: "reset",
  EPIPE: "reset",
  ECONNABORTED: "reset",
};

/** Marks the reply to the AUTH our connector sends, so `ERR invalid password` counts as `auth`. */
export const AUTH_REPLY = Symbol("laravel-redis-bridge.authReply");

/**
 * The kind of an error, or undefined when it is not a connection problem (e.g. WRONGTYPE) or is
 * one of ioredis' generic "the connection went away" rejections, whose real cause arrives
 * separately (see {@link isConnectionLoss}).
 */
export function classifyError(error: unknown): RedisConnectionErrorKind | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error instanceof RedisConnectionError) return error.kind;
  if ((error as { [AUTH_REPLY]?: boolean })[AUTH_REPLY]) {
    return error.message.startsWith("NOAUTH") ? "noauth" : "auth";
  }
  if (error.name === "ReplyError") return REPLY_KINDS[firstWord(error.message)];
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    const kind = CODE_KINDS[code];
    if (kind) return kind;
    if (/CERT|SSL|TLS|EPROTO/.test(code)) return "tls";
  }
  if (error.message === "Command timed out") return "timeout";
  return undefined;
}

/**
 * True for ioredis' rejections that only say the connection is gone ("Connection is closed.",
 * MaxRetriesPerRequestError, "Command aborted due to connection close", offline queue disabled).
 */
export function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === "MaxRetriesPerRequestError" ||
    error.name === "AbortError" ||
    error.message === "Connection is closed." ||
    error.message.startsWith("Stream isn't writeable")
  );
}

/** Builds the typed error: runbook headline, then "Check: …", then the connection it concerns. */
export function toConnectionError(
  kind: RedisConnectionErrorKind,
  context: ConnectionContext,
  options: { cause?: unknown; commandMayHaveRun?: boolean } = {},
): RedisConnectionError {
  const { headline, hints } = explain(kind, context, options.cause);
  const where = `(Redis connection [${context.connection}], ${context.host}:${context.port})`;
  const message = `${headline} Check: ${hints.join("; ")}. ${where}`;
  return new RedisConnectionError(message, {
    kind,
    headline,
    connection: context.connection,
    host: context.host,
    port: context.port,
    hints,
    commandMayHaveRun: options.commandMayHaveRun ?? false,
    cause: options.cause,
  });
}

function firstWord(message: string): string {
  const space = message.indexOf(" ");
  return space === -1 ? message : message.slice(0, space);
}
