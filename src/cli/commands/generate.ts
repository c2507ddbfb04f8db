import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { compareDiagnostics } from '../../diagnostics/diagnostic.js';
import { toJsonReport } from '../../diagnostics/render-json.js';
import { countBySeverity } from '../../diagnostics/summary.js';
import type { Program } from '../../source/load.js';
import { SOURCE_ENCODINGS, type SourceEncoding } from '../../source/decode.js';
import type { LoadedConfig } from '../../config/load.js';
import type { SourceFileTransform } from '../../codegen/transform.js';
import type { GenerateProgress, GenerateResult } from '../../codegen/generate.js';
import { ExitCode, usageError, type Command, type CommandContext, type CommandResult } from '../command.js';
import { describeParseArgsError, parseByteSize } from '../options.js';
import { renderHumanReport } from '../sources.js';
import { configNote, mergeFrontend, parseMaxWarnings, resolveConfig, shownPath } from '../settings.js';

const help = `Usage: mofc generate [<files...>] [options]

Compiles MOF files into a typed TypeScript SDK package (one module per class, a barrel,
package.json, tsconfig.json, README.md, LICENSE). Only files whose content changed are
written; files generated before and no longer generated are removed; an unchanged re-run
does nothing (and reports the warnings the run that wrote the package found). The
directory always holds a whole package: the new one is staged beside it and swapped in,
and a run that was killed is finished or undone by the next one. A file named - is MOF
read from standard input.

Front end (as for check and compile):
  -I, --include <dir>         Look for included files in <dir> too (repeatable)
  -n, --namespace <ns>        Namespace before any #pragma namespace (default root/cimv2)
      --dialect <dialect>     dmtf or microsoft (default: detected from the input)
      --locale <locale>       Use that locale's amendments (.mfl) for documentation, e.g. 0x409;
                              one the inputs do not provide is an error naming those they do
      --encoding <enc>        Read files as utf-8, utf-16le, utf-16be or windows-1252
                              (default: detected)
      --max-file-size <n>     Refuse files larger than <n> bytes (suffix K, M or G; default 64M)
      --allow-include-outside Let includes read files outside the include roots

Package:
  -o, --out <dir>             Output directory of the package
      --package-name <name>   npm package name
      --package-version <v>   npm package version (default 0.0.0)
      --classes <glob>...     Only classes matching the globs (* and ?, case-insensitive), and
                              the classes they need (several after one --classes, repeated, or
                              comma-separated)
      --generate-namespace <ns>
                              The namespace to generate, when the inputs declare several

Configuration:
  -c, --config <file>         Read settings from <file> (default: the first mofc.config.json,
                              .js or .mjs in the current directory or the nearest one above)
      --no-config             Ignore any configuration file
                              Inputs given here replace the config's inputs; any other option
                              given here replaces the config's value for it.

Run:
      --force                 Regenerate even when nothing changed
      --check                 Write nothing; exit 1 when the package differs from what would be
                              generated (for CI), listing the files
      --watch                 Keep running: regenerate when an input file or the config file
                              changes (stop with Ctrl-C)
      --progress              Print progress lines on stderr (default: a bar on a terminal,
                              outside CI)

Output:
      --format <format>       Output format: human (default) or json
  -q, --quiet                 Print errors only
      --max-warnings <n>      Exit 1 when there are more than <n> warnings
      --strict                Treat warnings as errors (--max-warnings 0)
      --debug                 Show stack traces of internal errors
  -h, --help                  Show this help

Exit status: 0 generated (or up to date), 1 errors (or, with --check, out of date; or too many
warnings), 2 usage error, 3 internal error.
`;

/** Everything one run needs, after merging the config and the command line. */
interface Settings {
  readonly inputs: string[];
  readonly includePaths: string[];
  readonly namespace: string | undefined;
  readonly dialect: 'dmtf' | 'microsoft' | undefined;
  readonly locale: string | undefined;
  readonly encoding: SourceEncoding | undefined;
  readonly maxFileSize: number | undefined;
  readonly allowIncludeOutside: boolean;
  readonly out: string;
  readonly packageName: string;
  readonly packageVersion: string | undefined;
  readonly classes: string[];
  readonly generateNamespace: string | undefined;
  /** The config's `generate.transform` hook (JavaScript configs only). */
  readonly transform: SourceFileTransform | undefined;
  readonly config: LoadedConfig | null;
  /** Inputs named on the command line (they replace the config's). */
  readonly inputsFromCommandLine: boolean;
}

