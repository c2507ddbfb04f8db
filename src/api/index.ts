/**
 * mofc's programmatic API: `import { compile, generate } from 'mofc'`. The CLI is a
 * thin layer over these functions. Diagnostics come back as data (`Diagnostic[]`);
 * nothing here prints. Documented in docs/api.md.
 */
import * as path from 'node:path';
import { compareDiagnostics, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { renderHuman } from '../diagnostics/render-human.js';
import { renderJson } from '../diagnostics/render-json.js';
import { formatSummary } from '../diagnostics/summary.js';
import type { Repository } from '../model/types.js';
import type { Program } from '../source/load.js';
import { generate as generatePackage, type GenerateProgress, type GenerateResult } from '../codegen/generate.js';
import type { SourceEncoding } from '../source/decode.js';
import type { SourceFileTransform } from '../codegen/transform.js';
import { compileWithFrontend, type FrontendServices } from './frontend.js';

export type { Diagnostic, Severity, Span, Position, RelatedInformation } from '../diagnostics/diagnostic.js';
export type { Repository, NamespaceModel, ClassModel, PropertyModel, MethodModel } from '../model/types.js';
export type { GenerateResult, GenerateProgress } from '../codegen/generate.js';
export type { SourceFileTransform, TransformContext } from '../codegen/transform.js';
export { CONFIG_FILE_NAMES, ConfigError, findConfigFile, loadConfig, type MofcConfig, type GenerateConfig, type FrontendConfig } from '../config/load.js';
export { providedLocales } from './frontend.js';

/** What every function that reads MOF takes. Relative paths resolve against `cwd`. */
export interface SourceOptions {
  /** MOF files to read (`.mfl` amendment files too); their `#pragma include`s are followed. */
  readonly inputs: readonly string[];
  /** Directories searched for included files, after the including file's own directory. */
  readonly includePaths?: readonly string[];
  /** The namespace before any `#pragma namespace` (default `root/cimv2`). */
  readonly defaultNamespace?: string;
  /** `dmtf` or `microsoft`; detected from the input when absent. */
  readonly dialect?: 'dmtf' | 'microsoft';
  /** Take this locale's amendments (`0x409`, `ms_409`, `1033`); one the inputs do not provide is an error (MOF4012). */
  readonly locale?: string;
  /** Read every file in this encoding instead of detecting it. */
  readonly encoding?: SourceEncoding;
  /** Largest file read, in bytes (default 64 MiB). */
  readonly maxFileSize?: number;
  /** Let `#pragma include` read files outside the include roots (the inputs' directories and `includePaths`). */
  readonly allowIncludeOutside?: boolean;
  /** Default `process.cwd()`. */
  readonly cwd?: string;
}

/** Replacements for what mofc reads (tests, editors with unsaved buffers); each optional. */
export interface CompileServices extends FrontendServices {
  /** Called with the loaded program (for rendering diagnostics with code frames). */
  readonly onProgram?: (program: Program) => void;
}

export interface CompileOutcome {
  /** False when any diagnostic is an error. */
  readonly ok: boolean;
  /** The compiled schema (also when there are errors, as far as it could be built), or null. */
  readonly repository: Repository | null;
  /** Sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Absolute paths of every file read. */
  readonly files: readonly string[];
  /** Renders the diagnostics as the CLI does (`human`: code frames and a summary line; `json`: docs/cli.md's report). */
  format(format?: 'human' | 'json'): string;
}

/** Reads and compiles MOF files: the schema model and every diagnostic, as `mofc compile` does. */
export async function compile(options: SourceOptions, services: CompileServices = {}): Promise<CompileOutcome> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const result = await compileWithFrontend(
    {
      inputs: options.inputs,
      includePaths: options.includePaths ?? [],
      cwd,
      locale: options.locale ?? null,
      ...frontendOptions(options),
    },
    services,
  );
  services.onProgram?.(result.program);
  const diagnostics = result.diagnostics.map(plainDiagnostic).sort(compareDiagnostics);
  return {
    ok: !diagnostics.some((d) => d.severity === 'error'),
    repository: result.repository,
    diagnostics,
    files: result.sources,
    format: (format = 'human') => formatDiagnostics(diagnostics, format, result.program),
  };
}

