/**
 * What the examples share for their self-test mode (EXAMPLE_SELF_TEST=1, set by
 * test/integration/examples.test.ts): a server on a free port that closes when the example is done,
 * and a tiny scripted "browser" that keeps cookies like a real one. Not part of the library.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";

/** True when the example should run its scripted requests and exit instead of serving forever. */
export const selfTest = process.env.EXAMPLE_SELF_TEST === "1";

export interface Serving {
  url: string;
  close(): Promise<void>;
}

/** `app.listen(port)` on 127.0.0.1 as a promise; port 0 picks a free one. */
export async function serve(app: Express, port: number): Promise<Serving> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, "127.0.0.1", (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        // Keep-alive sockets of the scripted browser would otherwise hold the process open.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Resolves on the first SIGINT/SIGTERM: how the examples wait when they run for real. */
export function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}

export interface BrowserResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * A cookie-keeping HTTP client. `post()` sends the XSRF-TOKEN cookie back as the X-XSRF-TOKEN header,
 * as axios does in a Laravel front end, unless `csrf: false`. Paths are relative to `base`; a full
 * `http://` URL on the same host shares the cookies, as browsers share them across ports.
 */
export class Browser {
  readonly #base: string;
  readonly #cookies = new Map<string, string>();

  /** `cookieHeader`: a `Cookie:` header to start with (e.g. copied from a browser logged in to Laravel). */
  constructor(base: string, cookieHeader = "") {
    this.#base = base;
    for (const pair of cookieHeader.split(";")) {
      const eq = pair.indexOf("=");
      if (eq > 0) this.#cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  get(path: string, headers: Record<string, string> = {}): Promise<BrowserResponse> {
    return this.#send(path, { method: "GET", headers });
  }

  post(path: string, body: unknown, options: { csrf?: boolean; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
    const xsrf = this.#cookies.get("XSRF-TOKEN");
    if (options.csrf !== false && xsrf !== undefined) headers["x-xsrf-token"] = decodeURIComponent(xsrf);
    return this.#send(path, { method: "POST", headers, body: JSON.stringify(body) });
  }

  async #send(path: string, init: { method: string; headers: Record<string, string>; body?: string }) {
    const headers = new Headers(init.headers);
    if (this.#cookies.size > 0) {
      headers.set("cookie", [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const url = /^https?:\/\//.test(path) ? path : `${this.#base}${path}`;
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(";")[0] ?? "";
      const eq = pair.indexOf("=");
      if (eq > 0) this.#cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body };
  }
}
