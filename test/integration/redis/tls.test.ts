import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { LookupFunction } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisConnectionError } from "../../../src/errors/connection-error.js";
import { ConnectionManager, type ConnectionManagerOptions } from "../../../src/redis/connection-manager.js";
import { freePort, type PrivateRedisServer, startRedisServer } from "../../helpers/redis-server.js";
import { redisConfig } from "./config-fixture.js";

const CANARY = "canary-Tls-4c2d91";
let dir: string;
let ca: Buffer;
let tlsPort: number;
let server: PrivateRedisServer;

/** A throwaway CA and a server certificate for 127.0.0.1 / localhost, made with openssl. */
function makeCertificates(into: string): void {
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: into, stdio: "pipe" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    "2",
    "-subj",
    "/CN=bridge test CA",
  );
  openssl("req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
  writeFileSync(join(into, "san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  openssl(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.crt",
    "-days",
    "2",
    "-extfile",
    "san.ext",
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "lrb-tls-"));
  makeCertificates(dir);
  ca = readFileSync(join(dir, "ca.crt"));
  tlsPort = await freePort();
  server = await startRedisServer({
    args: {
      "tls-port": String(tlsPort),
      "tls-cert-file": join(dir, "server.crt"),
      "tls-key-file": join(dir, "server.key"),
      "tls-ca-cert-file": join(dir, "ca.crt"),
      "tls-auth-clients": "no",
      requirepass: CANARY,
    },
  });
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function attempt(
  overrides: Parameters<typeof redisConfig>[1],
  options: ConnectionManagerOptions,
): Promise<unknown> {
  const manager = new ConnectionManager(redisConfig(tlsPort, overrides), options);
  try {
    return await manager.connection().ping();
  } catch (error) {
    expect(String((error as Error).stack)).not.toContain(CANARY);
    return error;
  } finally {
    await manager.close();
  }
}

const toLoopback: LookupFunction = (_hostname, options, callback) => {
  if ((options as { all?: boolean }).all)
    (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
      { address: "127.0.0.1", family: 4 },
    ]);
  else callback(null, "127.0.0.1", 4);
};

describe("TLS connections (rediss:// or REDIS_SCHEME=tls)", () => {
  it("connect, verify the certificate against the given CA and authenticate", async () => {
    expect(await attempt({ default: { tls: true, password: CANARY } }, { tls: { ca } })).toBe("PONG");
  });

  it("reject a server certificate signed by an unknown CA, and say so", async () => {
    const error = (await attempt({ default: { tls: true, password: CANARY } }, {})) as RedisConnectionError;
    expect(error).toBeInstanceOf(RedisConnectionError);
    expect(error.kind).toBe("tls");
    expect(error.message).toMatch(
      /^TLS handshake with Redis at 127\.0\.0\.1:\d+ failed: the server certificate is not trusted \(provide the CA\)\./,
    );
  });

  it("reject a certificate that does not name the host", async () => {
    const config = { default: { host: "redis.internal", tls: true, password: CANARY } };
    const error = (await attempt(config, { tls: { ca }, lookup: toLoopback })) as RedisConnectionError;
    expect(error.kind).toBe("tls");
    expect(error.message).toContain("the certificate does not match host 'redis.internal'");
  });

  it("explain a plaintext client talking to the TLS port as a reset that may need TLS", async () => {
    const error = (await attempt({ default: { password: CANARY } }, {})) as RedisConnectionError;
    expect(error).toBeInstanceOf(RedisConnectionError);
    expect(error.kind).toBe("reset");
    expect(error.hints.join(" ")).toContain("whether the server expects TLS on this port");
  });

  it("explain a TLS client talking to a plaintext port: the handshake hangs until the connect timeout", async () => {
    const manager = new ConnectionManager(
      redisConfig(server.port, { default: { tls: true, password: CANARY } }),
      {
        tls: { ca },
        connectTimeoutMs: 500,
      },
    );
    try {
      const error = (await manager
        .connection()
        .ping()
        .catch((e: unknown) => e)) as RedisConnectionError;
      expect(error).toBeInstanceOf(RedisConnectionError);
      expect(error.kind).toBe("timeout");
      expect(error.message).toMatch(/did not answer within 500 ms \(connect timeout\)/);
      expect(error.hints).toContain(
        "that the server speaks TLS on this port (REDIS_SCHEME=tls / rediss:// is set)",
      );
    } finally {
      await manager.close();
    }
  });
});
