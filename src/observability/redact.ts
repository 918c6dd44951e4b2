/**
 * Secret scrubbing for everything the bridge prints: log lines, CLI output, error summaries.
 * Two layers, because either alone misses cases:
 * - by field name: passwords, APP_KEY, cookies, session ids, tokens, wherever they sit in an object;
 * - by value: the configured secrets themselves (REDIS_PASSWORD, APP_KEY…) and URL credentials,
 *   inside any string, so a secret that reached a message by accident is still masked.
 */

export const REDACTED = "[redacted]";

// Field names whose value is always a secret. `key` alone is only a secret under `app` (APP_KEY):
// elsewhere it is a cache key name, which operators need to see.
const SECRET_FIELD =
  /pass(word|wd)?$|secret|token|authorization|credential|cookie|app_?key|previous_?keys|session(_?id)?$|^sid$/i;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/]*):([^\s@/]+)@/gi;
const APP_KEY_LITERAL = /base64:[A-Za-z0-9+/]{42,43}=*/g;
const MAX_DEPTH = 8;

/** True when a field with this name holds a secret (`password`, `APP_KEY`, `cookie`, `sessionId`…). */
export function isSecretField(name: string, parent?: string): boolean {
  if (name === "key" && parent === "app") return true;
  return SECRET_FIELD.test(name);
}

/** `redis://user:secret@host` → `redis://user:[redacted]@host`. */
export function redactUrl(text: string): string {
  return text.replace(URL_CREDENTIALS, `$1$2:${REDACTED}@`);
}

/**
 * Masks URL credentials, `base64:` APP_KEY literals and every occurrence of the given secret
 * values (also in their JSON-escaped form, since log lines are JSON). Empty secrets are ignored.
 */
export function redactString(text: string, secrets: readonly string[] = []): string {
  let out = redactUrl(text).replace(APP_KEY_LITERAL, REDACTED);
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    out = out.split(secret).join(REDACTED);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) out = out.split(escaped).join(REDACTED);
  }
  return out;
}

/**
 * A deep copy of `value` safe to print: secret fields replaced by "[redacted]", strings scrubbed
 * with {@link redactString}, errors reduced by {@link serializeError}, cycles and depth cut.
 */
export function redactObject(value: unknown, secrets: readonly string[] = []): unknown {
  return walk(value, secrets, undefined, 0, new WeakSet());
}

function walk(
  value: unknown,
  secrets: readonly string[],
  parent: string | undefined,
  depth: number,
  seen: WeakSet<object>,
): unknown {
  if (typeof value === "string") return redactString(value, secrets);
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof Error) return serializeError(value, secrets);
  if (Buffer.isBuffer(value)) return `<Buffer ${value.length} bytes>`;
  if (seen.has(value) || depth >= MAX_DEPTH) return "[…]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => walk(item, secrets, parent, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    out[name] =
      isSecretField(name, parent) && field !== null && field !== undefined && field !== ""
        ? REDACTED
        : walk(field, secrets, name, depth + 1, seen);
  }
  return out;
}

/** The printable fields of a serialized error (and of its causes). */
export interface SerializedError {
  type: string;
  message: string;
  code?: string;
  kind?: string;
  stack?: string;
  cause?: SerializedError | string;
}

/**
 * An error as a plain object for logs: name, message, code, kind, stack and the cause chain, all
 * scrubbed. Deliberately drops everything else — ioredis errors carry `command.args`, which hold
 * the data of the failed command (session payloads, cookies).
 */
export function serializeError(error: Error, secrets: readonly string[] = [], depth = 0): SerializedError {
  const fields = error as Error & { code?: unknown; kind?: unknown };
  const out: SerializedError = { type: error.name, message: redactString(error.message, secrets) };
  if (typeof fields.code === "string") out.code = fields.code;
  if (typeof fields.kind === "string") out.kind = fields.kind;
  if (error.stack) out.stack = redactString(error.stack, secrets);
  if (error.cause !== undefined && depth < 3) {
    out.cause =
      error.cause instanceof Error
        ? serializeError(error.cause, secrets, depth + 1)
        : redactString(String(error.cause), secrets);
  }
  return out;
}
