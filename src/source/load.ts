import * as nodePath from 'node:path';
import type { IncludePragma, MofFile } from '../ast/nodes.js';
import { createDiagnostic, type Diagnostic, type RelatedInformation, type Span } from '../diagnostics/diagnostic.js';
import { sourceDiagnostics } from '../diagnostics/codes/source.js';
import { decodeSource, type DetectedEncodingName, type SourceEncoding } from './decode.js';
import { displayPath, includeCandidates, isInside } from './paths.js';
import {
  DEFAULT_MAX_FILE_SIZE,
  listDirectoryOnDisk,
  readSourceBytes,
  realPathCachedOnDisk,
  type ListDirectory,
  type ReadFile,
  type RealPath,
} from './read.js';
import { SourceFile } from './source-file.js';

export type { ReadFile } from './read.js';

/**
 * Loads a MOF program: the root files and, transitively, every file they
 * `#pragma include` (or `#include`). Each file is read, decoded and parsed
 * once. Reading is the only I/O, and it is injectable.
 *
 * Include semantics (docs/decisions/0006-source-includes.md,
 * 0018-include-safety.md):
 * - `#pragma include("x")` looks for `x` next to the including file, then in
 *   each include path in order; backslashes are separators. Where `x` is not
 *   found with its exact case, a file matching it ignoring case is used (with
 *   a warning), as Windows finds it; two such files are an error.
 * - Only files inside the include roots (the directories of the root files
 *   and the `-I` directories, symlinks resolved) are read, unless
 *   `allowIncludeOutside`: an untrusted MOF cannot make mofc read, and show in
 *   a code frame, any file on the machine.
 * - Files are identified by real path (symlinks resolved), so a file reached
 *   under two names, or through a symlink loop, is one file.
 * - A file is compiled once, at its first inclusion. A later include of the
 *   same file (not a cycle) resolves to it (`Program.includes`) with an info MOF1008;
 *   consumers that follow includes must skip files they have already
 *   compiled (`compilationOrder` does). DMTF's tree includes each file once,
 *   and compiling a file twice would only redeclare the same classes.
 * - An include that would close a cycle is an error MOF1007 naming the chain;
 *   it resolves to nothing, so walking includes always terminates.
 * - Reading is bounded (read.ts): a FIFO, a device or a file above
 *   `maxFileSize` is a diagnostic, never a hang or an unbounded read.
 */

/** The parser, injected so the loader can be tested without it (and the parser without I/O). */
export type ParseFunction = (source: SourceFile) => { file: MofFile; diagnostics: Diagnostic[] };

