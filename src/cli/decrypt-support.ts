/**
 * What the plaintext-printing commands (decrypt, cookie:decrypt) share: the Encrypter built from the
 * resolved config (APP_KEY, APP_CIPHER, APP_PREVIOUS_KEYS, LARAVEL_VERSION; `--dotenv` names the .env file) and the terminal warning.
 * They write to stdout only; nothing goes through the logger, so plaintext never reaches a log sink.
 */
import type { Command } from "commander";
import { Encrypter } from "../codecs/encrypter/encrypter.js";
import { resolveConfig } from "../config/resolve.js";
import type { DecryptError } from "../errors/decrypt-error.js";

/** The app's Encrypter, from the environment and the .env file (`--dotenv`, else ENV_FILE, else ./.env). */
export function encrypterFromConfig(command: Command): Encrypter {
  const { envFile } = command.optsWithGlobals<{ envFile?: string }>();
  const config = resolveConfig(envFile === undefined ? {} : { envFile });
  return Encrypter.fromAppKey(config.app.key, config.app.cipher, config.app.previousKeys, {
    laravelVersion: config.laravelVersion,
  });
}

/** On a terminal, say first that what follows is decrypted data (session ids, tokens, personal data). */
export function warnIfTerminal(): void {
  if (process.stdout.isTTY) {
    process.stderr.write(
      "Warning: the output below is DECRYPTED data (it may hold session ids, tokens or personal data). " +
        "Do not paste it into tickets, chats or logs.\n",
    );
  }
}

/** The stderr line for a payload that does not decrypt: Laravel's message, then what to check. */
export function decryptFailure(error: DecryptError): string {
  return `DecryptError (${error.reason}): ${error.message} Hint: ${error.hint}.\n`;
}
