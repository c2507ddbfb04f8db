import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { IncludePragma, MofFile } from '../ast/nodes.js';
import { createDiagnostic, type Diagnostic, type RelatedInformation, type Span } from '../diagnostics/diagnostic.js';
import { sourceDiagnostics } from '../diagnostics/codes/source.js';
import { decodeSource, type DetectedEncodingName } from './decode.js';
import { displayPath, includeCandidates } from './paths.js';
import { SourceFile } from './source-file.js';

/**
 * Loads a MOF program: the root files and, transitively, every file they
 * `#pragma include` (or `#include`). Each file is read, decoded and parsed
 * once. Reading is the only I/O, and it is injectable.
 *
 * Include semantics (documented in docs/decisions/source-includes.md):
 * - `#pragma include("x")` looks for `x` next to the including file, then in
 *   each include path in order; backslashes are separators.
 * - A file is compiled once, at its first inclusion. A later include of the
 *   same file (not a cycle) gets its `resolvedPath` set and an info MOF1008;
 *   consumers that follow includes must skip files they have already
 *   compiled (`compilationOrder` does). DMTF's tree includes each file once,
 *   and compiling a file twice would only redeclare the same classes.
 * - An include that would close a cycle is an error MOF1007 naming the chain;
 *   its `resolvedPath` stays unset, so walking includes always terminates.
 */

/** The parser, injected so the loader can be tested without it (and the parser without I/O). */
export type ParseFunction = (source: SourceFile) => { file: MofFile; diagnostics: Diagnostic[] };

/** Reads a whole file by absolute path; throws a Node-style error (`code: 'ENOENT'`, …) when it cannot. */
export type ReadFile = (absolutePath: string) => Uint8Array;

export interface LoadOptions {
  /** Root files, as the user gave them (relative to `cwd`, or absolute). */
  readonly roots: readonly string[];
  /** Include directories (`-I`), searched in order after the including file's own directory. */
  readonly includePaths?: readonly string[];
  readonly parse: ParseFunction;
  /** Defaults to `fs.readFileSync`. */
  readonly readFile?: ReadFile;
  /** Directory that relative paths are resolved against and display paths are relative to. Defaults to `process.cwd()`. */
  readonly cwd?: string;
}

export interface LoadedFile {
  /** The path spans carry: as given for roots; relative to `cwd` (when under it) for included files. */
  readonly path: string;
  readonly absolutePath: string;
  readonly encoding: DetectedEncodingName;
  readonly source: SourceFile;
  readonly ast: MofFile;
}

export interface Program {
  /** Keys in `files` of the roots that could be read, in the order given, without duplicates. */
  readonly roots: string[];
  /**
   * Every file read, keyed by its display path (`LoadedFile.path`, the
   * `resolvedPath` of the pragmas that include it). Iteration order is the
   * order in which files were first reached: depth-first, in statement order.
   */
  readonly files: Map<string, LoadedFile>;
  /** Source diagnostics (MOF10xx) and the parser's, in the order found. */
  readonly diagnostics: Diagnostic[];
}

/** Deepest include nesting followed; far beyond any real schema (DMTF's is 2), well within the stack. */
export const MAX_INCLUDE_DEPTH = 100;

export function loadProgram(options: LoadOptions): Program {
  const loader = new ProgramLoader(options);
  return loader.load();
}

/** What reading one candidate path gave. */
type ReadOutcome =
  | { kind: 'read'; bytes: Uint8Array }
  | { kind: 'missing' }
  | { kind: 'directory' }
  | { kind: 'failed'; reason: string };

/** A file on the current include chain, and the pragma through which it includes the next one. */
interface ChainLink {
  readonly file: LoadedFile;
  pragma?: IncludePragma;
}

class ProgramLoader {
  private readonly cwd: string;
  private readonly includePaths: readonly string[];
  private readonly readFile: ReadFile;
  private readonly parse: ParseFunction;
  private readonly files = new Map<string, LoadedFile>();
  private readonly byAbsolutePath = new Map<string, LoadedFile>();
  /** Where each file was first included, for MOF1008's note. */
  private readonly firstInclusion = new Map<string, Span>();
  private readonly diagnostics: Diagnostic[] = [];
  private readonly chain: ChainLink[] = [];

  constructor(private readonly options: LoadOptions) {
    this.cwd = options.cwd ?? process.cwd();
    this.includePaths = options.includePaths ?? [];
    this.readFile = options.readFile ?? ((path) => readFileSync(path));
    this.parse = options.parse;
  }

  load(): Program {
    const roots: string[] = [];
    for (const root of this.options.roots) {
      const absolutePath = nodePath.resolve(this.cwd, root);
      const loaded = this.byAbsolutePath.get(absolutePath);
      if (loaded) {
        if (!roots.includes(loaded.path)) roots.push(loaded.path);
        continue;
      }
      const outcome = this.read(absolutePath);
      if (outcome.kind === 'missing') {
        this.diagnostics.push(createDiagnostic(sourceDiagnostics.fileNotFound, undefined, [root]));
      } else if (outcome.kind === 'directory' || outcome.kind === 'failed') {
        const reason = outcome.kind === 'directory' ? 'it is a directory' : outcome.reason;
        this.diagnostics.push(createDiagnostic(sourceDiagnostics.fileUnreadable, undefined, [root, reason]));
      } else {
        const file = this.addFile(root, absolutePath, outcome.bytes);
        roots.push(file.path);
        this.followIncludes(file);
      }
    }
    return { roots, files: this.files, diagnostics: this.diagnostics };
  }

