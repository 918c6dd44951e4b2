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

type Fn = (...args: unknown[]) => unknown;
type Method = "writeHead" | "write" | "end" | "flushHeaders";
const METHODS: readonly Method[] = ["writeHead", "write", "end", "flushHeaders"];

/** Per-response state: the only thing a request allocates for the hook. */
interface Hook {
  /** 0 open, 1 committing, 2 done */
  state: 0 | 1 | 2;
  queue: Array<[Fn, IArguments]> | undefined;
  commit: () => Promise<void>;
  onFailure: (error: unknown) => void;
}

const HOOK = Symbol("laravel-redis-bridge.commit");
type Hooked = { [HOOK]?: Hook } & Record<Method, Fn>;

/**
 * The hook lives on the response's prototype (Express' `app.response`), patched once: each
 * method runs the original unless this response has an open hook. Patching instances instead
 * would add four own properties per request (a hidden-class change V8 pays for on every request).
 * Wrappers other middleware put on the instance (compression) still run first and call through.
 */
const patched = new WeakSet<object>();

function patch(proto: Record<Method, Fn>): void {
  if (patched.has(proto)) return;
  patched.add(proto);
  for (const method of METHODS) {
    const original = proto[method];
    const result =
      method === "write" ? () => true : method === "flushHeaders" ? () => undefined : (res: unknown) => res;
    proto[method] = function hooked(this: Hooked): unknown {
      const hook = this[HOOK];
      if (hook === undefined || hook.state === 2) {
        // biome-ignore lint/complexity/noArguments: forwarded as is, no copy per call
        return original.apply(this, arguments as unknown as unknown[]);
      }
      // biome-ignore lint/complexity/noArguments: queued as is
      defer(this, hook, original, arguments);
      return result(this);
    };
  }
}

export function commitBeforeHeaders(
  res: ServerResponse,
  commit: () => Promise<void>,
  onFailure: (error: unknown) => void,
): void {
  const proto = Object.getPrototypeOf(res) as Record<Method, Fn>;
  patch(proto);
  (res as unknown as Hooked)[HOOK] = { state: 0, queue: undefined, commit, onFailure };
}

function defer(res: Hooked, hook: Hook, fn: Fn, args: IArguments): void {
  if (hook.queue === undefined) hook.queue = [];
  hook.queue.push([fn, args]);
  if (hook.state !== 0) return;
  hook.state = 1;
  hook.commit().then(
    () => {
      hook.state = 2;
      const calls = hook.queue ?? [];
      hook.queue = undefined;
      for (const [f, a] of calls) f.apply(res, a as unknown as unknown[]);
    },
    (error: unknown) => {
      hook.state = 2;
      hook.queue = undefined;
      hook.onFailure(error);
    },
  );
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
