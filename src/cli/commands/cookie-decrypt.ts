/**
 * `laravel-bridge cookie:decrypt <name> <value> [--json]`: what Laravel's EncryptCookies hands the app
 * for that cookie, for debugging. The value may be pasted as the browser shows it (URL-encoded, `%3D`);
 * it is URL-decoded like PHP does first. Exit 1, with the reason on stderr, when Laravel would read null.
 */
import type { Command } from "commander";
import { decryptCookie } from "../../codecs/encrypter/cookie-value.js";
import type { Encrypter } from "../../codecs/encrypter/encrypter.js";
import { decodeCookieValue } from "../../codecs/encrypter/set-cookie.js";
import { DecryptError } from "../../errors/decrypt-error.js";
import { decryptFailure, encrypterFromConfig, warnIfTerminal } from "../decrypt-support.js";
import type { SetExitCode } from "./index.js";

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("cookie:decrypt")
    .description(
      "decrypt a Laravel cookie value as EncryptCookies does (prints plaintext: for debugging only)",
    )
    .argument("<name>", "the cookie name, e.g. laravel_session or XSRF-TOKEN")
    .argument("<value>", "the cookie value, URL-encoded or not")
    .option("--json", "print {name, value} as JSON")
    .action((name: string, raw: string, options: { json?: boolean }, command: Command) => {
      const encrypter = encrypterFromConfig(command);
      const cookie = decodeCookieValue(raw.trim());
      const value = decryptCookie(name, cookie, encrypter);
      if (value === null) {
        process.stderr.write(whyNull(name, cookie, encrypter));
        setExitCode(1);
        return;
      }
      warnIfTerminal();
      process.stdout.write(options.json ? `${JSON.stringify({ name, value })}\n` : `${value}\n`);
      setExitCode(0);
    });
}

/** Why Laravel would read null: the payload fails to decrypt, or its prefix is another cookie's. */
function whyNull(name: string, cookie: string, encrypter: Encrypter): string {
  try {
    encrypter.decryptBytes(cookie);
  } catch (error) {
    if (error instanceof DecryptError) return `Laravel reads this cookie as null. ${decryptFailure(error)}`;
    throw error;
  }
  return (
    `Laravel reads this cookie as null: it decrypts, but does not start with hash_hmac('sha1', '${name}v2', key).'|' ` +
    "for any configured key, so it was issued for another cookie name or not written by EncryptCookies.\n"
  );
}
