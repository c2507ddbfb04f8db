import type { ParseFunction } from '../source/load.js';
import { ExitCode, usageError, type Command, type CommandContext, type CommandResult } from './command.js';
import { checkCommand } from './commands/check.js';
import { compileCommand } from './commands/compile.js';
import { generateCommand } from './commands/generate.js';
import { parseCommand } from './commands/parse.js';
import { serveCommand } from './commands/serve.js';
import { processIo, type Io } from './io.js';
import { packageVersion } from '../codegen/tool-version.js';

/**
 * The `mofc` command: dispatches to one module per command, and is the only
 * place that writes output or decides the exit code. Unexpected exceptions
 * become exit code 3 with a short message (the stack only with `--debug`).
 */

const commands: readonly Command[] = [parseCommand, checkCommand, compileCommand, generateCommand, serveCommand];

function mainHelp(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const list = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n');
  return `Usage: mofc <command> [options]

Commands:
${list}

Options:
  -h, --help      Show this help (or a command's: mofc <command> --help)
  -v, --version   Show the version

Exit status: 0 success, 1 errors in the input, 2 usage error, 3 internal error.
`;
}

export interface MainServices {
  /** Replaces the real parser (tests). */
  readonly loadParser?: () => Promise<ParseFunction>;
}

/** Imported on demand: loading Chevrotain costs start-up time that `--help` should not pay. */
async function loadRealParser(): Promise<ParseFunction> {
  const { parseSource } = await import('../ast/parse.js');
  return parseSource;
}

export async function main(argv: readonly string[], io: Io, services: MainServices = {}): Promise<number> {
  let result: CommandResult;
  try {
    const context: CommandContext = { io, loadParser: services.loadParser ?? loadRealParser };
    result = await dispatch(argv, context);
  } catch (error) {
    result = internalError(error, argv.includes('--debug'));
  }
  if (result.stdout) io.stdout(result.stdout);
  if (result.stderr) io.stderr(result.stderr);
  return result.exitCode;
}

async function dispatch(argv: readonly string[], context: CommandContext): Promise<CommandResult> {
  const [first, ...rest] = argv;
  if (first === undefined) return { exitCode: ExitCode.usage, stderr: mainHelp() };
  if (first === '--help' || first === '-h' || first === 'help') return { exitCode: ExitCode.ok, stdout: mainHelp() };
  if (first === '--version' || first === '-v') return { exitCode: ExitCode.ok, stdout: `${packageVersion()}\n` };
  if (first.startsWith('-')) return usageError(`unknown option '${first}'`);
  const command = commands.find((candidate) => candidate.name === first);
  if (!command) return usageError(`unknown command '${first}'`);
  return command.run(rest, context);
}

function internalError(error: unknown, debug: boolean): CommandResult {
  const message = error instanceof Error ? error.message : String(error);
  const details = debug && error instanceof Error && error.stack ? `${error.stack}\n` : 'Run with --debug to see the stack trace.\n';
  return {
    exitCode: ExitCode.internal,
    stderr: `mofc: internal error: ${message}\nThis is a bug in mofc; please report it with the input that caused it.\n${details}`,
  };
}

/** Runs the CLI in this process: real streams and files, exit code set on `process`. */
export async function runCli(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), processIo());
}
