import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { renderHuman } from '../diagnostics/render-human.js';
import { renderJson } from '../diagnostics/render-json.js';
import { formatSummary, countBySeverity } from '../diagnostics/summary.js';
import type { Program } from '../source/load.js';
import type { CompileRequest } from '../codegen/generate.js';
import type { FrontendResult, FrontendServices } from '../api/frontend.js';
import { ExitCode, type CommandContext, type CommandResult } from './command.js';
import type { SourceOptions } from './options.js';

/** The command line's front-end options as the front end takes them (`src/api/frontend.ts`). */
function frontendRequest(options: SourceOptions, context: CommandContext): CompileRequest {
  return {
    inputs: options.files,
    includePaths: options.includePaths,
    cwd: context.io.cwd,
    locale: options.locale ?? null,
    ...(options.namespace !== undefined ? { defaultNamespace: options.namespace } : {}),
    ...(options.dialect ? { dialect: options.dialect } : {}),
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.maxFileSize !== undefined ? { maxFileSize: options.maxFileSize } : {}),
    ...(options.allowIncludeOutside ? { allowIncludeOutside: true } : {}),
  };
}

function frontendServices(context: CommandContext): FrontendServices {
  return { loadParser: context.loadParser, readFile: context.io.readFile, ...(context.io.readStdin ? { stdin: context.io.readStdin } : {}) };
}

/** Reads the files named on the command line and everything they include, parsed (`mofc parse`). */
export async function loadSources(options: SourceOptions, context: CommandContext): Promise<Program> {
  const { loadWithFrontend } = await import('../api/frontend.js');
  return loadWithFrontend(frontendRequest(options, context), frontendServices(context));
}

/** Loads and compiles them, as the programmatic API's `compile` does (`mofc check`, `mofc compile`). */
export async function compileSources(options: SourceOptions, context: CommandContext): Promise<FrontendResult> {
  const { compileWithFrontend } = await import('../api/frontend.js');
  return compileWithFrontend(frontendRequest(options, context), frontendServices(context));
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
  const quiet = options.quiet === true;
  const tooManyWarnings = options.maxWarnings !== undefined && counts.warning > options.maxWarnings;
  const failed = counts.error > 0 || (options.strict && counts.warning > 0) || tooManyWarnings;
  const exitCode = failed ? ExitCode.errors : ExitCode.ok;
  const limit = tooManyWarnings ? `mofc: ${counts.warning} warning(s), more than --max-warnings ${options.maxWarnings}\n` : '';
  if (options.format === 'json') return { exitCode, stdout: renderJson(sorted), ...(limit ? { stderr: limit } : {}) };
  // --quiet: errors only, and no summary line when there are none.
  const shown = quiet ? sorted.filter((d) => d.severity === 'error') : sorted;
  const text = quiet && shown.length === 0 ? '' : renderHumanReport(shown, program, context);
  return { exitCode, stdout: text, ...(limit ? { stderr: limit } : {}) };
}

/** Sorted diagnostics for a person: code frames (colour only on a terminal without NO_COLOR), then the summary line. */
export function renderHumanReport(sorted: readonly Diagnostic[], program: Program | undefined, context: CommandContext): string {
  const color = context.io.stdoutIsTty && !context.io.env['NO_COLOR'];
  const lookup = (path: string) => program?.files.get(path)?.source;
  return renderHuman(sorted, lookup, { color }) + formatSummary(sorted) + '\n';
}
