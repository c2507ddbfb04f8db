/**
 * Renders parse results as readable JSON for golden files: spans become
 * `line:col-line:col`, bigints `123n`, diagnostics one line each.
 */
import type { Diagnostic, Span } from '../../src/diagnostics/diagnostic.js';
import type { ParseResult } from '../../src/ast/parse.js';

export function formatSpan(span: Span): string {
  return `${span.start.line}:${span.start.column}-${span.end.line}:${span.end.column}`;
}

export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = diagnostic.span === undefined ? '' : ` ${formatSpan(diagnostic.span)}`;
  return `${diagnostic.severity} ${diagnostic.code}${where}: ${diagnostic.message}`;
}

function isSpan(value: unknown): value is Span {
  return typeof value === 'object' && value !== null && 'start' in value && 'end' in value && 'file' in value;
}

export function toGoldenJson(result: ParseResult): string {
  const replacer = (_key: string, value: unknown): unknown => {
    if (typeof value === 'bigint') return `${value}n`;
    if (isSpan(value)) return formatSpan(value);
    return value;
  };
  const golden = { diagnostics: result.diagnostics.map(formatDiagnostic), statements: result.file.statements };
  return JSON.stringify(golden, replacer, 2) + '\n';
}