interface Flags {
  readonly format: 'human' | 'json';
  readonly quiet: boolean;
  readonly maxWarnings: number | undefined;
  readonly force: boolean;
  readonly check: boolean;
  readonly progress: boolean;
}

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  'package-name': { type: 'string' },
  'package-version': { type: 'string' },
  classes: { type: 'string', multiple: true },
  'generate-namespace': { type: 'string' },
  locale: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  dialect: { type: 'string' },
  encoding: { type: 'string' },
  'max-file-size': { type: 'string' },
  'allow-include-outside': { type: 'boolean' },
  include: { type: 'string', short: 'I', multiple: true },
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  force: { type: 'boolean' },
  check: { type: 'boolean' },
  watch: { type: 'boolean' },
  progress: { type: 'boolean' },
  format: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  'max-warnings': { type: 'string' },
  strict: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>['values'];

export const generateCommand: Command = {
  name: 'generate',
  summary: 'generate a typed TypeScript SDK package from MOF files',
  help,
  async run(args, context) {
    let parsed;
    try {
      parsed = parseArgs({ args: expandClassGlobs(args), allowPositionals: true, strict: true, options: OPTIONS });
    } catch (error) {
      return usageError(describeParseArgsError(error), 'generate');
    }
    const { values, positionals } = parsed;
    if (values.help) return { exitCode: ExitCode.ok, stdout: help };
    const format = values.format ?? 'human';
    if (format !== 'human' && format !== 'json') return usageError(`invalid --format '${format}' (expected 'human' or 'json')`, 'generate');
    const maxWarnings = parseMaxWarnings(values['max-warnings']);
    if (!maxWarnings.ok) return usageError(maxWarnings.message, 'generate');
    if (values.watch && values.check) return usageError('--watch and --check exclude each other', 'generate');
    const flags: Flags = {
      format,
      quiet: values.quiet === true,
      maxWarnings: values.strict ? 0 : maxWarnings.value,
      force: values.force === true,
      check: values.check === true,
      progress: values.progress === true,
    };
    const settings = await resolveSettings(values, positionals, context, format);
    if ('exitCode' in settings) return settings;
    if (!values.watch) return (await runOnce(settings, flags, context)).result;
    return watch(settings, flags, values, positionals, context);
  },
};

async function resolveSettings(values: Values, positionals: string[], context: CommandContext, format: string): Promise<Settings | CommandResult> {
  const cwd = context.io.cwd;
  const config = await resolveConfig(values, cwd, format);
  if (!config.ok) return config.result;
  const loaded = config.loaded;
  const dialect = values.dialect;
  if (dialect !== undefined && dialect !== 'dmtf' && dialect !== 'microsoft') {
    return usageError(`invalid --dialect '${dialect}' (expected 'dmtf' or 'microsoft')`, 'generate');
  }
  const encoding = values.encoding;
  if (encoding !== undefined && !(SOURCE_ENCODINGS as readonly string[]).includes(encoding)) {
    return usageError(`invalid --encoding '${encoding}' (expected ${SOURCE_ENCODINGS.map((e) => `'${e}'`).join(', ')})`, 'generate');
  }
  let maxFileSize: number | undefined;
  if (values['max-file-size'] !== undefined) {
    maxFileSize = parseByteSize(values['max-file-size']);
    if (maxFileSize === undefined) return usageError(`invalid --max-file-size '${values['max-file-size']}' (expected a number of bytes, optionally with K, M or G)`, 'generate');
  }
  const frontend = mergeFrontend(loaded, 'generate', {
    inputs: positionals,
    includePaths: values.include,
    namespace: values.namespace,
    dialect,
    locale: values.locale,
  }, cwd);
  const fromConfig = loaded?.config.generate ?? {};
  const splitList = (list: readonly string[] | undefined) => (list ?? []).flatMap((c) => c.split(',')).map((c) => c.trim()).filter((c) => c);
  const out = values.out ?? (fromConfig.out !== undefined ? shownPath(cwd, fromConfig.out) : undefined);
  const packageName = values['package-name'] ?? fromConfig.packageName;
  if (frontend.inputs.length === 0) return usageError('no input files (give them, or a config file with inputs)', 'generate');
  if (!out) return usageError('no output directory (--out, or generate.out in the config file)', 'generate');
  if (!packageName) return usageError('no package name (--package-name, or generate.packageName in the config file)', 'generate');
  return {
    ...frontend,
    encoding: encoding as SourceEncoding | undefined,
    maxFileSize,
    allowIncludeOutside: values['allow-include-outside'] === true,
    out,
    packageName,
    packageVersion: values['package-version'] ?? fromConfig.packageVersion,
    classes: values.classes ? splitList(values.classes) : splitList(fromConfig.classes),
    generateNamespace: values['generate-namespace'] ?? fromConfig.generateNamespace,
    transform: fromConfig.transform,
    config: loaded,
    inputsFromCommandLine: positionals.length > 0,
  };
}

