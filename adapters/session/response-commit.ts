/**
 * Runs an async step (save the session, add its cookies) at the moment a response is about to
 * send its headers, and holds the response until the step is done. Laravel saves the session after
 * the controller and before `$response->send()`; Express streams as soon as the route writes, so
 * the first writeHead/write/end/flushHeaders call is that moment here.
 *
 * While the step runs, those calls are queued (write() reports `true` so no one waits for a 'drain'
 * that would never come) and replayed in order afterwards. If the step fails, the queued response is
 * dropped (nothing was sent yet) and `onFailure` answers instead: a failed save is an error
 * response, never a silent loss.
 */
import type { ServerResponse } from "node:http";

type Method = "writeHead" | "write" | "end" | "flushHeaders";
const METHODS: readonly Method[] = ["writeHead", "write", "end", "flushHeaders"];

export function commitBeforeHeaders(
  res: ServerResponse,
  commit: () => Promise<void>,
  onFailure: (error: unknown) => void,
): void {
  const target = res as unknown as Record<Method, (...args: unknown[]) => unknown>;
  const originals = new Map<Method, (...args: unknown[]) => unknown>();
  for (const m of METHODS) originals.set(m, target[m]);
  const queue: Array<[Method, unknown[]]> = [];
  let state: "open" | "committing" | "done" = "open";

  const restore = (): void => {
    for (const m of METHODS) target[m] = originals.get(m) as (...args: unknown[]) => unknown;
  };

  const start = (): void => {
    state = "committing";
    commit().then(
      () => {
        state = "done";
        restore();
        for (const [m, args] of queue.splice(0))
          (originals.get(m) as (...a: unknown[]) => unknown).apply(res, args);
      },
      (error: unknown) => {
        state = "done";
        restore();
        queue.length = 0;
        onFailure(error);
      },
    );
  };

  for (const m of METHODS) {
    target[m] = function deferred(this: unknown, ...args: unknown[]): unknown {
      if (state === "done") return (originals.get(m) as (...a: unknown[]) => unknown).apply(res, args);
      queue.push([m, args]);
      if (state === "open") start();
      if (m === "write") return true;
      return m === "flushHeaders" ? undefined : res;
    };
  }
}

/** Replaces whatever the route prepared with a plain-text error (headers not sent yet). */
export function sendPlainError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  res.statusCode = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.end(message);
}
