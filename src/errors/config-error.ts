import { BridgeError } from "./bridge-error.js";

/**
 * A bad or missing env/config value. `variable` names it (`REDIS_PORT`); the message quotes the bad
 * value only when it is not a secret.
 */
export class ConfigError extends BridgeError {
  readonly code = "ERR_CONFIG_INVALID" as const;
  readonly variable: string;
  readonly reason: string;

  constructor(variable: string, reason: string, options?: { cause?: unknown }) {
    super(`${variable} ${reason}`, options);
    this.variable = variable;
    this.reason = reason;
  }
}
