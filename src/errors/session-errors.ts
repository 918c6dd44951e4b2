import { BridgeError } from "./bridge-error.js";

/**
 * The session store could not be read (Redis down, frozen, refusing): the request is answered 503
 * instead of continuing as "anonymous", and no new session cookie is issued (a fresh cookie would
 * log the user out of Laravel too). `status` is read by Express' error handler.
 */
export class SessionUnavailableError extends BridgeError {
  readonly code = "ERR_SESSION_UNAVAILABLE" as const;
  /** HTTP status for Express' error handler. */
  readonly status = 503;
  readonly operation: "read" | "write" | "destroy";

  constructor(operation: "read" | "write" | "destroy", options?: { cause?: unknown }) {
    super(
      `The session store could not ${operation === "read" ? "be read" : operation === "write" ? "save the session" : "destroy the session"}: ` +
        "check the Redis connection named by SESSION_CONNECTION (the `default` connection when unset); the cause says what failed.",
      options,
    );
    this.operation = operation;
  }
}

/**
 * The session could not be encoded for storage (a value PHP cannot hold, e.g. a function, a symbol,
 * a string that is not UTF-8 under `json` serialization). The message names the attribute key.
 */
export class SessionEncodeError extends BridgeError {
  readonly code = "ERR_SESSION_ENCODE" as const;
  readonly key: string;

  constructor(key: string, reason: string, options?: { cause?: unknown }) {
    super(`The session attribute [${key}] cannot be stored: ${reason}`, options);
    this.key = key;
  }
}

/**
 * Laravel's TokenMismatchException: a state-changing request without a valid CSRF token
 * (`_token` field, `X-CSRF-TOKEN`, or `X-XSRF-TOKEN` header). Answered 419, like Laravel.
 */
export class TokenMismatchError extends BridgeError {
  readonly code = "ERR_CSRF_TOKEN_MISMATCH" as const;
  /** HTTP status for Express' error handler: Laravel answers 419 ("Page Expired"). */
  readonly status = 419;

  constructor() {
    super(
      "CSRF token mismatch. Send the session token as the `_token` field, the X-CSRF-TOKEN header, " +
        "or the XSRF-TOKEN cookie value as the X-XSRF-TOKEN header.",
    );
  }
}

/** A session method was used in a way Laravel does not allow (e.g. before the session started). */
export class SessionStateError extends BridgeError {
  readonly code = "ERR_SESSION" as const;
}
