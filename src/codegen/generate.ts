/**
 * `mofc generate`, as a library function: inputs → compiled model → package on disk.
 *
 * Order of work, cheapest first:
 * 1. the manifest says nothing changed (generator, options, sources, outputs) → done,
 *    without loading the parser, ts-morph or prettier;
 * 2. compile the model (injected `compile`), plan, render every file (ts-morph writers);
 * 3. format with prettier only the files whose unformatted text changed since the last run;
 * 4. write only files whose final text differs, atomically; remove stale generated files.
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import type { Repository } from '../model/types.js';
import { createDiagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { codegenDiagnostics } from '../diagnostics/codes/codegen.js';
import { loadFormatter, type Formatter } from './format.js';
import {
  isOwnedOutput,
  isUpToDate,
  previousFiles,
  readExisting,
  readManifest,
  sha256,
  toolHash,
  writePackage,
  type Manifest,
  type ManifestFile,
} from './output.js';
import { loadWriterFactory, renderPackage, type RenderedFile } from './render.js';

export interface CompileRequest {
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

export interface GenerateOptions {
  readonly inputs: readonly string[];
  readonly includePaths?: readonly string[];
  readonly outDir: string;
  readonly packageName: string;
  readonly packageVersion?: string;
  readonly classes?: readonly string[];
  readonly locale?: string | null;
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

function optionsHash(o: GenerateOptions, cwd: string): string {
  return sha256(
    JSON.stringify({
      inputs: o.inputs.map((i) => path.resolve(cwd, i)),
      includePaths: (o.includePaths ?? []).map((i) => path.resolve(cwd, i)),
      packageName: o.packageName,
      packageVersion: o.packageVersion ?? '0.0.0',
      classes: o.classes ?? [],
      locale: o.locale ?? null,
      namespace: o.namespace ?? null,
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
  const manifest = readManifest(outDir);
  const tool = toolHash();
  const optHash = optionsHash(options, cwd);
  if (!options.force && !options.check && manifest && isUpToDate(outDir, manifest, tool, optHash)) {
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
  });
  diagnostics.push(...compiled.diagnostics);
  if (!compiled.repository || hasErrors(diagnostics)) return failed(outDir, diagnostics);

  options.onProgress?.({ phase: 'render', done: 0, total: 1 });
  const newWriter = await loadWriterFactory();
  const rendered = renderPackage(
    compiled.repository,
    {
      packageName: options.packageName,
      packageVersion: options.packageVersion ?? '0.0.0',
      ...(options.classes ? { classes: options.classes } : {}),
      locale: options.locale ?? null,
      ...(options.namespace ? { namespace: options.namespace } : {}),
    },
    newWriter,
  );
  diagnostics.push(...rendered.diagnostics);
  if (!rendered.plan || hasErrors(diagnostics)) return failed(outDir, diagnostics);

  // Format what changed; reuse the previous formatting of files whose unformatted text is the same.
  const toFormat = rendered.files.filter((f) => f.format && !reusable(outDir, manifest, f));
  let formatter = options.formatter;
  if (toFormat.length > 0 && !formatter) formatter = await loadFormatter();
  const finals: { path: string; text: string }[] = [];
  const entries: Record<string, ManifestFile> = {};
  let done = 0;
  for (const f of rendered.files) {
    const raw = sha256(f.text);
    let text: string;
    if (!f.format) text = f.text;
    else if (toFormat.includes(f)) {
      try {
        text = await formatter!(f.text, f.path);
      } catch (error) {
        diagnostics.push(createDiagnostic(codegenDiagnostics.MOF4006, undefined, [f.path, message(error)]));
        return failed(outDir, diagnostics);
      }
      done += 1;
      options.onProgress?.({ phase: 'format', done, total: toFormat.length });
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
  const newManifest: Manifest = { version: 1, tool, options: optHash, sources, files: entries };
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
      formatted: toFormat.length,
    };
  }
  options.onProgress?.({ phase: 'write', done: 0, total: 1 });
  try {
    const outcome = writePackage(outDir, finals, previousFiles(outDir, manifest), newManifest);
    return {
      status: 'generated',
      diagnostics,
      outDir,
      classes: rendered.plan.classes.size,
      written: outcome.written,
      removed: outcome.removed,
      unchanged: outcome.unchanged,
      formatted: toFormat.length,
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
