/**
 * Where a request's Laravel session is kept. Express gives every request object a hidden class of
 * its own (it swaps the prototype of each request), so every property a middleware adds to `req`
 * allocates a fresh hidden class and descriptor copy: ~1.2 KB per property per request, measured.
 * So the session lives in a WeakMap keyed by the request (shared through a global symbol, so two
 * copies of the library see the same sessions), and `req.session` is an accessor installed once on
 * Express' own request prototype — the one every app and sub-app of that Express shares (Express
 * swaps a request's prototype per app, and the session must stay visible across them).
 * Outside Express (plain node:http) `req.session` is an ordinary own property. Assigning
 * `req.session` (another middleware) still makes an own property, exactly as before.
 * The entry is deleted right after the response's `finish` event (its listeners — loggers — still
 * see the session): WeakMap entries left for the GC to clear cost ~3% of a session request's CPU,
 * measured, far more than the delete.
 */
import { IncomingMessage } from "node:http";
import type { Session } from "./session.js";

const REGISTRY = Symbol.for("laravel-redis-bridge.sessions");
const registries = globalThis as unknown as Record<symbol, WeakMap<object, Session> | undefined>;
const sessions: WeakMap<object, Session> = registries[REGISTRY] ?? new WeakMap<object, Session>();
registries[REGISTRY] = sessions;

/** Per immediate prototype of a request: whether `req.session` is served by the accessor. */
const accessorReady = new WeakMap<object, boolean>();

/** The session stored for a request by attachSession(), if any. */
export function sessionFor(req: object): Session | undefined {
  return sessions.get(req);
}

const forget = (req: object): void => {
  sessions.delete(req);
};

/** A `finish` listener shared by all responses: forgets the session once every listener ran. */
export function forgetSessionAfterFinish(this: { req?: object }): void {
  if (this.req !== undefined) process.nextTick(forget, this.req);
}

/** Makes `session` the request's session: for sessionOf() and as `req.session`. */
export function attachSession(req: IncomingMessage, session: Session): void {
  sessions.set(req, session);
  const proto = Object.getPrototypeOf(req) as object | null;
  let ready = proto === null ? false : accessorReady.get(proto);
  if (ready === undefined && proto !== null) {
    ready = installAccessor(proto);
    accessorReady.set(proto, ready);
  }
  if (!ready) (req as unknown as { session: Session }).session = session;
}

/**
 * Installs the `session` accessor on the prototype just above IncomingMessage.prototype in the
 * chain (Express' `request`); false when there is none (no Express) or it has its own `session`.
 */
function installAccessor(proto: object): boolean {
  let holder = proto;
  while (true) {
    const up = Object.getPrototypeOf(holder) as object | null;
    if (up === IncomingMessage.prototype) break;
    if (up === null) return false;
    holder = up;
  }
  if (holder === IncomingMessage.prototype || Object.hasOwn(holder, "session")) return false;
  Object.defineProperty(holder, "session", {
    configurable: true,
    enumerable: false,
    get(this: object): Session | undefined {
      return sessions.get(this);
    },
    set(this: object, value: unknown): void {
      // What a plain assignment would have done: an own, enumerable, writable property.
      Object.defineProperty(this, "session", { value, writable: true, enumerable: true, configurable: true });
    },
  });
  return true;
}
