import type { Diagnostic, Position, Severity, Span } from './diagnostic.js';
import { countBySeverity } from './summary.js';

/**
 * Renders diagnostics for tools (`--format json`). The shape is stable —
 * fields are only ever added, and `version` changes if one is removed or
 * changes meaning (see docs/decisions/0007-cli-output.md).
 *
 * ```json
 * {
 *   "version": 1,
 *   "diagnostics": [
 *     { "code": "MOF2003", "severity": "error", "message": "expected ';'",
 *       "file": "a.mof", "start": { "line": 3, "column": 5, "offset": 41 },
 *       "end": { "line": 3, "column": 6, "offset": 42 },
 *       "related": [ { "message": "…", "file": "…", "start": {…}, "end": {…} } ] }
 *   ],
 *   "summary": { "errors": 1, "warnings": 0, "infos": 0 }
 * }
 * ```
 *
 * `file`, `start` and `end` are `null` for a diagnostic about the whole run
 * (e.g. a file named on the command line that does not exist). Lines and
 * columns are 1-based; columns and offsets count UTF-16 code units of the
 * decoded text; `end` is exclusive.
 */

export const JSON_FORMAT_VERSION = 1;

export interface JsonPosition {
  line: number;
  column: number;
  offset: number;
}

export interface JsonRelated {
  message: string;
  file: string;
  start: JsonPosition;
  end: JsonPosition;
}

export interface JsonDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  file: string | null;
  start: JsonPosition | null;
  end: JsonPosition | null;
  related: JsonRelated[];
}

export interface JsonReport {
  version: number;
  diagnostics: JsonDiagnostic[];
  summary: { errors: number; warnings: number; infos: number };
}

export function toJsonReport(diagnostics: readonly Diagnostic[]): JsonReport {
  const counts = countBySeverity(diagnostics);
  return {
    version: JSON_FORMAT_VERSION,
    diagnostics: diagnostics.map(toJsonDiagnostic),
    summary: { errors: counts.error, warnings: counts.warning, infos: counts.info },
  };
}

/** The report as text: two-space indented, with a final newline. */
export function renderJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(toJsonReport(diagnostics), null, 2) + '\n';
}

function toJsonDiagnostic(diagnostic: Diagnostic): JsonDiagnostic {
  // Built field by field, so the key order is fixed whatever the input object holds.
  const span: Span | undefined = diagnostic.span;
  return {
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    file: span ? span.file : null,
    start: span ? toJsonPosition(span.start) : null,
    end: span ? toJsonPosition(span.end) : null,
    related: (diagnostic.related ?? []).map((related) => ({
      message: related.message,
      file: related.span.file,
      start: toJsonPosition(related.span.start),
      end: toJsonPosition(related.span.end),
    })),
  };
}

function toJsonPosition(position: Position): JsonPosition {
  return { line: position.line, column: position.column, offset: position.offset };
}
