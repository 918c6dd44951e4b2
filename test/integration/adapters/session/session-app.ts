/**
 * Test harness for the session middleware: the bridge's config from env (like an app's .env), a
 * ConnectionManager on a private redis-server, an Express app on a loopback port, and a tiny cookie
 * jar that keeps what the server set (as a browser would).
 */
import type { AddressInfo } from "node:net";
import express, { type Express } from "express";
import { SessionManager, type SessionManagerOptions } from "../../../../adapters/session/session-manager.js";
import { Encrypter } from "../../../../src/codecs/encrypter/index.js";
import type { BridgeConfig } from "../../../../src/config/bridge-config.js";
import { resolveConfig } from "../../../../src/config/resolve.js";
import type { Logger } from "../../../../src/observability/logger.js";
import { ConnectionManager } from "../../../../src/redis/connection-manager.js";

export const TEST_APP_KEY = "base64:oqmwt77FzNPa4ejv9v0ECxIZICcuNTxDSlFYX2ZtdHs=";

export function testConfig(port: number, env: Record<string, string> = {}): BridgeConfig {
  return resolveConfig({
    env: {
      APP_NAME: "Bridge Test",
      APP_KEY: TEST_APP_KEY,
      REDIS_PORT: String(port),
      SESSION_DRIVER: "redis",
      LARAVEL_VERSION: "8",
      ...env,
    },
    envFile: "/dev/null",
  });
}

/** A logger that keeps every line (fields and message) in memory, for the no-secrets checks. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (fields: object, message: string) => {
    lines.push(
      `${level} ${message} ${JSON.stringify(fields, (_k, v) => (v instanceof Error ? { message: v.message, cause: String(v.cause) } : v))}`,
    );
  };
  return { lines, debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

export interface SessionTestApp {
  app: Express;
  url: string;
  manager: SessionManager;
  connections: ConnectionManager;
  config: BridgeConfig;
  encrypter: Encrypter;
  close(): Promise<void>;
}

/** Starts an app; `routes` mounts the middleware under test and its routes. */
export async function startSessionApp(
  port: number,
  routes: (app: Express, manager: SessionManager) => void,
  options: {
    env?: Record<string, string>;
    logger?: Logger;
    manager?: SessionManagerOptions;
    commandTimeoutMs?: number;
    metrics?: { increment(name: string): void };
  } = {},
): Promise<SessionTestApp> {
  const config = testConfig(port, options.env);
  const connections = new ConnectionManager(config.redis, {
    commandTimeoutMs: options.commandTimeoutMs ?? 2000,
    connectTimeoutMs: 1000,
  });
  const encrypter = Encrypter.fromAppKey(config.app.key, config.app.cipher, config.app.previousKeys);
  const manager = new SessionManager(
    config,
    {
      connections,
      encrypter,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.metrics ? { metrics: options.metrics } : {}),
    },
    options.manager,
  );
  const app = express();
  routes(app, manager);
  const server = await new Promise<import("node:http").Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    app,
    url,
    manager,
    connections,
    config,
    encrypter,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await connections.close();
    },
  };
}

/** A browser-like cookie jar: remembers name=value from Set-Cookie, sends them back. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  store(response: Response): string[] {
    const set = response.headers.getSetCookie();
    for (const line of set) {
      const [pair] = line.split(";");
      const eq = (pair as string).indexOf("=");
      this.cookies.set((pair as string).slice(0, eq), (pair as string).slice(eq + 1));
    }
    return set;
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !headers.has("cookie")) headers.set("cookie", this.header());
    const response = await fetch(url, { redirect: "manual", ...init, headers });
    this.store(response);
    return response;
  }
}

/** Redis' own count of calls to a command (INFO commandstats), to prove a command was NOT sent. */
export async function commandCalls(
  client: { info(section: string): Promise<string> },
  command: string,
): Promise<number> {
  const info = await client.info("commandstats");
  const match = new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(info);
  return match ? Number(match[1]) : 0;
}
