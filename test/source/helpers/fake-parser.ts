import type { IncludePragma, MofFile } from '../../../src/ast/nodes.js';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import type { SourceFile } from '../../../src/source/source-file.js';

/**
 * Stands in for the real parser in loader tests: finds `#pragma include("x")`
 * and `#include("x")` and nothing else, with the spans the real parser gives
 * (from `#` to the closing parenthesis).
 */
export function fakeParse(source: SourceFile): { file: MofFile; diagnostics: Diagnostic[] } {
  const pattern = /#\s*(?:pragma\s+)?include\s*\(\s*"((?:[^"\\]|\\.)*)"\s*\)/g;
  const statements: IncludePragma[] = [];
  for (const match of source.text.matchAll(pattern)) {
    const start = match.index;
    const path = match[1]!.replace(/\\(.)/g, '$1');
    statements.push({ kind: 'IncludePragma', path, span: source.span(start, start + match[0].length) });
  }
  return {
    file: { kind: 'MofFile', path: source.path, statements, span: source.span(0, source.text.length) },
    diagnostics: [],
  };
}

/** An in-memory file system for `readFile`: absolute path → content; directories listed separately. */
export function memoryFiles(files: Record<string, string | Uint8Array>, directories: string[] = []) {
  const reads: string[] = [];
  const readFile = (path: string): Uint8Array => {
    reads.push(path);
    if (directories.includes(path)) throw Object.assign(new Error(`EISDIR: ${path}`), { code: 'EISDIR' });
    const content = files[path];
    if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return typeof content === 'string' ? new TextEncoder().encode(content) : content;
  };
  return { readFile, reads };
}
