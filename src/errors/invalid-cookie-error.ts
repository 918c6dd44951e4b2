import { BridgeError } from "./bridge-error.js";

/**
 * A Set-Cookie header we refuse to build, because a browser or PHP would read it differently from what
 * was asked (an empty name, a `;` or line break in `path`/`domain`, an unknown SameSite value).
 * `attribute` names the field to fix.
 */
export class InvalidCookieError extends BridgeError {
  readonly code = "ERR_COOKIE_INVALID" as const;
  readonly attribute: string;

  constructor(attribute: string, message: string) {
    super(message);
    this.attribute = attribute;
  }
}
