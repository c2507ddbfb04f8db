import type { Diagnostic, Severity, Span } from './diagnostic.js';
import type { SourceFile } from '../source/source-file.js';

/**
 * Renders diagnostics for people:
 *
 * ```
 * a.mof:3:5: error MOF2003: expected ';'
 *     3 | class A {
 *       |     ^^^
 * b.mof:1:1: note: first declared here
 * ```
 *
 * The frame shows the first line of the span only (a multi-line span is
 * underlined to the end of that line). Colour is opt-in: the caller decides
 * (terminal, NO_COLOR), so that the output of tests and pipes is plain text.
 */

/** Finds the text of a file named in a span; `undefined` leaves the frame out. */
export type SourceLookup = (path: string) => SourceFile | undefined;

export interface HumanRenderOptions {
  readonly color?: boolean;
}

const ansi = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
  blue: '\u001b[34m',
} as const;

type Style = (text: string) => string;

interface Palette {
  readonly location: Style;
  readonly severity: Record<Severity | 'note', Style>;
  readonly gutter: Style;
  readonly underline: Record<Severity, Style>;
}

const plain: Style = (text) => text;

const noColor: Palette = {
  location: plain,
  severity: { error: plain, warning: plain, info: plain, note: plain },
  gutter: plain,
  underline: { error: plain, warning: plain, info: plain },
};

function paint(...codes: string[]): Style {
  return (text) => codes.join('') + text + ansi.reset;
}

const withColor: Palette = {
  location: paint(ansi.bold),
  severity: {
    error: paint(ansi.bold, ansi.red),
    warning: paint(ansi.bold, ansi.yellow),
    info: paint(ansi.bold, ansi.cyan),
    note: paint(ansi.bold, ansi.cyan),
  },
  gutter: paint(ansi.blue),
  underline: { error: paint(ansi.bold, ansi.red), warning: paint(ansi.bold, ansi.yellow), info: paint(ansi.bold, ansi.cyan) },
};

/** All diagnostics, in the order given, each followed by its frame and notes; no summary. */
export function renderHuman(diagnostics: readonly Diagnostic[], lookup: SourceLookup, options: HumanRenderOptions = {}): string {
  const palette = options.color ? withColor : noColor;
  return diagnostics.map((diagnostic) => renderOne(diagnostic, lookup, palette)).join('');
}

function renderOne(diagnostic: Diagnostic, lookup: SourceLookup, palette: Palette): string {
  const severity = palette.severity[diagnostic.severity](diagnostic.severity);
  const head = `${severity} ${diagnostic.code}: ${diagnostic.message}`;
  let out = diagnostic.span ? `${palette.location(location(diagnostic.span) + ':')} ${head}\n` : `mofc: ${head}\n`;
  if (diagnostic.span) out += renderFrame(diagnostic.span, lookup, palette, palette.underline[diagnostic.severity]);
  for (const related of diagnostic.related ?? []) {
    out += `${palette.location(location(related.span) + ':')} ${palette.severity.note('note')}: ${related.message}\n`;
  }
  return out;
}

function location(span: Span): string {
  return `${span.file}:${span.start.line}:${span.start.column}`;
}

/** Widest source excerpt shown in a frame, in characters; longer lines are cut around the span. */
export const MAX_FRAME_WIDTH = 120;

/** How much of the line before the span stays visible when a long line is cut. */
const FRAME_LEAD = 20;

/**
 * Characters that must not reach a terminal raw: C0/C1 controls (except tab)
 * could be escape sequences, and bidirectional overrides could make the
 * line read differently from what the compiler saw. Each becomes one U+FFFD,
 * so columns stay aligned.
 */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The source line and a caret line under the span. Tabs in the source are
 * copied into the caret line so the carets stay aligned whatever the
 * terminal's tab width. Lines longer than MAX_FRAME_WIDTH are cut (marked
 * with `…`) around the start of the span.
 */
function renderFrame(span: Span, lookup: SourceLookup, palette: Palette, underline: Style): string {
  const source = lookup(span.file);
  // Nothing to show for an unknown file, or an empty one (e.g. refused as UTF-32).
  if (!source || source.text === '') return '';
  const line = span.start.line;
  if (line < 1 || line > source.lineMap.lineCount) return '';
  const range = source.lineMap.lineRange(line);
  const text = source.text.slice(range.start, range.end);
  const startColumn = Math.min(span.start.column - 1, text.length);
  const endColumn = span.end.line === line ? Math.min(span.end.column - 1, text.length) : text.length;

  let from = 0;
  let to = text.length;
  if (text.length > MAX_FRAME_WIDTH) {
    from = Math.max(0, Math.min(startColumn - FRAME_LEAD, text.length - MAX_FRAME_WIDTH));
    to = from + MAX_FRAME_WIDTH;
  }
  const cutBefore = from > 0 ? '…' : '';
  const shown = cutBefore + text.slice(from, to).replace(UNPRINTABLE, '\uFFFD') + (to < text.length ? '…' : '');
  const caretStart = startColumn - from + cutBefore.length;
  const width = Math.max(1, Math.min(endColumn, to) - startColumn);
  const padding = shown.slice(0, caretStart).replace(/[^\t]/g, ' ');

  const number = String(line);
  const gutterBlank = ' '.repeat(number.length);
  return (
    `${palette.gutter(` ${number} |`)}${shown === '' ? '' : ' ' + shown}\n` +
    `${palette.gutter(` ${gutterBlank} |`)} ${padding}${underline('^'.repeat(width))}\n`
  );
}
