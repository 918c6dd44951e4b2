#!/usr/bin/env node
/**
 * `laravel-bridge`: the CLI. Each command lives in its own file under commands/ and registers itself
 * through commands/index.ts. Exit codes: 0 ok, 1 the command's check failed, 2 bad usage or config.
 */
import { Command, CommanderError } from "commander";
import { BridgeError } from "../errors/bridge-error.js";
import { registerCommands } from "./commands/index.js";

export async function main(argv: string[] = process.argv): Promise<number> {
  const program = new Command("laravel-bridge")
    .description("Share one Redis with a Laravel application: inspect and operate the shared keys.")
    // Not `--env-file`: Node 20 claims that flag anywhere on the command line and exits before we run.
    .option("--dotenv <path>", "the .env file to read (default: ENV_FILE or ./.env)")
    .hook("preAction", (command) => {
      // Commands read the path as `envFile`, the name the config layer uses.
      const dotenv = command.opts<{ dotenv?: string }>().dotenv;
      if (dotenv !== undefined) command.setOptionValue("envFile", dotenv);
    })
    .exitOverride()
    .showHelpAfterError();
  let exitCode = 0;
  registerCommands(program, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof BridgeError) {
      process.stderr.write(`${error.name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