/** One generation; also returns the files it read, for `--watch`. */
async function runOnce(settings: Settings, flags: Flags, context: CommandContext): Promise<{ result: CommandResult; sources: string[] }> {
  const { generate } = await import('../../api/index.js');
  const cwd = context.io.cwd;
  let program: Program | undefined;
  let sources: string[] = [];
  const progress = flags.quiet ? null : flags.progress ? progressLines(context) : progressBar(context);
  const started = performance.now();
  // The programmatic API, with the CLI's parser, file reader and standard input.
  const result = await generate(
    {
      inputs: settings.inputs,
      includePaths: settings.includePaths,
      out: settings.out,
      packageName: settings.packageName,
      ...(settings.packageVersion ? { packageVersion: settings.packageVersion } : {}),
      ...(settings.classes.length > 0 ? { classes: settings.classes } : {}),
      ...(settings.locale !== undefined ? { locale: settings.locale } : {}),
      ...(settings.generateNamespace ? { generateNamespace: settings.generateNamespace } : {}),
      ...(settings.namespace !== undefined ? { defaultNamespace: settings.namespace } : {}),
      ...(settings.dialect ? { dialect: settings.dialect } : {}),
      ...(settings.encoding ? { encoding: settings.encoding } : {}),
      ...(settings.maxFileSize !== undefined ? { maxFileSize: settings.maxFileSize } : {}),
      ...(settings.allowIncludeOutside ? { allowIncludeOutside: true } : {}),
      ...(settings.transform ? { transform: settings.transform } : {}),
      cwd,
      force: flags.force,
      check: flags.check,
      ...(progress ? { onProgress: progress.update } : {}),
    },
    {
      loadParser: context.loadParser,
      readFile: context.io.readFile,
      ...(context.io.readStdin ? { stdin: context.io.readStdin } : {}),
      onProgram: (loaded) => (program = loaded),
    },
  );
  progress?.done();
  sources = [...new Set([...settings.inputs.filter((i) => i !== '-').map((i) => path.resolve(cwd, i)), ...readSources(result.outDir)])];
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const out = shownPath(cwd, result.outDir);
  let summary: string;
  if (result.status === 'up-to-date') {
    summary = `${out} is up to date (${result.classes} classes): inputs, options and generator unchanged, nothing compiled (--force regenerates).\n`;
  } else if (result.status === 'generated') {
    summary =
      `Generated ${settings.packageName} (${result.classes} classes) in ${out}: ` +
      `${result.written.length} file(s) written, ${result.removed.length} removed, ${result.unchanged} unchanged (${seconds} s).\n`;
  } else if (result.status === 'out-of-date') {
    const lines = [...result.written.map((f) => `  changed: ${f}`), ...result.removed.map((f) => `  stale:   ${f}`)];
    summary = `${out} is out of date (${lines.length} file(s)); run mofc generate:\n${lines.join('\n')}\n`;
  } else summary = `Nothing was written to ${out}; it holds the package it held before.\n`;
  const note = flags.quiet || flags.format === 'json' ? '' : configNote(settings.config, cwd, settings.inputsFromCommandLine);
  const result2 = report(result, program, flags, context, summary, note, settings.config ? shownPath(cwd, settings.config.path) : null);
  return { result: result2, sources };
}

function readSources(outDir: string): string[] {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(outDir, '.mofc-manifest.json'), 'utf8')) as { sources?: Record<string, string> };
    return Object.keys(manifest.sources ?? {}).filter((s) => path.isAbsolute(s));
  } catch {
    return [];
  }
}

/**
 * `--watch`: run, then watch the files the run read and the config file; on a change (after
 * a short quiet period, so an editor's several writes count once) run again. Each run is
 * the incremental generate, so an unchanged save costs a manifest check. Ends on SIGINT or
 * SIGTERM, with the last run's exit code.
 */
