import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { usageError, type Command, type CommandResult } from '../command.js';
import { modelOptions, parseSourceOptions } from '../options.js';
import { loadSources, reportDiagnostics } from '../sources.js';

const help = `Usage: mofc compile <files...> [options]

Compiles MOF files (and the files they include) into one schema repository:
every class resolved, flattened and checked. Writes it as model JSON
(docs/model-json.md) to --out, or to stdout. Diagnostics go to stderr.
The order of the files does not change the result.

Options:
  -I, --include <dir>        Look for included files in <dir> too (repeatable)
  -n, --namespace <ns>       Namespace before any #pragma namespace (default root/cimv2)
      --dialect <dialect>    dmtf or microsoft (default: detected from the input)
      --locale <locale>      Take the amended qualifiers of this locale (0x409, ms_409, 1033)
      --out <file>           Write the model JSON to <file> (atomically; not written on errors)
      --format <format>      Diagnostics format: human (default) or json
      --strict               Treat warnings as errors
      --debug                Show stack traces of internal errors
  -h, --help                 Show this help

Exit status: 0 no errors, 1 errors (or warnings with --strict; nothing is written),
2 usage error, 3 internal error.
`;

/**
 * Writes `text` to `path` so that readers see the old file or the new one,
 * never a part: a temporary file next to it, then a rename. The temporary
 * file is removed if anything fails.
 */
export function writeFileAtomically(path: string, text: string): void {
  const temporary = nodePath.join(nodePath.dirname(path), `.${nodePath.basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export const compileCommand: Command = {
  name: 'compile',
  summary: 'compile MOF files into the resolved schema model (model JSON)',
  help,
  async run(args, context): Promise<CommandResult> {
    const parsed = parseSourceOptions(args, { strict: true, model: true, output: true });
    if (!parsed.ok) return usageError(parsed.message, 'compile');
    const options = parsed.value;
    if (options.help) return { exitCode: 0, stdout: help };
    const [program, model] = await Promise.all([loadSources(options, context), import('../../model/compile.js')]);
    const compiled = model.compileProgram(program, modelOptions(options));
    const diagnostics = [...program.diagnostics, ...compiled.diagnostics];
    const report = reportDiagnostics(diagnostics, program, options, context);
    // The model is the output; the diagnostics report goes to stderr.
    const stderr = report.stdout ?? '';
    if (report.exitCode !== 0) return { exitCode: report.exitCode, stderr };
    const json = model.modelToJson(compiled.repository);
    if (options.out === undefined) return { exitCode: 0, stdout: json, stderr };
    const target = nodePath.resolve(context.io.cwd, options.out);
    try {
      writeFileAtomically(target, json);
    } catch (error) {
      const reason = (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
      return { exitCode: 1, stderr: `${stderr}mofc: cannot write '${options.out}': ${reason}\n` };
    }
    return { exitCode: 0, stderr };
  },
};
