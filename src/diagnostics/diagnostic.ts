/**
 * Diagnostics are data: every problem a user can cause is one of these, with a
 * stable code and the span of the construct at fault. Nothing in the compiler
 * prints; the CLI renders diagnostics at the edge.
 */

/** A point in a source file. `line` and `column` are 1-based; `offset` is a 0-based UTF-16 code unit index into the decoded text. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** A half-open range `[start, end)` of a source file. `file` is the path as the user gave it (or as an include resolved it). */
export interface Span {
  readonly file: string;
  readonly start: Position;
  readonly end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

export interface RelatedInformation {
  readonly message: string;
  readonly span: Span;
}

export interface Diagnostic {
  /** Stable code: `MOF1xxx` lexical/source, `MOF2xxx` syntax, `MOF3xxx` semantic, `MOF4xxx` code generation. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Absent only for diagnostics about the whole run (e.g. no input files). */
  readonly span?: Span;
  readonly related?: readonly RelatedInformation[];
}

/** Definition of a diagnostic code: its default severity and a message template with `{0}`, `{1}`… placeholders. */
export interface DiagnosticDefinition {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
}

export function formatMessage(template: string, args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

export function createDiagnostic(
  definition: DiagnosticDefinition,
  span: Span | undefined,
  args: readonly (string | number)[] = [],
  related?: readonly RelatedInformation[],
): Diagnostic {
  const diagnostic: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
    code: definition.code,
    severity: definition.severity,
    message: formatMessage(definition.message, args),
  };
  if (span) diagnostic.span = span;
  if (related && related.length > 0) diagnostic.related = related;
  return diagnostic;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Orders diagnostics by file, then offset, then code, so output is deterministic whatever order the stages found them in. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const fa = a.span?.file ?? '';
  const fb = b.span?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const oa = a.span?.start.offset ?? -1;
  const ob = b.span?.start.offset ?? -1;
  if (oa !== ob) return oa - ob;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}