  private addFile(path: string, absolutePath: string, bytes: Uint8Array): LoadedFile {
    const decoded = decodeSource(bytes, path);
    const source = new SourceFile(path, decoded.text);
    const parsed = this.parse(source);
    const file: LoadedFile = { path, absolutePath, encoding: decoded.encoding, source, ast: parsed.file };
    this.files.set(path, file);
    this.byAbsolutePath.set(absolutePath, file);
    // A loop, not push(...spread): a garbage file can yield more diagnostics than a call takes arguments.
    for (const diagnostic of decoded.diagnostics) this.diagnostics.push(diagnostic);
    for (const diagnostic of parsed.diagnostics) this.diagnostics.push(diagnostic);
    return file;
  }

  private followIncludes(file: LoadedFile): void {
    const link: ChainLink = { file };
    this.chain.push(link);
    for (const statement of file.ast.statements) {
      if (statement.kind !== 'IncludePragma') continue;
      link.pragma = statement;
      this.include(file, statement);
    }
    this.chain.pop();
  }

  private include(from: LoadedFile, pragma: IncludePragma): void {
    if (this.chain.length > MAX_INCLUDE_DEPTH) {
      this.diagnostics.push(createDiagnostic(sourceDiagnostics.includeTooDeep, pragma.span, [MAX_INCLUDE_DEPTH]));
      return;
    }
    const candidates = includeCandidates(pragma.path, from.absolutePath, this.includePaths, this.cwd);
    for (const absolutePath of candidates) {
      const loaded = this.byAbsolutePath.get(absolutePath);
      if (loaded) {
        this.includeAgain(loaded, pragma);
        return;
      }
      const outcome = this.read(absolutePath);
      // A directory with the included name is not the file being looked for: keep searching.
      if (outcome.kind === 'missing' || outcome.kind === 'directory') continue;
      if (outcome.kind === 'failed') {
        const path = displayPath(absolutePath, this.cwd);
        this.diagnostics.push(createDiagnostic(sourceDiagnostics.fileUnreadable, pragma.span, [path, outcome.reason]));
        return;
      }
      const file = this.addFile(displayPath(absolutePath, this.cwd), absolutePath, outcome.bytes);
      pragma.resolvedPath = file.path;
      this.firstInclusion.set(file.path, pragma.span);
      this.followIncludes(file);
      return;
    }
    const searched = candidates.map((candidate) => `'${displayPath(candidate, this.cwd)}'`).join(', ');
    this.diagnostics.push(createDiagnostic(sourceDiagnostics.includeNotFound, pragma.span, [pragma.path, searched]));
  }

  /** An include of a file already loaded: a cycle if the file is on the current chain, else a harmless repeat. */
  private includeAgain(file: LoadedFile, pragma: IncludePragma): void {
    const cycleStart = this.chain.findIndex((link) => link.file === file);
    if (cycleStart === -1) {
      pragma.resolvedPath = file.path;
      const first = this.firstInclusion.get(file.path);
      const related: RelatedInformation[] = first ? [{ message: 'first included here', span: first }] : [];
      this.diagnostics.push(createDiagnostic(sourceDiagnostics.includedTwice, pragma.span, [file.path], related));
      return;
    }
    const cycle = this.chain.slice(cycleStart);
    const names = [...cycle.map((link) => link.file.path), file.path].join(' -> ');
    // Every include in the cycle but the one reported, so the reader can follow it.
    const related: RelatedInformation[] = [];
    for (let i = 0; i < cycle.length - 1; i++) {
      const link = cycle[i]!;
      const next = cycle[i + 1]!;
      // The note's location names the including file; the message names the included one.
      if (link.pragma) related.push({ message: `includes '${next.file.path}'`, span: link.pragma.span });
    }
    this.diagnostics.push(createDiagnostic(sourceDiagnostics.includeCycle, pragma.span, [names], related));
  }

  private read(absolutePath: string): ReadOutcome {
    try {
      return { kind: 'read', bytes: this.readFile(absolutePath) };
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
      if (code === 'EISDIR') return { kind: 'directory' };
      return { kind: 'failed', reason: describeReadError(error) };
    }
  }
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      if (typeof code === 'string') return code;
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The order in which statements are to be compiled: each file's statements
 * in order, an include replaced by the included file's statements the first
 * time that file is reached (and skipped after), roots in order.
 */
export function* compilationOrder(program: Program): Generator<{ file: LoadedFile; statement: MofFile['statements'][number] }> {
  const compiled = new Set<string>();
  function* walk(file: LoadedFile): Generator<{ file: LoadedFile; statement: MofFile['statements'][number] }> {
    compiled.add(file.path);
    for (const statement of file.ast.statements) {
      if (statement.kind === 'IncludePragma') {
        const included = statement.resolvedPath === undefined ? undefined : program.files.get(statement.resolvedPath);
        if (included && !compiled.has(included.path)) yield* walk(included);
        continue;
      }
      yield { file, statement };
    }
  }
  for (const root of program.roots) {
    const file = program.files.get(root);
    if (file && !compiled.has(root)) yield* walk(file);
  }
}