export interface LoadOptions {
  /** Root files, as the user gave them (relative to `cwd`, or absolute). */
  readonly roots: readonly string[];
  /** Include directories (`-I`), searched in order after the including file's own directory. */
  readonly includePaths?: readonly string[];
  readonly parse: ParseFunction;
  /** Defaults to `readSourceBytes` (bounded, non-blocking). An injected reader's result is checked against `maxFileSize` too. */
  readonly readFile?: ReadFile;
  /** Resolves symlinks; defaults to the file system's (a path it cannot resolve stands for itself). */
  readonly realPath?: RealPath;
  /** Lists a directory, for include names matched ignoring case; defaults to the file system's. */
  readonly listDirectory?: ListDirectory;
  /** Directory that relative paths are resolved against and display paths are relative to. Defaults to `process.cwd()`. */
  readonly cwd?: string;
  /** Largest file read, in bytes (`--max-file-size`); default 64 MiB. */
  readonly maxFileSize?: number;
  /** Read included files outside the include roots too (`--allow-include-outside`). */
  readonly allowIncludeOutside?: boolean;
  /** Read every file in this encoding (`--encoding`) instead of detecting it. */
  readonly encoding?: SourceEncoding;
  /**
   * The dialect, when the user gave it (`--dialect`): a BOM-less file that is
   * not valid UTF-8 is read as Windows-1252 in the Microsoft dialect, as UTF-8
   * (invalid bytes reported) in the DMTF one. Without it, as Windows-1252 when
   * the file or one loaded before it shows a Microsoft-only pragma, or the
   * file is an `.mfl`.
   */
  readonly dialect?: 'dmtf' | 'microsoft';
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
  /** The file each include pragma resolved to (its key in `files`); a pragma that failed has none. */
  readonly includes: ReadonlyMap<IncludePragma, string>;
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
  | { kind: 'tooLarge' }
  | { kind: 'failed'; reason: string };

/**
 * Pragmas only mofcomp knows (the subset of the model's dialect detection
 * that a text scan can see). `#pragma namespace("\\\\.\\root…")`, a
 * machine-qualified namespace, counts too.
 */
const MICROSOFT_PRAGMA =
  /#[ \t]*pragma[ \t]+(?:classflags|autorecover|deleteclass|deleteinstance|instanceflags|amendment|instancelocale|nonlocal|nonlocaltype)\b|#[ \t]*pragma[ \t]+namespace[ \t]*\([ \t]*"\\\\\\\\/i;

/** A file on the current include chain, and the pragma through which it includes the next one. */
interface ChainLink {
  readonly file: LoadedFile;
  pragma?: IncludePragma;
}

class ProgramLoader {
  private readonly cwd: string;
  private readonly includePaths: readonly string[];
  private readonly readFile: ReadFile;
  private readonly realPath: RealPath;
  private readonly listDirectory: ListDirectory;
  private readonly maxFileSize: number;
  private readonly parse: ParseFunction;
  private readonly files = new Map<string, LoadedFile>();
  private readonly includes = new Map<IncludePragma, string>();
  /** By real path: one entry per file, whatever name reached it. */
  private readonly byRealPath = new Map<string, LoadedFile>();
  /** Directories includes may read from (lexical and real forms); see `load`. */
  private readonly includeRoots: string[] = [];
  /** How many loaded files have been scanned for a Microsoft pragma, and whether one was seen. */
  private scanned = 0;
  private microsoftSeen = false;
  /** Where each file was first included, for MOF1008's note. */
  private readonly firstInclusion = new Map<string, Span>();
  private readonly diagnostics: Diagnostic[] = [];
  private readonly chain: ChainLink[] = [];

  constructor(private readonly options: LoadOptions) {
    this.cwd = options.cwd ?? process.cwd();
    this.includePaths = options.includePaths ?? [];
    this.readFile = options.readFile ?? readSourceBytes;
    this.realPath = options.realPath ?? realPathCachedOnDisk();
    this.listDirectory = options.listDirectory ?? listDirectoryOnDisk;
    this.maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    this.parse = options.parse;
  }

  load(): Program {
    for (const root of this.options.roots) this.addIncludeRoot(nodePath.dirname(nodePath.resolve(this.cwd, root)));
    for (const dir of this.includePaths) this.addIncludeRoot(nodePath.resolve(this.cwd, dir));
    const roots: string[] = [];
    for (const root of this.options.roots) {
      const absolutePath = nodePath.resolve(this.cwd, root);
      const realPath = this.real(absolutePath);
      const loaded = this.byRealPath.get(realPath);
      if (loaded) {
        if (!roots.includes(loaded.path)) roots.push(loaded.path);
        continue;
      }
      const outcome = this.read(absolutePath);
      if (outcome.kind === 'missing') {
        this.diagnostics.push(createDiagnostic(sourceDiagnostics.fileNotFound, undefined, [root]));
      } else if (outcome.kind === 'read') {
        const file = this.addFile(root, absolutePath, realPath, outcome.bytes);
        roots.push(file.path);
        this.followIncludes(file);
      } else {
        this.diagnostics.push(this.unreadable(root, outcome, undefined));
      }
    }
    return { roots, files: this.files, includes: this.includes, diagnostics: this.diagnostics };
  }

  private addIncludeRoot(directory: string): void {
    for (const form of [directory, this.real(directory)]) if (!this.includeRoots.includes(form)) this.includeRoots.push(form);
  }

  /** The real path of an absolute path, or the path itself when it cannot be resolved (missing, or an in-memory file). */
  private real(absolutePath: string): string {
    return this.realPath(absolutePath) ?? absolutePath;
  }

  private insideRoots(absolutePath: string): boolean {
    return this.includeRoots.some((root) => isInside(absolutePath, root));
  }

