import type { ParseFunction } from '../source/load.js';
import type { Io } from './io.js';

/** Process exit codes, the CLI's contract with scripts. */
export const ExitCode = {
  /** No errors (and, with `--strict`, no warnings). */
  ok: 0,
  /** The input has errors. */
  errors: 1,
  /** The command line is wrong. */
  usage: 2,
  /** mofc itself failed: a bug. */
  internal: 3,
} as const;

export interface CommandContext {
  /** For reading files, the environment and the terminal; commands write through it only to stream (see `Io`). */
  readonly io: Io;
  /** The MOF parser, loaded on demand: importing it costs start-up time that `--help` should not pay. */
  readonly loadParser: () => Promise<ParseFunction>;
}

/** What a command prints and how it exits; `main` does the printing. */
export interface CommandResult {
  readonly exitCode: number;
  readonly stdout?: string;
  readonly stderr?: string;
}

export interface Command {
  readonly name: string;
  /** One line, for `mofc --help`. */
  readonly summary: string;
  /** Full text of `mofc <name> --help`. */
  readonly help: string;
  run(args: readonly string[], context: CommandContext): Promise<CommandResult>;
}

/** A usage error: the message, and where to look for the right usage. */
export function usageError(message: string, command?: string): CommandResult {
  const hint = command ? `mofc ${command} --help` : 'mofc --help';
  return { exitCode: ExitCode.usage, stderr: `mofc: ${message}\nRun '${hint}' for usage.\n` };
}