async function watch(first: Settings, flags: Flags, values: Values, positionals: string[], context: CommandContext): Promise<CommandResult> {
  const { io } = context;
  let settings = first;
  let lastExit: number = ExitCode.ok;
  let watchers: fs.FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));

  const print = (result: CommandResult) => {
    if (result.stdout) io.stdout(result.stdout);
    if (result.stderr) io.stderr(result.stderr);
    lastExit = result.exitCode;
  };
  const rewatch = (files: string[]) => {
    for (const w of watchers) w.close();
    watchers = [];
    // Directories, not files: editors often save by writing a new file and renaming it over the old.
    const byDir = new Map<string, Set<string>>();
    for (const file of files) {
      const dir = path.dirname(file);
      if (!byDir.has(dir)) byDir.set(dir, new Set());
      byDir.get(dir)!.add(path.basename(file));
    }
    for (const [dir, names] of byDir) {
      try {
        watchers.push(fs.watch(dir, (_event, name) => {
          if (name === null || names.has(name.toString())) schedule();
        }));
      } catch {
        // a directory that vanished: the next run reports the missing input
      }
    }
  };
  const cycle = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      const reloaded = await resolveSettings(values, positionals, context, flags.format);
      if ('exitCode' in reloaded) {
        print(reloaded);
        rewatch(settings.config ? [settings.config.path] : []);
        return;
      }
      settings = reloaded;
      const { result, sources } = await runOnce(settings, flags, context);
      print(result);
      rewatch([...sources, ...(settings.config ? [settings.config.path] : [])]);
      if (!flags.quiet) io.stderr(`mofc: watching ${sources.length + (settings.config ? 1 : 0)} file(s) for changes (Ctrl-C stops)\n`);
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void cycle(), 100);
  };
  const onSignal = () => stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await cycle();
  await stopped;
  clearTimeout(timer);
  for (const w of watchers) w.close();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  return { exitCode: lastExit };
}

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

function report(
  result: GenerateResult,
  program: Program | undefined,
  flags: Flags,
  context: CommandContext,
  summary: string,
  note: string,
  config: string | null,
): CommandResult {
  const sorted = [...result.diagnostics].sort(compareDiagnostics);
  const counts = countBySeverity(sorted);
  const tooManyWarnings = flags.maxWarnings !== undefined && counts.warning > flags.maxWarnings;
  const failed = counts.error > 0 || result.status === 'failed' || result.status === 'out-of-date' || tooManyWarnings;
  const exitCode = failed ? ExitCode.errors : ExitCode.ok;
  const limit = tooManyWarnings ? `mofc: ${counts.warning} warning(s), more than --max-warnings ${flags.maxWarnings}\n` : '';
  if (flags.format === 'json') {
    const { diagnostics: _diagnostics, ...rest } = result;
    const outDir = shownPath(context.io.cwd, result.outDir);
    return { exitCode, stdout: `${JSON.stringify({ ...rest, outDir, config, ...toJsonReport(sorted) }, null, 2)}\n`, ...(limit ? { stderr: limit } : {}) };
  }
  const shown = flags.quiet ? sorted.filter((d) => d.severity === 'error') : sorted;
  const rendered = shown.length > 0 ? renderHumanReport(shown, program, context) : '';
  const stdout = flags.quiet ? rendered : rendered + summary;
  return { exitCode, stdout, ...(note || limit ? { stderr: note + limit } : {}) };
}

type Progress = { update: (p: GenerateProgress) => void; done: () => void };

/** `--progress`: one line per step on stderr (`write 12/1641`), for logs and for tools that follow a run. */
function progressLines(context: CommandContext): Progress {
  return {
    update: ({ phase, done, total }) => context.io.stderr(`progress ${phase} ${done}/${total}\n`),
    done() {},
  };
}

/**
 * A one-line progress bar on stderr while files are formatted: only on a terminal and
 * outside CI, so logs stay clean. It is the one thing this command writes as it goes.
 */
function progressBar(context: CommandContext): Progress | null {
  const { io } = context;
  if (!io.stderrIsTty || io.env['CI'] || io.env['MOFC_NO_PROGRESS']) return null;
  let shown = false;
  let last = 0;
  return {
    update({ phase, done, total }) {
      const now = Date.now();
      if ((phase === 'format' || phase === 'write') && done < total && now - last < 50) return;
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
