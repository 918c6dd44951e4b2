import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isSecretField,
  REDACTED,
  redactObject,
  redactString,
  redactUrl,
  serializeError,
} from "../../../src/observability/redact.js";

const secret = fc.stringMatching(/^[\x21-\x7e]{6,32}$/);

describe("redactString", () => {
  it("removes every occurrence of a configured secret, wherever it sits in the text", () => {
    fc.assert(
      fc.property(fc.string(), secret, fc.string(), (before, password, after) => {
        const out = redactString(`${before}${password}${after}${password}`, [password]);
        expect(out).not.toContain(password);
      }),
    );
  });

  it("also removes the JSON-escaped form of a secret (log lines are JSON)", () => {
    const password = 'pa"ss\\word';
    const line = JSON.stringify({ msg: `auth with ${password}` });
    expect(redactString(line, [password])).not.toContain(JSON.stringify(password).slice(1, -1));
  });

  it("masks URL credentials and base64 APP_KEY literals without being told the value", () => {
    expect(redactUrl("rediss://:s3cret@cache.internal:6390/3")).toBe(
      `rediss://:${REDACTED}@cache.internal:6390/3`,
    );
    expect(redactUrl("redis://user:p%40ss@redis:6380/2")).toBe(`redis://user:${REDACTED}@redis:6380/2`);
    const appKey = `base64:${Buffer.alloc(32, 7).toString("base64")}`;
    expect(redactString(`APP_KEY=${appKey}`)).toBe(`APP_KEY=${REDACTED}`);
  });

  it("ignores empty secrets instead of mangling the text", () => {
    expect(redactString("nothing to hide", ["", "absent"])).toBe("nothing to hide");
  });
});

describe("redactObject", () => {
  it("replaces passwords, APP_KEY, cookies and session ids at any depth", () => {
    const out = redactObject({
      app: { key: "base64:abc", name: "Laravel" },
      redis: { connections: { default: { host: "redis", password: "hunter2", username: "app" } } },
      request: { headers: { cookie: "laravel_session=abc", "user-agent": "x" } },
      sessionId: "Xz9",
      laravel_session: "Xz9",
      cache: { key: "users:1" },
    });
    expect(out).toEqual({
      app: { key: REDACTED, name: "Laravel" },
      redis: { connections: { default: { host: "redis", password: REDACTED, username: "app" } } },
      request: { headers: { cookie: REDACTED, "user-agent": "x" } },
      sessionId: REDACTED,
      laravel_session: REDACTED,
      cache: { key: "users:1" },
    });
  });

  it("keeps null and empty secrets visible, so 'no password set' stays diagnosable", () => {
    expect(redactObject({ password: null, appKey: "" })).toEqual({ password: null, appKey: "" });
  });

  it("survives cycles and buffers", () => {
    const node: Record<string, unknown> = { name: "a", data: Buffer.from("secret bytes") };
    node.self = node;
    expect(redactObject(node)).toEqual({ name: "a", data: "<Buffer 12 bytes>", self: "[…]" });
  });

  it("recognises the usual secret field names", () => {
    for (const name of [
      "password",
      "REDIS_PASSWORD",
      "passwd",
      "APP_KEY",
      "appKey",
      "previousKeys",
      "token",
      "Authorization",
      "set-cookie",
      "session_id",
      "sid",
    ]) {
      expect(isSecretField(name)).toBe(true);
    }
    for (const name of ["host", "port", "username", "key", "connection", "prefix"]) {
      expect(isSecretField(name)).toBe(false);
    }
  });
});

describe("serializeError", () => {
  it("keeps name, message, code, kind and the cause chain but not ioredis' command arguments", () => {
    const cause = Object.assign(new Error("WRONGTYPE Operation"), {
      name: "ReplyError",
      command: { name: "set", args: ["laravel_cache:session-id-123", "payload"] },
    });
    const error = Object.assign(new Error("outer", { cause }), { code: "ERR_X", kind: "oom" });
    const out = serializeError(error);
    expect(out).toMatchObject({ type: "Error", message: "outer", code: "ERR_X", kind: "oom" });
    expect(out.cause).toMatchObject({ type: "ReplyError", message: "WRONGTYPE Operation" });
    expect(inspect(out, { depth: 10 })).not.toContain("session-id-123");
  });
});
