/**
 * The command list. A new command: one file in this folder exporting `register(program, setExitCode)`,
 * plus one line here.
 */
import type { Command } from "commander";
import { register as cacheClear } from "./cache-clear.js";
import { register as cacheForget } from "./cache-forget.js";
import { register as cacheGet } from "./cache-get.js";
import { register as cachePruneStaleTags } from "./cache-prune-stale-tags.js";
import { register as cachePut } from "./cache-put.js";
import { register as configShow } from "./config-show.js";
import { register as cookieDecrypt } from "./cookie-decrypt.js";
import { register as decrypt } from "./decrypt.js";
import { register as doctor } from "./doctor.js";
import { register as keyGenerate } from "./key-generate.js";
import { register as queueClear } from "./queue-clear.js";
import { register as queueFailed } from "./queue-failed.js";
import { register as queueMonitor } from "./queue-monitor.js";
import { register as queuePush } from "./queue-push.js";
import { register as queueRestart } from "./queue-restart.js";
import { register as queueRetry } from "./queue-retry.js";
import { register as queueWork } from "./queue-work.js";
import { register as sessionShow } from "./session-show.js";

export type SetExitCode = (code: number) => void;
export type RegisterCommand = (program: Command, setExitCode: SetExitCode) => void;

const commands: RegisterCommand[] = [configShow];
commands.push(cacheGet, cachePut, cacheForget, cacheClear, cachePruneStaleTags);
commands.push(doctor);
commands.push(keyGenerate, decrypt, cookieDecrypt);
commands.push(queueWork, queueFailed, queueRetry, queueRestart, queueClear, queuePush, queueMonitor);
commands.push(sessionShow);

export function registerCommands(program: Command, setExitCode: SetExitCode): void {
  for (const register of commands) register(program, setExitCode);
}
