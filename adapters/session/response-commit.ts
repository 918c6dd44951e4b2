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

/** Per-response state; the hook functions below are shared, so a request allocates only this. */
interface Hook {
  writeHead: Fn;
  write: Fn;
  end: Fn;
  flushHeaders: Fn;
  /** 0 open, 1 committing, 2 done */
  state: 0 | 1 | 2;
  queue: Array<[Fn, IArguments]> | undefined;
  commit: () => Promise<void>;
  onFailure: (error: unknown) => void;
}

const HOOK = Symbol("laravel-redis-bridge.commit");
type Hooked = { [HOOK]: Hook } & Record<"writeHead" | "write" | "end" | "flushHeaders", Fn>;

export function commitBeforeHeaders(
  res: ServerResponse,
  commit: () => Promise<void>,
  onFailure: (error: unknown) => void,
): void {
  const target = res as unknown as Hooked;
  // The methods as they are now (other middleware, e.g. compression, may have wrapped them).
  target[HOOK] = {
    writeHead: target.writeHead,
    write: target.write,
    end: target.end,
    flushHeaders: target.flushHeaders,
    state: 0,
    queue: undefined,
    commit,
    onFailure,
  };
  target.writeHead = hookedWriteHead;
  target.write = hookedWrite;
  target.end = hookedEnd;
  target.flushHeaders = hookedFlushHeaders;
}

function restore(res: Hooked, hook: Hook): void {
  hook.state = 2;
  res.writeHead = hook.writeHead;
  res.write = hook.write;
  res.end = hook.end;
  res.flushHeaders = hook.flushHeaders;
}

function defer(res: Hooked, fn: Fn, args: IArguments): void {
  const hook = res[HOOK];
  if (hook.queue === undefined) hook.queue = [];
  hook.queue.push([fn, args]);
  if (hook.state !== 0) return;
  hook.state = 1;
  hook.commit().then(
    () => {
      restore(res, hook);
      const calls = hook.queue ?? [];
      hook.queue = undefined;
      for (const [f, a] of calls) f.apply(res, a as unknown as unknown[]);
    },
    (error: unknown) => {
      restore(res, hook);
      hook.queue = undefined;
      hook.onFailure(error);
    },
  );
}

function hookedWriteHead(this: Hooked): unknown {
  const hook = this[HOOK];
  // biome-ignore lint/complexity/noArguments: forwarded as is, no copy per call
  if (hook.state === 2) return hook.writeHead.apply(this, arguments as unknown as unknown[]);
  // biome-ignore lint/complexity/noArguments: queued as is
  defer(this, hook.writeHead, arguments);
  return this;
}

function hookedWrite(this: Hooked): unknown {
  const hook = this[HOOK];
  // biome-ignore lint/complexity/noArguments: forwarded as is, no copy per call
  if (hook.state === 2) return hook.write.apply(this, arguments as unknown as unknown[]);
  // biome-ignore lint/complexity/noArguments: queued as is
  defer(this, hook.write, arguments);
  return true;
}

function hookedEnd(this: Hooked): unknown {
  const hook = this[HOOK];
  // biome-ignore lint/complexity/noArguments: forwarded as is, no copy per call
  if (hook.state === 2) return hook.end.apply(this, arguments as unknown as unknown[]);
  // biome-ignore lint/complexity/noArguments: queued as is
  defer(this, hook.end, arguments);
  return this;
}

function hookedFlushHeaders(this: Hooked): unknown {
  const hook = this[HOOK];
  // biome-ignore lint/complexity/noArguments: forwarded as is, no copy per call
  if (hook.state === 2) return hook.flushHeaders.apply(this, arguments as unknown as unknown[]);
  // biome-ignore lint/complexity/noArguments: queued as is
  defer(this, hook.flushHeaders, arguments);
  return undefined;
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