  /** Whether a BOM-less file that is not valid UTF-8 is to be read as Windows-1252 (see `LoadOptions.dialect`). */
  private readsAsAnsi(path: string, text: string): boolean {
    if (this.options.dialect) return this.options.dialect === 'microsoft';
    if (path.toLowerCase().endsWith('.mfl')) return true;
    const files = [...this.files.values()];
    for (; this.scanned < files.length && !this.microsoftSeen; this.scanned++) {
      if (MICROSOFT_PRAGMA.test(files[this.scanned]!.source.text)) this.microsoftSeen = true;
    }
    return this.microsoftSeen || MICROSOFT_PRAGMA.test(text);
  }

  private addFile(path: string, absolutePath: string, realPath: string, bytes: Uint8Array): LoadedFile {
    const decoded = decodeSource(bytes, path, {
      ...(this.options.encoding ? { encoding: this.options.encoding } : {}),
      ansi: (text) => this.readsAsAnsi(path, text),
    });
    const source = new SourceFile(path, decoded.text);
    const parsed = this.parse(source);
    const file: LoadedFile = { path, absolutePath, encoding: decoded.encoding, source, ast: parsed.file };
    this.files.set(path, file);
    this.byRealPath.set(realPath, file);
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
    let refused: string | undefined;
    let directory: string | undefined;
    for (const candidate of candidates) {
      const result = this.includeCandidate(candidate, pragma);
      if (result === 'done') return;
      if (result === 'outside') refused ??= candidate;
      if (result === 'directory') directory ??= candidate;
    }
    if (directory !== undefined) {
      this.diagnostics.push(this.unreadable(displayPath(directory, this.cwd), { kind: 'directory' }, pragma.span));
    } else if (refused !== undefined) {
      const roots = this.includeRoots.map((root) => `'${root === this.cwd ? '.' : displayPath(root, this.cwd)}'`).join(', ');
      this.diagnostics.push(createDiagnostic(sourceDiagnostics.includeOutsideRoots, pragma.span, [pragma.path, roots]));
    } else {
      const searched = candidates.map((candidate) => `'${displayPath(candidate, this.cwd)}'`).join(', ');
      this.diagnostics.push(createDiagnostic(sourceDiagnostics.includeNotFound, pragma.span, [pragma.path, searched]));
    }
  }

  /**
   * Tries one place an include may be: the exact name, else a unique match
   * ignoring case. 'done' when the include is settled (loaded, or reported).
   */
  private includeCandidate(candidate: string, pragma: IncludePragma): 'done' | 'missing' | 'directory' | 'outside' {
    const exact = this.includeFile(candidate, pragma);
    if (exact !== 'missing') return exact;
    const matches = this.caseInsensitiveMatches(candidate);
    if (matches.length === 0) return 'missing';
    if (matches.length > 1) {
      const names = matches.map((m) => `'${displayPath(m, this.cwd)}'`).join(', ');
      this.diagnostics.push(createDiagnostic(sourceDiagnostics.includeCaseAmbiguous, pragma.span, [pragma.path, names]));
      return 'done';
    }
    const match = matches[0]!;
    const result = this.includeFile(match, pragma);
    if (result === 'done') {
      this.diagnostics.push(createDiagnostic(sourceDiagnostics.includeCaseMismatch, pragma.span, [pragma.path, displayPath(match, this.cwd)]));
    }
    return result;
  }

  private includeFile(absolutePath: string, pragma: IncludePragma): 'done' | 'missing' | 'directory' | 'outside' {
    const allowOutside = this.options.allowIncludeOutside === true;
    if (!allowOutside && !this.insideRoots(absolutePath)) return 'outside';
    const realPath = this.real(absolutePath);
    // A symlink inside the roots may point outside them.
    if (!allowOutside && realPath !== absolutePath && !this.insideRoots(realPath)) return 'outside';
    const loaded = this.byRealPath.get(realPath);
    if (loaded) {
      this.includeAgain(loaded, pragma);
      return 'done';
    }
    const outcome = this.read(absolutePath);
    // A directory with the included name is not the file being looked for: keep searching.
    if (outcome.kind === 'missing' || outcome.kind === 'directory') return outcome.kind;
    if (outcome.kind !== 'read') {
      this.diagnostics.push(this.unreadable(displayPath(absolutePath, this.cwd), outcome, pragma.span));
      return 'done';
    }
    const file = this.addFile(displayPath(absolutePath, this.cwd), absolutePath, realPath, outcome.bytes);
    this.includes.set(pragma, file.path);
    this.firstInclusion.set(file.path, pragma.span);
    this.followIncludes(file);
    return 'done';
  }

