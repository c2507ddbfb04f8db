import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { compareDiagnostics, createDiagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { codegenDiagnostics } from '../../diagnostics/codes/codegen.js';
import { toJsonReport } from '../../diagnostics/render-json.js';
import { countBySeverity } from '../../diagnostics/summary.js';
import type { Program } from '../../source/load.js';
import { ConfigError, findConfigFile, loadConfig, type GenerateConfig } from '../../config/load.js';
import { ExitCode, usageError, type Command, type CommandContext, type CommandResult } from '../command.js';
import { describeParseArgsError } from '../options.js';
import { displayPath } from '../../source/paths.js';
import { renderHumanReport } from '../sources.js';

const help = `Usage: mofc generate [<files...>] [options]

Compiles MOF files into a typed TypeScript SDK package (one module per class, a barrel,
package.json, tsconfig.json, README.md). Only files whose content changed are written;
files generated before and no longer generated are removed; an unchanged re-run does nothing.

Options:
  -o, --out <dir>             Output directory of the package
      --package-name <name>   npm package name
      --package-version <v>   npm package version (default 0.0.0)
      --classes <glob>...     Only classes matching the globs (* and ?, case-insensitive), and
                              the classes they need (several after one --classes, repeated, or
                              comma-separated)
      --locale <locale>       Use that locale's amendments (.mfl) for documentation, e.g. 0x409
      --namespace <ns>        The namespace to generate, when the inputs declare several
  -I, --include <dir>         Look for included files in <dir> too (repeatable)
  -c, --config <file>         Read settings from <file> (default: mofc.config.json, .js or .mjs
                              in the current directory, if present); options given here win
      --no-config             Ignore any configuration file
      --force                 Regenerate even when nothing changed
      --check                 Write nothing; exit 1 when the package differs from what would be
                              generated (for CI), listing the files
      --format <format>       Output format: human (default) or json
      --debug                 Show stack traces of internal errors
  -h, --help                  Show this help

Exit status: 0 generated (or up to date), 1 errors (or, with --check, out of date), 2 usage error,
3 internal error.
`;

interface Settings {
  inputs: string[];
  includePaths: string[];
  out: string | undefined;
  packageName: string | undefined;
  packageVersion: string | undefined;
  classes: string[];
  locale: string | undefined;
  namespace: string | undefined;
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'generate a typed TypeScript SDK package from MOF files',
  help,
  async run(args, context) {
    let parsed;
    try {
      parsed = parseArgs({
        args: expandClassGlobs(args),
        allowPositionals: true,
        strict: true,
        options: {
          out: { type: 'string', short: 'o' },
          'package-name': { type: 'string' },
          'package-version': { type: 'string' },
          classes: { type: 'string', multiple: true },
          locale: { type: 'string' },
          namespace: { type: 'string' },
          include: { type: 'string', short: 'I', multiple: true },
          config: { type: 'string', short: 'c' },
          'no-config': { type: 'boolean' },
          force: { type: 'boolean' },
          check: { type: 'boolean' },
          format: { type: 'string' },
          debug: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (error) {
      return usageError(describeParseArgsError(error), 'generate');
    }
    const { values, positionals } = parsed;
    if (values.help) return { exitCode: ExitCode.ok, stdout: help };
    const format = values.format ?? 'human';
    if (format !== 'human' && format !== 'json') return usageError(`invalid --format '${format}' (expected 'human' or 'json')`, 'generate');
    const cwd = context.io.cwd;

    let fromConfig: GenerateConfig = {};
    if (values.config && values['no-config']) return usageError('--config and --no-config exclude each other', 'generate');
    const configFile = values['no-config'] ? null : findConfigFile(cwd, values.config);
    if (configFile) {
      try {
        fromConfig = (await loadConfig(configFile)).config.generate ?? {};
      } catch (error) {
        if (error instanceof ConfigError) {
          const d = createDiagnostic(codegenDiagnostics.MOF4008, undefined, [shownPath(cwd, error.file), error.message]);
          return report([d], undefined, format, context, null);
        }
        throw error;
      }
    }
    const relative = (p: string) => shownPath(cwd, p);
    const splitList = (list: readonly string[] | undefined) => (list ?? []).flatMap((c) => c.split(',')).map((c) => c.trim()).filter((c) => c);
    const settings: Settings = {
      inputs: positionals.length > 0 ? positionals : (fromConfig.inputs ?? []).map(relative),
      includePaths: values.include ?? (fromConfig.includePaths ?? []).map(relative),
      out: values.out ?? (fromConfig.out !== undefined ? relative(fromConfig.out) : undefined),
      packageName: values['package-name'] ?? fromConfig.packageName,
      packageVersion: values['package-version'] ?? fromConfig.packageVersion,
      classes: values.classes ? splitList(values.classes) : splitList(fromConfig.classes),
      locale: values.locale ?? fromConfig.locale,
      namespace: values.namespace ?? fromConfig.namespace,
    };
    if (settings.inputs.length === 0) return usageError('no input files (give them, or a config file with generate.inputs)', 'generate');
    if (!settings.out) return usageError('no output directory (--out, or generate.out in the config file)', 'generate');
    if (!settings.packageName) return usageError('no package name (--package-name, or generate.packageName in the config file)', 'generate');

    const [{ generate }, { compileWithFrontend }] = await Promise.all([
      import('../../codegen/generate.js'),
      import('../frontend.js'),
    ]);
    let program: Program | undefined;
    const progress = progressBar(context);
    const started = performance.now();
    const result = await generate({
      inputs: settings.inputs,
      includePaths: settings.includePaths,
      outDir: settings.out,
      packageName: settings.packageName,
      ...(settings.packageVersion ? { packageVersion: settings.packageVersion } : {}),
      ...(settings.classes.length > 0 ? { classes: settings.classes } : {}),
      locale: settings.locale ?? null,
      ...(settings.namespace ? { namespace: settings.namespace } : {}),
      cwd,
      force: values.force === true,
      check: values.check === true,
      compile: async (request) => {
        const compiled = await compileWithFrontend(request, { parse: await context.loadParser(), readFile: context.io.readFile });
        program = compiled.program;
        return compiled;
      },
      ...(progress ? { onProgress: progress.update } : {}),
    });
    progress?.done();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const out = relative(result.outDir);
    let summary: string;
    if (result.status === 'up-to-date') summary = `${out} is up to date (${result.classes} classes).\n`;
    else if (result.status === 'generated') {
      summary =
        `Generated ${settings.packageName} (${result.classes} classes) in ${out}: ` +
        `${result.written.length} file(s) written, ${result.removed.length} removed, ${result.unchanged} unchanged (${seconds} s).\n`;
    } else if (result.status === 'out-of-date') {
      const lines = [...result.written.map((f) => `  changed: ${f}`), ...result.removed.map((f) => `  stale:   ${f}`)];
      summary = `${out} is out of date (${lines.length} file(s)); run mofc generate:\n${lines.join('\n')}\n`;
    } else summary = `Nothing was written to ${out}.\n`;
    return report(result.diagnostics, program, format, context, { ...result, outDir: out, summary });
  },
};

/**
 * `--classes A B C` takes several globs: the words after it that look like class globs
 * (letters, digits, `_`, `*`, `?`, `,`; file names have a `.` or a `/`) belong to it.
 */
function expandClassGlobs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    out.push(arg);
    if (arg !== '--classes') continue;
    if (i + 1 < args.length) out.push(args[++i]!);
    while (i + 1 < args.length && /^[A-Za-z0-9_*?,]+$/.test(args[i + 1]!)) out.push('--classes', args[++i]!);
  }
  return out;
}

/** A path as the user should see it: relative to `cwd` when inside it (`.` for `cwd` itself), else absolute. */
function shownPath(cwd: string, p: string): string {
  return path.resolve(cwd, p) === path.resolve(cwd) ? '.' : displayPath(p, cwd);
}

function report(
  diagnostics: readonly Diagnostic[],
  program: Program | undefined,
  format: string,
  context: CommandContext,
  result: ({ summary: string; status: string; outDir: string; classes: number; written: readonly string[]; removed: readonly string[]; unchanged: number; formatted: number }) | null,
): CommandResult {
  const sorted = [...diagnostics].sort(compareDiagnostics);
  const failed = countBySeverity(sorted).error > 0 || !result || result.status === 'failed' || result.status === 'out-of-date';
  const exitCode = failed ? ExitCode.errors : ExitCode.ok;
  if (format === 'json') {
    const { summary: _summary, ...rest } = result ?? { summary: '' };
    return { exitCode, stdout: `${JSON.stringify({ ...rest, ...toJsonReport(sorted) }, null, 2)}\n` };
  }
  const rendered = sorted.length > 0 ? renderHumanReport(sorted, program, context) : '';
  return { exitCode, stdout: rendered + (result?.summary ?? '') };
}

/**
 * A one-line progress bar on stderr while files are formatted: only on a terminal and
 * outside CI, so logs stay clean. It is the one thing this command writes as it goes.
 */
function progressBar(context: CommandContext): { update: (p: { phase: string; done: number; total: number }) => void; done: () => void } | null {
  const { io } = context;
  if (!io.stderrIsTty || io.env['CI'] || io.env['MOFC_NO_PROGRESS']) return null;
  let shown = false;
  let last = 0;
  return {
    update({ phase, done, total }) {
      const now = Date.now();
      if (phase === 'format' && done < total && now - last < 50) return;
      last = now;
      const width = 30;
      const ratio = total > 0 ? done / total : 0;
      const filled = Math.round(ratio * width);
      const bar = phase === 'format' ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}` : '';
      io.stderr(`\r\x1b[2K${phase.padEnd(8)} ${bar}`);
      shown = true;
    },
    done() {
      if (shown) io.stderr('\r\x1b[2K');
    },
  };
}
