/**
 * Helpers for the schema model tests: compile real files, or in-memory MOF
 * snippets (a virtual directory, so include pragmas and several roots work).
 */
import * as nodePath from 'node:path';
import { parseSource } from '../../src/ast/parse.js';
import { loadProgram, type Program } from '../../src/source/load.js';
import { compileProgram, type CompileOptions, type CompileResult } from '../../src/model/compile.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { ClassModel, NamespaceModel } from '../../src/model/types.js';

export interface Compiled extends CompileResult {
  readonly program: Program;
  /** Source, syntax and semantic diagnostics, info excluded. */
  readonly problems: Diagnostic[];
}

export function compileFiles(roots: readonly string[], options: CompileOptions = {}): Compiled {
  const program = loadProgram({ roots, parse: parseSource });
  const result = compileProgram(program, options);
  const problems = [...program.diagnostics, ...result.diagnostics].filter((d) => d.severity !== 'info');
  return { ...result, program, problems };
}

const VIRTUAL_ROOT = nodePath.resolve('/virtual-mof');

/** Compiles in-memory files; `roots` defaults to every file, in the order given. */
export function compileSources(
  files: Readonly<Record<string, string>>,
  options: CompileOptions & { roots?: readonly string[] } = {},
): Compiled {
  const encoder = new TextEncoder();
  const program = loadProgram({
    roots: options.roots ?? Object.keys(files),
    parse: parseSource,
    cwd: VIRTUAL_ROOT,
    readFile: (absolutePath) => {
      const relative = nodePath.relative(VIRTUAL_ROOT, absolutePath).split(nodePath.sep).join('/');
      const text = files[relative];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${absolutePath}`), { code: 'ENOENT' });
      return encoder.encode(text);
    },
  });
  const result = compileProgram(program, options);
  const problems = [...program.diagnostics, ...result.diagnostics].filter((d) => d.severity !== 'info');
  return { ...result, program, problems };
}

/** Compiles one snippet as `test.mof`. */
export function compileText(text: string, options: CompileOptions = {}): Compiled {
  return compileSources({ 'test.mof': text }, options);
}

export function namespace(result: CompileResult, name: string): NamespaceModel {
  const ns = result.repository.namespaces.find((n) => n.name.toLowerCase() === name.toLowerCase());
  if (!ns) throw new Error(`no namespace ${name}; have ${result.repository.namespaces.map((n) => n.name).join(', ')}`);
  return ns;
}

export function classIn(result: CompileResult, name: string, ns = 'root/cimv2'): ClassModel {
  const found = namespace(result, ns).classes.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!found) throw new Error(`no class ${name} in ${ns}`);
  return found;
}

/** `line:column-line:column` of a span, for compact assertions. */
export function where(d: Diagnostic): string {
  if (!d.span) return '(no span)';
  return `${d.span.start.line}:${d.span.start.column}-${d.span.end.line}:${d.span.end.column}`;
}

/** A diagnostic as `{ code, severity, message, at }` (plus related spans), for toEqual. */
export function summarize(d: Diagnostic): { code: string; severity: string; message: string; at: string; related?: string[] } {
  const out: { code: string; severity: string; message: string; at: string; related?: string[] } = {
    code: d.code,
    severity: d.severity,
    message: d.message,
    at: where(d),
  };
  if (d.related) out.related = d.related.map((r) => `${r.span.file}:${where({ code: '', severity: 'info', message: '', span: r.span })}`);
  return out;
}