export interface GenerateOptions extends SourceOptions {
  /** Output directory of the package. */
  readonly out: string;
  /** npm package name. */
  readonly packageName: string;
  /** npm package version (default 0.0.0). */
  readonly packageVersion?: string;
  /** Only classes matching these globs (`*`, `?`, case-insensitive) and the classes they need. */
  readonly classes?: readonly string[];
  /** The namespace to generate, when the inputs declare several. */
  readonly generateNamespace?: string;
  /** Regenerate even when nothing changed. */
  readonly force?: boolean;
  /** Write nothing; report what a real run would change (status `out-of-date`). */
  readonly check?: boolean;
  readonly onProgress?: (progress: GenerateProgress) => void;
  /** Edits each generated TypeScript module (a ts-morph `SourceFile`) before it is formatted. */
  readonly transform?: SourceFileTransform;
}

/**
 * Generates (or brings up to date) a typed SDK package, as `mofc generate` does. The
 * directory always holds a whole package: the previous one or the new one.
 */
export async function generate(options: GenerateOptions, services: CompileServices = {}): Promise<GenerateResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const result = await generatePackage({
    inputs: options.inputs,
    outDir: options.out,
    packageName: options.packageName,
    cwd,
    compile: async (request) => {
      const compiled = await compileWithFrontend(request, services);
      services.onProgram?.(compiled.program);
      return compiled;
    },
    ...(options.includePaths ? { includePaths: options.includePaths } : {}),
    ...frontendOptions(options),
    ...(options.locale !== undefined ? { locale: options.locale } : {}),
    ...(options.packageVersion !== undefined ? { packageVersion: options.packageVersion } : {}),
    ...(options.classes ? { classes: options.classes } : {}),
    ...(options.generateNamespace !== undefined ? { generateNamespace: options.generateNamespace } : {}),
    ...(options.force ? { force: true } : {}),
    ...(options.check ? { check: true } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.transform ? { transform: options.transform } : {}),
  });
  return { ...result, diagnostics: result.diagnostics.map(plainDiagnostic) };
}

/**
 * A diagnostic as plain data. Inside the compiler a span computes its line
 * and column when read (src/source/source-file.ts); what the API hands out
 * survives `structuredClone`, `postMessage` and `{ ...span }` as well.
 */
function plainDiagnostic(diagnostic: Diagnostic): Diagnostic {
  const plain: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = { ...diagnostic };
  if (diagnostic.span) plain.span = plainSpan(diagnostic.span);
  if (diagnostic.related) plain.related = diagnostic.related.map((r) => ({ ...r, span: plainSpan(r.span) }));
  return plain;
}

function plainSpan(span: Span): Span {
  return { file: span.file, start: span.start, end: span.end };
}

function frontendOptions(o: SourceOptions) {
  return {
    ...(o.defaultNamespace !== undefined ? { defaultNamespace: o.defaultNamespace } : {}),
    ...(o.dialect !== undefined ? { dialect: o.dialect } : {}),
    ...(o.encoding !== undefined ? { encoding: o.encoding } : {}),
    ...(o.maxFileSize !== undefined ? { maxFileSize: o.maxFileSize } : {}),
    ...(o.allowIncludeOutside ? { allowIncludeOutside: true } : {}),
  };
}

/** Diagnostics as text: `human` (code frames when the program is given, then a summary line) or `json`. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], format: 'human' | 'json' = 'human', program?: Program): string {
  const sorted = [...diagnostics].sort(compareDiagnostics);
  if (format === 'json') return renderJson(sorted);
  const lookup = (file: string) => program?.files.get(file)?.source;
  return renderHuman(sorted, lookup, { color: false }) + formatSummary(sorted) + '\n';
}
