/**
 * `laravel-bridge key:generate [--cipher <cipher>]`: prints a new APP_KEY like
 * `php artisan key:generate --show` (`base64:` + 44 characters for AES-256). It prints only: it never
 * edits a .env file, since the Node service must use the Laravel app's existing key, not a new one.
 */
import type { Command } from "commander";
import { generateAppKey } from "../../codecs/encrypter/app-key.js";
import { resolveConfig } from "../../config/resolve.js";
import type { SetExitCode } from "./index.js";

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("key:generate")
    .description(
      "print a new random APP_KEY (base64:…) for a new Laravel app, like php artisan key:generate --show",
    )
    .option("--cipher <cipher>", "the cipher the key is for (default: APP_CIPHER, else AES-256-CBC)")
    .action((options: { cipher?: string }, command: Command) => {
      let cipher = options.cipher;
      if (cipher === undefined) {
        const { envFile } = command.optsWithGlobals<{ envFile?: string }>();
        cipher = resolveConfig(envFile === undefined ? {} : { envFile }).app.cipher;
      }
      process.stdout.write(`${generateAppKey(cipher)}\n`);
      setExitCode(0);
    });
}
