import { closeSync, openSync, renameSync, rmSync } from 'node:fs';
import * as nodePath from 'node:path';
import { fileSink, textSink } from '../chunked-output.js';
import { usageError, type Command, type CommandResult } from '../command.js';
import { parseSourceOptions } from '../options.js';
import { compileSources, reportDiagnostics } from '../sources.js';
import { withConfig } from '../settings.js';

const help = `Usage: mofc compile [<files...>] [options]

Compiles MOF files (and the files they include) into one schema repository:
every class resolved, flattened and checked. Writes it as model JSON
(docs/model-json.md) to --out, or to stdout. Diagnostics go to stderr.
The order of the files does not change the result. A file named - is MOF
read from standard input. Without files, the config file's inputs.

Options:
  -I, --include <dir>        Look for included files in <dir> too (repeatable)
  -n, --namespace <ns>       Namespace before any #pragma namespace (default root/cimv2)
      --dialect <dialect>    dmtf or microsoft (default: detected from the input)
      --locale <locale>      Take the amended qualifiers of this locale (0x409, ms_409, 1033);
                             one the inputs' .mfl files do not provide is an error naming those
                             they do
      --out <file>           Write the model JSON to <file> (atomically; not written on errors)
      --encoding <enc>       Read files as utf-8, utf-16le, utf-16be or windows-1252
                             (default: detected; see docs/decisions/0005-source-encodings.md)
      --max-file-size <n>    Refuse files larger than <n> bytes (suffix K, M or G; default 64M)
      --allow-include-outside
                             Let includes read files outside the include roots (the input
                             files' directories and the -I directories)
      --compact              Write the compact model JSON: each class only with what it
                             declares or changes (docs/model-json.md)
  -c, --config <file>        Read inputs and options from <file> (default: the first
                             mofc.config.json, .js or .mjs in the current directory or the
                             nearest one above); files given here replace its inputs, options
                             given here its values
      --no-config            Ignore any configuration file
      --format <format>      Diagnostics format: human (default) or json
  -q, --quiet                Print errors only
      --max-warnings <n>     Exit 1 (writing nothing) when there are more than <n> warnings
      --strict               Treat warnings as errors
      --debug                Show stack traces of internal errors
  -h, --help                 Show this help

Exit status: 0 no errors, 1 errors (or warnings with --strict; nothing is written),
2 usage error, 3 internal error.
`;

/**
 * Writes what `produce` hands its `write` to `path`, so that readers see the
 * old file or the new one, never a part: in blocks into a temporary file
 * next to it, then a rename. The temporary file is removed if anything fails,
 * `produce` included.
 */
export function writeFileAtomically(path: string, produce: (write: (piece: string) => void) => void): void {
  const { temporary, fd } = openTemporaryNextTo(path);
  let open = true;
  try {
    const sink = fileSink(fd);
    produce((piece) => sink.write(piece));
    sink.flush();
    open = false;
    closeSync(fd);
    renameSync(temporary, path);
  } catch (error) {
    if (open) closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * A new file beside `path`, named after it, the process and the time: 'wx' never
 * opens an existing file, so a name another run holds is skipped. (Not a random
 * name: loading node:crypto would cost every command a few milliseconds.)
 */
function openTemporaryNextTo(path: string): { temporary: string; fd: number } {
  const prefix = nodePath.join(nodePath.dirname(path), `.${nodePath.basename(path)}.${process.pid}-${Date.now().toString(36)}`);
  for (let attempt = 0; ; attempt++) {
    const temporary = `${prefix}-${attempt}.tmp`;
    try {
      return { temporary, fd: openSync(temporary, 'wx') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
    }
  }
}

export const compileCommand: Command = {
  name: 'compile',
  summary: 'compile MOF files into the resolved schema model (model JSON)',
  help,
  async run(args, context): Promise<CommandResult> {
    const parsed = parseSourceOptions(args, { strict: true, model: true, output: true });
    if (!parsed.ok) return usageError(parsed.message, 'compile');
    if (parsed.value.help) return { exitCode: 0, stdout: help };
    const configured = await withConfig(parsed.value, 'compile', context.io.cwd);
    if ('exitCode' in configured) return configured;
    const { options, note } = configured;
    const [compiled, { writeModelJson }] = await Promise.all([compileSources(options, context), import('../../model/json.js')]);
    const report = reportDiagnostics(compiled.diagnostics, compiled.program, options, context);
    // The model is the output; the diagnostics report goes to stderr.
    const stderr = note + (report.stdout ?? '') + (report.stderr ?? '');
    if (report.exitCode !== 0) return { exitCode: report.exitCode, stderr };
    // Streamed, never one string: a deep hierarchy's flattened model outgrows V8's longest string.
    const repository = compiled.repository;
    if (!repository) return { exitCode: 1, stderr: `${stderr}mofc: the inputs gave no schema model\n` };
    const writeModel = (write: (piece: string) => void) => writeModelJson(repository, write, { compact: options.compact });
    if (options.out === undefined) {
      const sink = textSink((text) => context.io.stdout(text));
      writeModel((piece) => sink.write(piece));
      sink.flush();
      return { exitCode: 0, stderr };
    }
    const target = nodePath.resolve(context.io.cwd, options.out);
    try {
      writeFileAtomically(target, writeModel);
    } catch (error) {
      const reason = (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
      return { exitCode: 1, stderr: `${stderr}mofc: cannot write '${options.out}': ${reason}\n` };
    }
    return { exitCode: 0, stderr };
  },
};
