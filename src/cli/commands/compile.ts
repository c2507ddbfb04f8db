import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { usageError, type Command, type CommandResult } from '../command.js';
import type { OutputFormat, Parsed, SourceOptions } from '../options.js';
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

interface CompileCliOptions extends SourceOptions {
  readonly namespace: string | undefined;
  readonly dialect: 'dmtf' | 'microsoft' | undefined;
  readonly locale: string | undefined;
  readonly out: string | undefined;
}

function parseCompileOptions(args: readonly string[]): Parsed<CompileCliOptions> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        include: { type: 'string', short: 'I', multiple: true },
        namespace: { type: 'string', short: 'n' },
        dialect: { type: 'string' },
        locale: { type: 'string' },
        out: { type: 'string', short: 'o' },
        format: { type: 'string' },
        strict: { type: 'boolean' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message: (message.split(/\.\s/)[0] ?? message).replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase()) };
  }
  const { values, positionals } = parsed;
  const help = values.help === true;
  const format = values.format ?? 'human';
  if (format !== 'human' && format !== 'json') {
    return { ok: false, message: `invalid --format '${format}' (expected 'human' or 'json')` };
  }
  const dialect = values.dialect;
  if (dialect !== undefined && dialect !== 'dmtf' && dialect !== 'microsoft') {
    return { ok: false, message: `invalid --dialect '${dialect}' (expected 'dmtf' or 'microsoft')` };
  }
  if (!help && positionals.length === 0) return { ok: false, message: 'no input files' };
  return {
    ok: true,
    value: {
      files: positionals,
      includePaths: values.include ?? [],
      format: format as OutputFormat,
      strict: values.strict === true,
      debug: values.debug === true,
      help,
      namespace: values.namespace,
      dialect,
      locale: values.locale,
      out: values.out,
    },
  };
}

/** The schema-model options `check` accepts besides the common ones (`-n`, `--dialect`), taken out of `args`. */
export function takeModelOptions(
  args: readonly string[],
): Parsed<{ rest: string[]; namespace: string | undefined; dialect: 'dmtf' | 'microsoft' | undefined }> {
  const rest: string[] = [];
  let namespace: string | undefined;
  let dialect: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    const match = /^(-n|--namespace|--dialect)(?:=(.*))?$/.exec(arg);
    if (!match) {
      rest.push(arg);
      continue;
    }
    const value = match[2] ?? args[++i];
    if (value === undefined) return { ok: false, message: `option '${match[1]}' argument missing` };
    if (match[1] === '--dialect') dialect = value;
    else namespace = value;
  }
  if (dialect !== undefined && dialect !== 'dmtf' && dialect !== 'microsoft') {
    return { ok: false, message: `invalid --dialect '${dialect}' (expected 'dmtf' or 'microsoft')` };
  }
  return { ok: true, value: { rest, namespace, dialect } };
}

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
    const parsed = parseCompileOptions(args);
    if (!parsed.ok) return usageError(parsed.message, 'compile');
    const options = parsed.value;
    if (options.help) return { exitCode: 0, stdout: help };
    const [program, model] = await Promise.all([loadSources(options, context), import('../../model/compile.js')]);
    const compiled = model.compileProgram(program, {
      ...(options.namespace !== undefined ? { defaultNamespace: options.namespace } : {}),
      ...(options.dialect !== undefined ? { dialect: options.dialect } : {}),
      ...(options.locale !== undefined ? { locale: options.locale } : {}),
    });
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
