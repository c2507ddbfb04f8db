/**
 * `mofc generate`, as a library function: inputs → compiled model → package on disk.
 *
 * Order of work, cheapest first:
 * 1. finish or undo an interrupted earlier run (`recoverOutput`);
 * 2. the manifest says nothing changed (generator, options, sources, outputs) → done,
 *    without loading the parser, ts-morph or prettier;
 * 3. compile the model (injected `compile`), plan, render every file (ts-morph writers);
 * 4. format with prettier only the files whose unformatted text changed since the last run;
 * 5. stage the whole package beside the old one and swap it in (`write-package.ts`).
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import type { Repository } from '../model/types.js';
import type { SourceEncoding } from '../source/decode.js';
import { createDiagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { codegenDiagnostics } from '../diagnostics/codes/codegen.js';
import { packageVersion } from './tool-version.js';
import { loadFormatter, type Formatter } from './format.js';
import { generatedHeader } from './header.js';
import { isOwnedOutput, isUpToDate, previousFiles, readExisting, readManifest, sha256, toolHash, type Manifest, type ManifestFile } from './output.js';
import type { RenderedFile } from './render.js';
import type { SourceFileTransform } from './transform.js';
import { recoverOutput, withOutputLock, writePackage } from './write-package.js';

/** The front-end settings of a run: what `mofc check` and `mofc compile` take too. */
export interface FrontendOptions {
  readonly includePaths?: readonly string[];
  /** Namespace before any `#pragma namespace` (`-n`, default `root/cimv2`). */
  readonly defaultNamespace?: string;
  /** `dmtf` or `microsoft`; detected from the input when absent. */
  readonly dialect?: 'dmtf' | 'microsoft';
  /** Locale of the amendments (`.mfl`) to take, e.g. `0x409`. */
  readonly locale?: string | null;
  /** Read every file in this encoding instead of detecting it. */
  readonly encoding?: SourceEncoding;
  /** Largest file read, in bytes. */
  readonly maxFileSize?: number;
  /** Let includes read files outside the include roots. */
  readonly allowIncludeOutside?: boolean;
}

export interface CompileRequest extends FrontendOptions {
  readonly inputs: readonly string[];
  readonly includePaths: readonly string[];
  readonly cwd: string;
  readonly locale: string | null;
}

export interface CompiledInputs {
  readonly repository: Repository | null;
  readonly diagnostics: readonly Diagnostic[];
  /** Absolute paths of every source file read (includes followed). */
  readonly sources: readonly string[];
}

export type CompileFunction = (request: CompileRequest) => Promise<CompiledInputs>;

export interface GenerateProgress {
  readonly phase: 'compile' | 'render' | 'format' | 'write';
  readonly done: number;
  readonly total: number;
}

export interface GenerateOptions extends FrontendOptions {
  readonly inputs: readonly string[];
  readonly outDir: string;
  readonly packageName: string;
  readonly packageVersion?: string;
  readonly classes?: readonly string[];
  /** The namespace to generate, when the inputs declare several. */
  readonly generateNamespace?: string;
  /** @deprecated the former name of `generateNamespace`. */
  readonly namespace?: string;
  readonly cwd?: string;
  /** Regenerate even when the manifest says nothing changed. */
  readonly force?: boolean;
  /**
   * Check only (CI): compile and render everything (ignoring the manifest), write nothing, and
   * report in `written`/`removed` what a real run would change (status `out-of-date` if anything).
   */
  readonly check?: boolean;
  readonly compile: CompileFunction;
  readonly onProgress?: (progress: GenerateProgress) => void;
  /** Injected for tests; default prettier with the fixed configuration. */
  readonly formatter?: Formatter;
  /** Version named in generated headers; default this mofc's. */
  readonly generatorVersion?: string;
  /**
   * Post-processing of every generated TypeScript module as a ts-morph `SourceFile`, before
   * formatting (`transform` in `mofc.config.js`/`.mjs`). Its source text is part of the
   * up-to-date check: a change to code it calls elsewhere needs `--force`.
   */
  readonly transform?: SourceFileTransform;
}

export interface GenerateResult {
  readonly status: 'up-to-date' | 'generated' | 'out-of-date' | 'failed';
  readonly diagnostics: Diagnostic[];
  readonly outDir: string;
  readonly classes: number;
  readonly written: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: number;
  /** Files prettier formatted this run (the others reused their previous formatting). */
  readonly formatted: number;
}

