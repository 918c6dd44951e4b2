/**
 * `laravel-bridge decrypt <payload> [--no-unserialize] [--json]`: decrypts a Laravel encrypter payload
 * (an encrypted session, a ShouldBeEncrypted job, a Crypt::encrypt() value) with APP_KEY / APP_CIPHER /
 * APP_PREVIOUS_KEYS, for debugging. Prints the PHP value like var_dump(), the raw plaintext with
 * --no-unserialize, or typed JSON with --json. Warns first on a terminal; exit 1 when it does not decrypt.
 */
import type { Command } from "commander";
import { DecryptError } from "../../errors/decrypt-error.js";
import { decryptFailure, encrypterFromConfig, warnIfTerminal } from "../decrypt-support.js";
import { phpValueJson, phpValueText } from "../php-value-text.js";
import type { SetExitCode } from "./index.js";

interface DecryptCliOptions {
  unserialize: boolean;
  json?: boolean;
}

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("decrypt")
    .description("decrypt a Laravel encrypter payload with APP_KEY (prints plaintext: for debugging only)")
    .argument("<payload>", "the base64 payload, as Laravel stored it")
    .option(
      "--no-unserialize",
      "print the decrypted bytes as they are (decryptString), without unserialize()",
    )
    .option("--json", "print {cipher, unserialized, value} with the value as typed JSON")
    .action((payload: string, options: DecryptCliOptions, command: Command) => {
      const encrypter = encrypterFromConfig(command);
      let output: string | Buffer;
      try {
        if (options.unserialize) {
          const value = encrypter.decrypt(payload.trim());
          output = options.json
            ? `${JSON.stringify({ cipher: encrypter.cipher, unserialized: true, value: phpValueJson(value) })}\n`
            : `${phpValueText(value)}\n`;
        } else {
          const bytes = encrypter.decryptBytes(payload.trim());
          output = options.json
            ? `${JSON.stringify({ cipher: encrypter.cipher, unserialized: false, value: phpValueJson(bytes) })}\n`
            : bytes;
        }
      } catch (error) {
        if (!(error instanceof DecryptError)) throw error;
        process.stderr.write(decryptFailure(error));
        setExitCode(1);
        return;
      }
      warnIfTerminal();
      process.stdout.write(output);
      setExitCode(0);
    });
}
