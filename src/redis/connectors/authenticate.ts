/**
 * Sends AUTH on a freshly connected socket, before ioredis sees the socket.
 *
 * Why not ioredis' `password` option: ioredis 6 with `DEBUG=ioredis:*` prints every command it
 * writes with its arguments, including `auth([ 'default', '<password>' ])`, and keeps the password
 * in `client.options` where `util.inspect` shows it (reliability-catalogue §5.2). Writing AUTH
 * ourselves means ioredis never holds the password, so neither its debug log nor its options can
 * leak it. The server sees exactly what phpredis sends: `AUTH <password>` or `AUTH <user> <password>`.
 */
import type { Socket } from "node:net";
import { AUTH_REPLY } from "../connection-errors.js";

export interface Credentials {
  username: string | null;
  password: string;
}

/** Result of the AUTH exchange: ok, or the server refused; a warning when a password was not needed. */
export type AuthOutcome = { ok: true; warning?: string } | { ok: false; error: Error };

/**
 * Writes `AUTH` as a RESP array and reads the one-line reply. Resolves, never rejects: a refused
 * AUTH is an outcome the connector turns into the connection's first error.
 */
export function authenticate(socket: Socket, credentials: Credentials): Promise<AuthOutcome> {
  const args = credentials.username
    ? ["AUTH", credentials.username, credentials.password]
    : ["AUTH", credentials.password];
  return new Promise((resolve) => {
    let buffered: Buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf("\r\n");
      if (end === -1) return;
      socket.off("data", onData);
      resolve(parseAuthReply(buffered.subarray(0, end).toString("utf8")));
    };
    socket.on("data", onData);
    socket.write(encodeCommand(args));
  });
}

function parseAuthReply(line: string): AuthOutcome {
  if (line.startsWith("+")) return { ok: true };
  const message = line.startsWith("-") ? line.slice(1) : `unexpected reply to AUTH: ${line.slice(0, 40)}`;
  // Same leniency as ioredis and phpredis: a password the server does not need is not fatal, but
  // worth a warning (the doctor checks server-side that auth is really required).
  if (/without any password configured|no password is set/.test(message)) {
    return { ok: true, warning: "REDIS_PASSWORD is set but the Redis server requires no password." };
  }
  const error = new Error(message);
  error.name = "ReplyError";
  Object.defineProperty(error, AUTH_REPLY, { value: true });
  return { ok: false, error };
}

function encodeCommand(args: readonly string[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.from(arg, "utf8");
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from("\r\n"));
  }
  return Buffer.concat(parts);
}