  /**
   * The existing paths that spell `absolutePath` ignoring case, component by
   * component (an exact component wins over its case variants), as Windows
   * resolves names: from the deepest directory on the path that exists as
   * written. At most a few: more would be ambiguous anyway.
   */
  private caseInsensitiveMatches(absolutePath: string): string[] {
    const { root } = nodePath.parse(absolutePath);
    let start = nodePath.dirname(absolutePath);
    while (start !== root && this.realPath(start) === undefined) start = nodePath.dirname(start);
    const components = nodePath.relative(start, absolutePath).split(nodePath.sep).filter((c) => c !== '');
    let current = [start];
    for (const component of components) {
      const next: string[] = [];
      const folded = component.toUpperCase();
      for (const directory of current) {
        const names = this.listDirectory(directory);
        if (names.includes(component)) {
          next.push(nodePath.join(directory, component));
          continue;
        }
        for (const name of names) {
          if (name.length === component.length && name.toUpperCase() === folded) next.push(nodePath.join(directory, name));
        }
      }
      if (next.length === 0) return [];
      current = next.slice(0, 10);
    }
    return current.filter((path) => path !== absolutePath);
  }

  /** MOF1002 or MOF1010 for a file that exists but is not read. */
  private unreadable(path: string, outcome: Exclude<ReadOutcome, { kind: 'read' } | { kind: 'missing' }>, span: Span | undefined): Diagnostic {
    if (outcome.kind === 'tooLarge') return createDiagnostic(sourceDiagnostics.fileTooLarge, span, [path, this.maxFileSize]);
    const reason = outcome.kind === 'directory' ? 'it is a directory' : outcome.reason;
    return createDiagnostic(sourceDiagnostics.fileUnreadable, span, [path, reason]);
  }

  /** An include of a file already loaded: a cycle if the file is on the current chain, else a harmless repeat. */
  private includeAgain(file: LoadedFile, pragma: IncludePragma): void {
    const cycleStart = this.chain.findIndex((link) => link.file === file);
    if (cycleStart === -1) {
      this.includes.set(pragma, file.path);
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
      const bytes = this.readFile(absolutePath, { maxBytes: this.maxFileSize });
      // An injected reader may not bound what it returns.
      if (bytes.length > this.maxFileSize) return { kind: 'tooLarge' };
      return { kind: 'read', bytes };
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
      if (code === 'EISDIR') return { kind: 'directory' };
      if (code === 'EFBIG') return { kind: 'tooLarge' };
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
    case 'ENOTREG':
      return `it is ${(error as { kind?: string }).kind ?? 'a special file'}, not a regular file`;
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      if (typeof code === 'string') return code;
      return error instanceof Error ? error.message : String(error);
  }
}

/** One statement to compile, with the file it is in and the root file it is compiled under. */
export interface CompilationStep {
  readonly root: string;
  readonly file: LoadedFile;
  readonly statement: Exclude<MofFile['statements'][number], IncludePragma>;
}

/**
 * The order in which statements are to be compiled: each root's statements in
 * order, an include replaced by the included file's statements the first time
 * that file is reached (and skipped after), roots in order. The one walk over
 * includes; the model's statement walk consumes it.
 */
export function* compilationOrder(program: Program): Generator<CompilationStep> {
  const compiled = new Set<string>();
  for (const rootPath of program.roots) {
    const rootFile = program.files.get(rootPath);
    if (!rootFile || compiled.has(rootPath)) continue;
    compiled.add(rootPath);
    const stack: { file: LoadedFile; next: number }[] = [{ file: rootFile, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const statement = top.file.ast.statements[top.next++];
      if (statement === undefined) {
        stack.pop();
        continue;
      }
      if (statement.kind !== 'IncludePragma') {
        yield { root: rootPath, file: top.file, statement };
        continue;
      }
      const includedPath = program.includes.get(statement);
      const included = includedPath === undefined ? undefined : program.files.get(includedPath);
      if (included && !compiled.has(included.path)) {
        compiled.add(included.path);
        stack.push({ file: included, next: 0 });
      }
    }
  }
}
