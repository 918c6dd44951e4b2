import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RedisConnectionError, type RedisConnectionErrorKind } from "../../../src/errors/connection-error.js";
import {
  AUTH_REPLY,
  type ConnectionContext,
  classifyError,
  isConnectionLoss,
  toConnectionError,
} from "../../../src/redis/connection-errors.js";

const context: ConnectionContext = {
  connection: "default",
  host: "redis",
  port: 6379,
  username: null,
  tls: false,
  connectTimeoutMs: 5000,
  commandTimeoutMs: 10_000,
};

const withCode = (code: string, message = code): Error => Object.assign(new Error(message), { code });
const reply = (message: string): Error => Object.assign(new Error(message), { name: "ReplyError" });

const KINDS: RedisConnectionErrorKind[] = [
  "dns",
  "refused",
  "unreachable",
  "timeout",
  "reset",
  "tls",
  "auth",
  "noauth",
  "noperm",
  "readonly",
  "oom",
  "misconf",
  "loading",
  "lost",
  "closed",
  "unknown",
];

describe("classifyError", () => {
  it.each([
    ["ENOTFOUND", "dns"],
    ["EAI_AGAIN", "dns"],
    ["ECONNREFUSED", "refused"],
    ["EHOSTUNREACH", "unreachable"],
    ["ETIMEDOUT", "timeout"],
    ["ECONNRESET", "reset"],
    ["EPIPE", "reset"],
    ["SELF_SIGNED_CERT_IN_CHAIN", "tls"],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "tls"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "tls"],
    ["ERR_SSL_WRONG_VERSION_NUMBER", "tls"],
  ])("maps the socket error code %s to %s", (code, kind) => {
    expect(classifyError(withCode(code))).toBe(kind);
  });

  it.each([
    ["NOAUTH Authentication required.", "noauth"],
    ["WRONGPASS invalid username-password pair or user is disabled.", "auth"],
    ["NOPERM this user has no permissions to run the 'set' command", "noperm"],
    ["READONLY You can't write against a read only replica.", "readonly"],
    ["OOM command not allowed when used memory > 'maxmemory'.", "oom"],
    [
      "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk.",
      "misconf",
    ],
    ["LOADING Redis is loading the dataset in memory", "loading"],
  ])("maps the server reply %s", (message, kind) => {
    expect(classifyError(reply(message))).toBe(kind);
  });

  it("leaves data and script errors alone (they are not connection problems)", () => {
    expect(
      classifyError(reply("WRONGTYPE Operation against a key holding the wrong kind of value")),
    ).toBeUndefined();
    expect(classifyError(reply("NOSCRIPT No matching script. Please use EVAL."))).toBeUndefined();
    expect(
      classifyError(reply("ERR user_script:1: Script attempted to access nonexistent global variable")),
    ).toBeUndefined();
    expect(classifyError("not an error")).toBeUndefined();
  });

  it("counts any refusal of the connector's own AUTH as an authentication failure", () => {
    const refused = Object.defineProperty(new Error("ERR invalid password"), AUTH_REPLY, { value: true });
    expect(classifyError(refused)).toBe("auth");
  });

  it("recognises ioredis' generic 'connection went away' rejections", () => {
    expect(isConnectionLoss(new Error("Connection is closed."))).toBe(true);
    expect(
      isConnectionLoss(
        Object.assign(new Error("Reached the max retries"), { name: "MaxRetriesPerRequestError" }),
      ),
    ).toBe(true);
    expect(isConnectionLoss(reply("WRONGTYPE Operation against a key"))).toBe(false);
  });
});

describe("toConnectionError", () => {
  it("says exactly what the runbook says for an unknown host", () => {
    const error = toConnectionError("dns", context, {
      cause: withCode("ENOTFOUND", "getaddrinfo ENOTFOUND redis"),
    });
    expect(error.message).toContain(
      "Cannot resolve Redis host 'redis' (REDIS_HOST). Check: the hostname in .env; that the Redis container is running; that the app and Redis are on the same Docker network; that the Docker service name did not change.",
    );
    expect(error).toBeInstanceOf(RedisConnectionError);
    expect(error.code).toBe("ERR_REDIS_CONNECTION");
    expect(error.name).toBe("RedisConnectionError");
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("tells a wrong or missing password apart from the rest in the same words", () => {
    for (const kind of ["auth", "noauth"] as const) {
      expect(toConnectionError(kind, context).message).toMatch(
        /^Redis requires authentication but REDIS_PASSWORD is missing or wrong\. Check: /,
      );
    }
  });

  it("gives every kind a headline, at least two checks and the connection it concerns", () => {
    for (const kind of KINDS) {
      const error = toConnectionError(kind, context, { cause: new Error("boom") });
      expect(error.kind).toBe(kind);
      expect(error.hints.length).toBeGreaterThanOrEqual(2);
      expect(error.message).toContain(` Check: ${error.hints.join("; ")}.`);
      expect(error.message).toContain("(Redis connection [default], redis:6379)");
    }
  });

  it("marks only in-flight losses and timeouts as possibly executed when asked", () => {
    expect(toConnectionError("lost", context, { commandMayHaveRun: true }).commandMayHaveRun).toBe(true);
    expect(toConnectionError("refused", context).commandMayHaveRun).toBe(false);
  });

  it("never repeats credentials that a cause message carries in a URL", () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.stringMatching(/^[A-Za-z0-9]{8,24}$/), (kind, password) => {
        const cause = new Error(`connect to redis://app:${password}@redis:6379 failed`);
        const error = toConnectionError(kind, context, { cause });
        expect(error.message).not.toContain(password);
        expect(error.hints.join(" ")).not.toContain(password);
      }),
    );
  });
});
