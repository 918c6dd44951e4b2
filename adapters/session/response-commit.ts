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
import { ServerResponse } from "node:http";

type Fn = (...args: unknown[]) => unknown;
type Method = "writeHead" | "write" | "end" | "flushHeaders";
const METHODS: readonly Method[] = ["writeHead", "write", "end", "flushHeaders"];

/** Per-response state: the only thing a request allocates for the hook. */
interface Hook {
  /** 0 open, 1 committing, 2 done */
  state: 0 | 1 | 2;
  /** The held calls, flat: method, its arguments, method, its arguments… */
  queue: Array<Fn | IArguments> | undefined;
  commit: (res: never, context: never) => Promise<void>;
  onFailure: (error: unknown, res: never, context: never) => void;
  /** Handed to commit and onFailure, so they can be made once instead of per request. */
  context: unknown;
}

/**
 * Hooks by response. Not a property of the response: Express gives each response a hidden class of
 * its own, so adding a property would allocate a new one per request (~1.5 KB, measured).
 */
const hooks = new WeakMap<object, Hook>();
// Entries are deleted as soon as the commit is done: left for the GC, these entries (whose values
// point back at the request) cost far more than the delete — ~10% of a session request's CPU, measured.
type Hooked = Record<Method, Fn>;

/**
 * The hook lives on a response prototype, patched once: each method runs the original unless this
 * response has an open hook. Patching instances instead would add four own properties per request.
 * Under Express the patched prototype is Express' own `response` (right above
 * ServerResponse.prototype), which every app and sub-app shares: Express swaps a response's
 * prototype per app, so a middleware mounted in a sub-app must still meet responses sent after the
 * request went back to the parent app.
 * Wrappers other middleware put on the instance (compression) still run first and call through.
 */
const patched = new WeakSet<object>();

/** Per immediate prototype of a response: the prototype that carries the patch. */
const patchTargets = new WeakMap<object, Record<Method, Fn>>();

function patchTarget(proto: Record<Method, Fn>): Record<Method, Fn> {
  const known = patchTargets.get(proto);
  if (known !== undefined) return known;
  let target = proto;
  if (
    proto !== ServerResponse.prototype &&
    Object.prototype.isPrototypeOf.call(ServerResponse.prototype, proto)
  ) {
    for (
      let up = Object.getPrototypeOf(target);
      up !== ServerResponse.prototype;
      up = Object.getPrototypeOf(up)
    ) {
      target = up;
    }
  }
  patchTargets.set(proto, target);
  return target;
}

function patch(proto: Record<Method, Fn>): void {
  if (patched.has(proto)) return;
  patched.add(proto);
  for (const method of METHODS) {
    const original = proto[method];
    const result =
      method === "write" ? () => true : method === "flushHeaders" ? () => undefined : (res: unknown) => res;
    proto[method] = function hooked(this: Hooked): unknown {
      const hook = hooks.get(this);
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

/**
 * Arms the hook for one response: `commit(res, context)` runs at its first writeHead/write/end/
 * flushHeaders; if it rejects (or throws), `onFailure(error, res, context)` answers instead.
 */
export function commitBeforeHeaders<R extends ServerResponse, C>(
  res: R,
  commit: (res: R, context: C) => Promise<void>,
  onFailure: (error: unknown, res: R, context: C) => void,
  context: C,
): void {
  patch(patchTarget(Object.getPrototypeOf(res) as Record<Method, Fn>));
  hooks.set(res, { state: 0, queue: undefined, commit, onFailure, context });
}

function defer(res: Hooked, hook: Hook, fn: Fn, args: IArguments): void {
  if (hook.queue === undefined) hook.queue = [fn, args];
  else hook.queue.push(fn, args);
  if (hook.state !== 0) return;
  hook.state = 1;
  let committed: Promise<void>;
  try {
    committed = hook.commit(res as never, hook.context as never);
  } catch (error) {
    committed = Promise.reject(error);
  }
  committed.then(
    () => {
      hook.state = 2;
      hooks.delete(res);
      const calls = hook.queue ?? [];
      hook.queue = undefined;
      for (let i = 0; i < calls.length; i += 2) {
        (calls[i] as Fn).apply(res, calls[i + 1] as unknown as unknown[]);
      }
    },
    (error: unknown) => {
      hook.state = 2;
      hooks.delete(res);
      hook.queue = undefined;
      hook.onFailure(error, res as never, hook.context as never);
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
