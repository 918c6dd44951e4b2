/**
 * Q11: a push whose reply is lost. A loopback proxy forwards the command to Redis, drops the reply
 * and resets the socket. The push must resolve as EnqueueOutcomeUnknownError (never pending forever,
 * never re-sent): Redis holds the job exactly once, and the error carries its uuid.
 */
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisQueue } from "../../../../adapters/queue/redis-queue.js";
import type { RedisConfig } from "../../../../src/config/bridge-config.js";
import { QUEUE_FORMATS } from "../../../../src/config/laravel-versions.js";
import { EnqueueOutcomeUnknownError } from "../../../../src/errors/queue-errors.js";
import { ConnectionManager } from "../../../../src/redis/connection-manager.js";
import { freePort, type PrivateRedisServer, startRedisServer } from "../../../helpers/redis-server.js";
import { waitFor } from "./queue-fixtures.js";

let server: PrivateRedisServer;
let proxy: Server;
let proxyPort: number;
let dropReplies = false;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = await startRedisServer();
  proxyPort = await freePort();
  proxy = createServer((client) => {
    const upstream = connect({ host: "127.0.0.1", port: server.port });
    sockets.add(client);
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk) => {
      if (!dropReplies) client.write(chunk);
      else client.destroy(); // the reply never arrives; the connection resets
    });
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.on("error", () => {});
    upstream.on("error", () => {});
  });
  await new Promise<void>((resolve) => proxy.listen(proxyPort, "127.0.0.1", resolve));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  proxy.close();
  await server.stop();
});

describe("a push whose reply is lost", () => {
  it("is reported as unknown with its uuid, and is never sent twice", async () => {
    const config: RedisConfig = {
      client: "phpredis",
      prefix: "",
      cluster: "redis",
      connections: {
        default: {
          name: "default",
          host: "127.0.0.1",
          port: proxyPort,
          username: null,
          password: null,
          database: 0,
          tls: false,
          options: {},
        },
      },
    };
    const connections = new ConnectionManager(config, {
      retry: { baseDelayMs: 20, maxDelayMs: 100 },
      commandTimeoutMs: 1000,
    });
    const queue = new RedisQueue(
      { connection: "default", queue: "default", retryAfter: 90, blockFor: null },
      { client: connections.connection(), format: QUEUE_FORMATS[12], pushTimeoutMs: 3000 },
    );
    const raw = server.client(0);
    await queue.push("A@b", { n: 1 });
    dropReplies = true;
    const started = Date.now();
    const error = await queue.push("A@b", { n: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnqueueOutcomeUnknownError);
    expect(Date.now() - started).toBeLessThan(3500);
    const lost = error as EnqueueOutcomeUnknownError;
    expect(lost.uuid).toMatch(/^[0-9a-f-]{36}$/);
    dropReplies = false;
    // The job did reach Redis once; after the reconnect nothing re-sends it.
    // A new job once the connection is back (while reconnecting, commands fail fast, unsent).
    await waitFor(() =>
      queue.push("A@b", { n: 3 }).then(
        () => true,
        () => false,
      ),
    );
    expect(await raw.llen("queues:default")).toBe(3);
    const uuids = (await raw.lrange("queues:default", 0, -1)).map(
      (p) => (JSON.parse(p) as { uuid: string }).uuid,
    );
    expect(uuids.filter((u) => u === lost.uuid)).toHaveLength(1);
    await connections.close();
  });
});
