import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { renderHuman } from '../diagnostics/render-human.js';
import { renderJson } from '../diagnostics/render-json.js';
import { formatSummary, countBySeverity } from '../diagnostics/summary.js';
import { loadProgram, type Program } from '../source/load.js';
import { ExitCode, type CommandContext, type CommandResult } from './command.js';
import type { SourceOptions } from './options.js';

/** Reads the files named on the command line and everything they include, parsed. */
export async function loadSources(options: SourceOptions, context: CommandContext): Promise<Program> {
  const parse = await context.loadParser();
  return loadProgram({
    roots: options.files,
    includePaths: options.includePaths,
    parse,
    readFile: context.io.readFile,
    cwd: context.io.cwd,
  });
}

/**
 * Diagnostics as the command's output (sorted, so the output does not depend
 * on the order stages found them), and the exit code they imply.
 */
export function reportDiagnostics(
  diagnostics: readonly Diagnostic[],
  program: Program,
  options: SourceOptions,
  context: CommandContext,
): CommandResult {
  const sorted = [...diagnostics].sort(compareDiagnostics);
  const counts = countBySeverity(sorted);
  const failed = counts.error > 0 || (options.strict && counts.warning > 0);
  const exitCode = failed ? ExitCode.errors : ExitCode.ok;
  if (options.format === 'json') return { exitCode, stdout: renderJson(sorted) };
  return { exitCode, stdout: renderHumanReport(sorted, program, context) };
}

/** Sorted diagnostics for a person: code frames (colour only on a terminal without NO_COLOR), then the summary line. */
export function renderHumanReport(sorted: readonly Diagnostic[], program: Program | undefined, context: CommandContext): string {
  const color = context.io.stdoutIsTty && !context.io.env['NO_COLOR'];
  const lookup = (path: string) => program?.files.get(path)?.source;
  return renderHuman(sorted, lookup, { color }) + formatSummary(sorted) + '\n';
}
