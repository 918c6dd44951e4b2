/**
 * `laravel-bridge session:show <id>` or `session:show --cookie <value>`: the session Laravel keeps
 * for that id (or for the encrypted session cookie as the browser holds it), decoded through every
 * layer (RedisStore, SESSION_ENCRYPT, php/json) and printed as JSON with its key and TTL. The CSRF
 * token and password hashes are masked; objects show as data with their `__class`. Exit 1 when
 * there is no such session or the cookie is not valid for this APP_KEY and cookie name.
 */
import type { Command } from "commander";
import { isValidSessionId } from "../../../adapters/session/session-id.js";
import { SessionManager } from "../../../adapters/session/session-manager.js";
import { decodeCookieValue, Encrypter } from "../../codecs/encrypter/index.js";
import { toPlain } from "../../codecs/php/index.js";
import { resolveConfig } from "../../config/resolve.js";
import { ConnectionManager } from "../../redis/connection-manager.js";
import type { SetExitCode } from "./index.js";

/** Attribute keys whose values are secrets: shown as `[masked]`. */
const MASKED = /^(_token|password_hash_.+)$/;

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("session:show")
    .description(
      "print a Laravel session (by id, or by its encrypted cookie) with token and password hashes masked",
    )
    .argument("[id]", "the 40-character session id")
    .option("--cookie <value>", "the session cookie value as the browser holds it (URL-encoded or not)")
    .action(async (id: string | undefined, options: { cookie?: string }) => {
      const envFile = program.opts<{ envFile?: string }>().envFile;
      const config = resolveConfig(envFile === undefined ? {} : { envFile });
      const encrypter = Encrypter.fromAppKey(config.app.key, config.app.cipher, config.app.previousKeys, {
        laravelVersion: config.laravelVersion,
      });
      const connections = new ConnectionManager(config.redis, { retry: { maxAttempts: 1 } });
      try {
        const manager = new SessionManager(config, { connections, encrypter });
        let sessionId = id;
        if (options.cookie !== undefined) {
          sessionId =
            manager.cookies.decrypt(manager.cookieName, decodeCookieValue(options.cookie.trim())) ??
            undefined;
          if (sessionId === undefined) {
            process.stderr.write(
              `This is not a valid [${manager.cookieName}] cookie for this APP_KEY (tampered, another key, or another cookie's value).\n`,
            );
            return setExitCode(1);
          }
        }
        if (!isValidSessionId(sessionId)) {
          process.stderr.write("Give a 40-character alphanumeric session id, or --cookie <value>.\n");
          return setExitCode(2);
        }
        const key = manager.handler.key(sessionId);
        const payload = await manager.handler.read(sessionId);
        const attributes = payload === null ? null : manager.serializer.unserialize(payload);
        if (attributes === null) {
          process.stderr.write(
            `No session under [${key}] (connection ${config.session.connection ?? "default"}).\n`,
          );
          return setExitCode(1);
        }
        const plain = toPlain(attributes, { unsafeIntegers: "string" }) as Record<string, unknown>;
        for (const name of Object.keys(plain)) if (MASKED.test(name)) plain[name] = "[masked]";
        const ttl = await manager.connection.ttl(key);
        const out = { key, ttlSeconds: ttl, attributes: plain };
        process.stdout.write(
          `${JSON.stringify(out, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v), 2)}\n`,
        );
        setExitCode(0);
      } finally {
        await connections.close();
      }
    });
}
