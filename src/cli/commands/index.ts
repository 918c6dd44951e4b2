/**
 * The command list. A new command: one file in this folder exporting `register(program, setExitCode)`,
 * plus one line here.
 */
import type { Command } from "commander";

export type SetExitCode = (code: number) => void;
export type RegisterCommand = (program: Command, setExitCode: SetExitCode) => void;

const commands: RegisterCommand[] = [];

export function registerCommands(program: Command, setExitCode: SetExitCode): void {
  for (const register of commands) register(program, setExitCode);
}
