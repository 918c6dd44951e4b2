/**
 * The bridge's logger: pino (JSON lines) with two redaction layers (redact.ts) that cannot be
 * bypassed by a careless call site — fields are scrubbed before serialisation, and the finished
 * line is scrubbed again for the configured secret values on its way to the destination. A
 * password, APP_KEY, cookie or session id never reaches a log line.
 *
 * Note: this covers what the bridge logs. `DEBUG=ioredis:*` makes ioredis print every command with
 * its arguments (keys and values, hence session ids) to stderr by itself; the bridge never hands
 * ioredis the password (connectors/authenticate.ts), but do not enable that in production.
 */
import { type DestinationStream, type LevelWithSilent, type Logger as PinoLogger, pino } from "pino";
import { redactObject, redactString, serializeError } from "./redact.js";

/** What the bridge needs from a logger; a pino logger satisfies it. Fields first, message second. */
export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface LoggerOptions {
  /** The minimum level (LOG_LEVEL in the CLI). @default "info" */
  level?: LevelWithSilent;
  /** Where lines go. @default stderr (stdout stays free for CLI output and app logs) */
  destination?: DestinationStream;
  /** Exact secret values to mask anywhere in a line: REDIS_PASSWORD, APP_KEY, previous keys. */
  secrets?: readonly (string | null | undefined)[];
  /** The `name` field of every line. @default "laravel-redis-bridge" */
  name?: string;
}

/** Creates a redacting pino logger (see file header). */
export function createLogger(options: LoggerOptions = {}): PinoLogger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === "string" && s !== "");
  const destination = options.destination ?? pino.destination({ dest: 2, sync: true });
  return pino(
    {
      name: options.name ?? "laravel-redis-bridge",
      level: options.level ?? "info",
      serializers: { err: (error: Error) => serializeError(error, secrets) },
      formatters: {
        log: (fields) => redactObject(fields, secrets) as Record<string, unknown>,
        bindings: (bindings) => redactObject(bindings, secrets) as Record<string, unknown>,
      },
    },
    scrubbing(destination, secrets),
  );
}

/** A logger that drops everything: the default for library objects created without one. */
export const silentLogger: Logger = Object.freeze({
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
});

function scrubbing(destination: DestinationStream, secrets: readonly string[]): DestinationStream {
  return {
    write(line: string) {
      destination.write(redactString(line, secrets));
    },
  };
}
