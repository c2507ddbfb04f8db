/**
 * The settings of a command run: the config file (found, named, or refused) merged
 * with the command line. The rule, the same for every command: inputs named on the
 * command line replace the config's inputs, and every other option given on the
 * command line replaces the config's value for it. The CLI says which config it used
 * and whether its inputs were replaced (on stderr, unless `--quiet`).
 */
import * as path from 'node:path';
import { ConfigError, findConfigFile, frontendFor, loadConfig, type LoadedConfig } from '../config/load.js';
import { createDiagnostic } from '../diagnostics/diagnostic.js';
import { codegenDiagnostics } from '../diagnostics/codes/codegen.js';
import { displayPath } from '../source/paths.js';
import { renderHuman } from '../diagnostics/render-human.js';
import { renderJson } from '../diagnostics/render-json.js';
import { formatSummary } from '../diagnostics/summary.js';
import { ExitCode, usageError, type CommandResult } from './command.js';
import type { SourceOptions } from './options.js';

export interface ConfigFlags {
  readonly config?: string | undefined;
  readonly 'no-config'?: boolean | undefined;
}

export type ConfigOutcome = { readonly ok: true; readonly loaded: LoadedConfig | null } | { readonly ok: false; readonly result: CommandResult };

/** Finds and loads the config the flags ask for; a broken one is MOF4008 (exit 1), conflicting flags a usage error. */
export async function resolveConfig(flags: ConfigFlags, cwd: string, format: string): Promise<ConfigOutcome> {
  if (flags.config !== undefined && flags['no-config']) {
    return { ok: false, result: { exitCode: ExitCode.usage, stderr: 'mofc: --config and --no-config exclude each other\n' } };
  }
  const file = flags['no-config'] ? null : findConfigFile(cwd, flags.config);
  if (!file) return { ok: true, loaded: null };
  try {
    return { ok: true, loaded: await loadConfig(file) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const d = createDiagnostic(codegenDiagnostics.MOF4008, undefined, [shownPath(cwd, error.file), error.message]);
    const text = format === 'json' ? renderJson([d]) : renderHuman([d], () => undefined, { color: false }) + formatSummary([d]) + '\n';
    return { ok: false, result: { exitCode: ExitCode.errors, stdout: text } };
  }
}

/** The front-end settings after merging: paths as the user should see them (relative to `cwd` when inside it). */
export interface MergedFrontend {
  readonly inputs: string[];
  readonly includePaths: string[];
  readonly namespace: string | undefined;
  readonly dialect: 'dmtf' | 'microsoft' | undefined;
  readonly locale: string | undefined;
}

export interface CommandLineFrontend {
  readonly inputs: readonly string[];
  readonly includePaths: readonly string[] | undefined;
  readonly namespace: string | undefined;
  readonly dialect: 'dmtf' | 'microsoft' | undefined;
  readonly locale: string | undefined;
}

export function mergeFrontend(
  loaded: LoadedConfig | null,
  command: 'generate' | 'check' | 'compile',
  cli: CommandLineFrontend,
  cwd: string,
): MergedFrontend {
  const config = loaded ? frontendFor(loaded.config, command) : {};
  const shown = (p: string) => shownPath(cwd, p);
  return {
    inputs: cli.inputs.length > 0 ? [...cli.inputs] : (config.inputs ?? []).map(shown),
    includePaths: cli.includePaths ? [...cli.includePaths] : (config.includePaths ?? []).map(shown),
    namespace: cli.namespace ?? config.namespace,
    dialect: cli.dialect ?? config.dialect,
    locale: cli.locale ?? config.locale,
  };
}

/** `mofc: using config mofc.config.json` (and, when the command line named inputs, that they replace the config's). */
export function configNote(loaded: LoadedConfig | null, cwd: string, inputsOnCommandLine: boolean): string {
  if (!loaded) return '';
  const replaced = inputsOnCommandLine ? ' (its inputs replaced by those on the command line)' : '';
  return `mofc: using config ${shownPath(cwd, loaded.path)}${replaced}\n`;
}

/** A path as the user should see it: relative to `cwd` when inside it (`.` for `cwd` itself), else absolute. */
export function shownPath(cwd: string, p: string): string {
  return path.resolve(cwd, p) === path.resolve(cwd) ? '.' : displayPath(p, cwd);
}

/** `--max-warnings <n>`: a count, or a usage message. */
export function parseMaxWarnings(text: string | undefined): { ok: true; value: number | undefined } | { ok: false; message: string } {
  if (text === undefined) return { ok: true, value: undefined };
  if (!/^\d{1,9}$/.test(text)) return { ok: false, message: `invalid --max-warnings '${text}' (expected a whole number, 0 or more)` };
  return { ok: true, value: Number(text) };
}

/**
 * `check` and `compile`: the config's inputs and front-end options under the command
 * line's (see the rule above). Returns the merged options and the note to print, or the
 * result to exit with (a broken config, no inputs at all).
 */
export async function withConfig(
  options: SourceOptions,
  command: 'check' | 'compile',
  cwd: string,
): Promise<{ readonly options: SourceOptions; readonly note: string } | CommandResult> {
  if (options.noConfig && options.config !== undefined) return usageError('--config and --no-config exclude each other', command);
  const config = await resolveConfig({ config: options.config, 'no-config': options.noConfig }, cwd, options.format);
  if (!config.ok) return config.result;
  const merged = mergeFrontend(config.loaded, command, {
    inputs: options.files,
    includePaths: options.includePaths.length > 0 ? options.includePaths : undefined,
    namespace: options.namespace,
    dialect: options.dialect,
    locale: options.locale,
  }, cwd);
  if (merged.inputs.length === 0) return usageError('no input files', command);
  // Said only when the config supplied something to this run: a config that holds only a
  // `generate` section does not change what `check` does, so `check` says nothing of it.
  const fromConfig = config.loaded ? frontendFor(config.loaded.config, command) : {};
  const supplied =
    (options.files.length === 0 && fromConfig.inputs !== undefined) ||
    (options.includePaths.length === 0 && fromConfig.includePaths !== undefined) ||
    (options.namespace === undefined && fromConfig.namespace !== undefined) ||
    (options.dialect === undefined && fromConfig.dialect !== undefined) ||
    (options.locale === undefined && fromConfig.locale !== undefined);
  const note = options.quiet || !supplied ? '' : configNote(config.loaded, cwd, options.files.length > 0 && fromConfig.inputs !== undefined);
  return {
    options: {
      ...options,
      files: merged.inputs,
      includePaths: merged.includePaths,
      namespace: merged.namespace,
      dialect: merged.dialect,
      // --locale belongs to compile; check takes the config's only for the model it builds.
      locale: merged.locale,
    },
    note,
  };
}