const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

function generateNamespaceOf(o: GenerateOptions): string | undefined {
  return o.generateNamespace ?? o.namespace;
}

function optionsHash(o: GenerateOptions, cwd: string, version: string): string {
  return sha256(
    JSON.stringify({
      inputs: o.inputs.map((i) => path.resolve(cwd, i)),
      includePaths: (o.includePaths ?? []).map((i) => path.resolve(cwd, i)),
      packageName: o.packageName,
      packageVersion: o.packageVersion ?? '0.0.0',
      classes: o.classes ?? [],
      locale: o.locale ?? null,
      generateNamespace: generateNamespaceOf(o) ?? null,
      defaultNamespace: o.defaultNamespace ?? null,
      dialect: o.dialect ?? null,
      encoding: o.encoding ?? null,
      maxFileSize: o.maxFileSize ?? null,
      allowIncludeOutside: o.allowIncludeOutside === true,
      transform: o.transform ? sha256(o.transform.toString()) : null,
      version,
    }),
  );
}

function failed(outDir: string, diagnostics: Diagnostic[]): GenerateResult {
  return { status: 'failed', diagnostics, outDir, classes: 0, written: [], removed: [], unchanged: 0, formatted: 0 };
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const cwd = options.cwd ?? process.cwd();
  const outDir = path.resolve(cwd, options.outDir);
  const diagnostics: Diagnostic[] = [];
  if (!PACKAGE_NAME.test(options.packageName) || options.packageName.length > 214) {
    return failed(outDir, [createDiagnostic(codegenDiagnostics.MOF4011, undefined, [options.packageName])]);
  }
  if (options.inputs.length === 0) {
    return failed(outDir, [createDiagnostic(codegenDiagnostics.MOF4009, undefined, ['input files'])]);
  }
  const version = options.generatorVersion ?? packageVersion();
  if (!options.check) {
    // An earlier run killed mid-write is finished (or undone) before anything reads the directory.
    try {
      withOutputLock(outDir, (paths) => recoverOutput(paths));
    } catch (error) {
      return failed(outDir, [createDiagnostic(codegenDiagnostics.MOF4007, undefined, [outDir, message(error)])]);
    }
  }
  const manifest = readManifest(outDir);
  const tool = toolHash();
  const optHash = optionsHash(options, cwd, version);
  // Standard input (`-`) leaves nothing to compare with next time: such a run always regenerates.
  const fromStdin = options.inputs.includes('-');
  if (!options.force && !options.check && !fromStdin && manifest && isUpToDate(outDir, manifest, tool, optHash)) {
    // Nothing is compiled: the warnings are those the run that wrote the package found.
    for (const d of manifest.diagnostics ?? []) diagnostics.push(d);
    return {
      status: 'up-to-date',
      diagnostics,
      outDir,
      classes: Object.keys(manifest.files).filter((f) => f.startsWith('src/classes/')).length,
      written: [],
      removed: [],
      unchanged: Object.keys(manifest.files).length,
      formatted: 0,
    };
  }
  if (!isOwnedOutput(outDir, manifest)) {
    return failed(outDir, [createDiagnostic(codegenDiagnostics.MOF4010, undefined, [outDir])]);
  }

  options.onProgress?.({ phase: 'compile', done: 0, total: 1 });
  const compiled = await options.compile({
    inputs: options.inputs,
    includePaths: options.includePaths ?? [],
    cwd,
    locale: options.locale ?? null,
    ...(options.defaultNamespace !== undefined ? { defaultNamespace: options.defaultNamespace } : {}),
    ...(options.dialect !== undefined ? { dialect: options.dialect } : {}),
    ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
    ...(options.maxFileSize !== undefined ? { maxFileSize: options.maxFileSize } : {}),
    ...(options.allowIncludeOutside ? { allowIncludeOutside: true } : {}),
  });
  for (const item of compiled.diagnostics) diagnostics.push(item);
  if (!compiled.repository || hasErrors(diagnostics)) return failed(outDir, diagnostics);

  options.onProgress?.({ phase: 'render', done: 0, total: 1 });
  // Loaded only now: rendering pulls in ts-morph, which an up-to-date run never needs.
  const { renderPackage } = await import('./render.js');
  const generateNamespace = generateNamespaceOf(options);
  const rendered = renderPackage(
    compiled.repository,
    {
      packageName: options.packageName,
      packageVersion: options.packageVersion ?? '0.0.0',
      ...(options.classes ? { classes: options.classes } : {}),
      locale: options.locale ?? null,
      ...(generateNamespace ? { namespace: generateNamespace } : {}),
      header: generatedHeader(version, options.inputs),
      generatorVersion: version,
    },
  );
  for (const item of rendered.diagnostics) diagnostics.push(item);
  if (!rendered.plan || hasErrors(diagnostics)) return failed(outDir, diagnostics);
  let files = rendered.files;
  if (options.transform) {
    const { applyTransform, TransformError } = await import('./transform.js');
    try {
      files = await applyTransform(files, options.transform, { packageName: options.packageName, namespace: rendered.plan.namespace });
    } catch (error) {
      if (!(error instanceof TransformError)) throw error;
      const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
      diagnostics.push(createDiagnostic(codegenDiagnostics.MOF4013, undefined, [error.path, cause]));
      return failed(outDir, diagnostics);
    }
  }

  // Format what changed; reuse the previous formatting of files whose unformatted text is the same.
  const toFormat = new Set(files.filter((f) => f.format && !reusable(outDir, manifest, f)));
  let formatter = options.formatter;
  if (toFormat.size > 0 && !formatter) formatter = await loadFormatter();
  const finals: { path: string; text: string }[] = [];
  const entries: Record<string, ManifestFile> = {};
  let done = 0;
  for (const f of files) {
    const raw = sha256(f.text);
    let text: string;
    if (!f.format) text = f.text;
    else if (toFormat.has(f)) {
      try {
        text = await formatter!(f.text, f.path);
      } catch (error) {
        diagnostics.push(createDiagnostic(codegenDiagnostics.MOF4006, undefined, [f.path, message(error)]));
        return failed(outDir, diagnostics);
      }
      done += 1;
      options.onProgress?.({ phase: 'format', done, total: toFormat.size });
    } else text = readExisting(outDir, f.path)!;
    finals.push({ path: f.path, text });
    entries[f.path] = { raw, hash: sha256(text) };
  }

  const sources: Record<string, string> = {};
  for (const source of [...compiled.sources].sort()) {
    try {
      sources[source] = sha256(fs.readFileSync(source));
    } catch {
      sources[source] = '';
    }
  }
  const kept = diagnostics.filter((d) => d.severity !== 'error');
  const newManifest: Manifest = { version: 1, tool, options: optHash, sources, files: entries, ...(kept.length > 0 ? { diagnostics: kept } : {}) };
  if (options.check) {
    const current = new Set(finals.map((f) => f.path));
    const differ = finals.filter((f) => readExisting(outDir, f.path) !== f.text).map((f) => f.path);
    const stale = [...previousFiles(outDir, manifest)].filter((f) => !current.has(f)).sort();
    return {
      status: differ.length > 0 || stale.length > 0 ? 'out-of-date' : 'up-to-date',
      diagnostics,
      outDir,
      classes: rendered.plan.classes.size,
      written: differ,
      removed: stale,
      unchanged: finals.length - differ.length,
      formatted: toFormat.size,
    };
  }
  options.onProgress?.({ phase: 'write', done: 0, total: finals.length + 1 });
  try {
    const outcome = withOutputLock(outDir, (paths) => {
      recoverOutput(paths);
      return writePackage(paths, finals, previousFiles(paths.out, readManifest(paths.out)), newManifest, {
        onProgress: (written, total) => options.onProgress?.({ phase: 'write', done: written, total }),
      });
    });
    return {
      status: 'generated',
      diagnostics,
      outDir,
      classes: rendered.plan.classes.size,
      written: outcome.written,
      removed: outcome.removed,
      unchanged: outcome.unchanged,
      formatted: toFormat.size,
    };
  } catch (error) {
    diagnostics.push(createDiagnostic(codegenDiagnostics.MOF4007, undefined, [outDir, message(error)]));
    return failed(outDir, diagnostics);
  }
}

function reusable(outDir: string, manifest: Manifest | null, f: RenderedFile): boolean {
  const entry = manifest?.files[f.path];
  if (!entry || entry.raw !== sha256(f.text)) return false;
  const existing = readExisting(outDir, f.path);
  return existing !== null && sha256(existing) === entry.hash;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

