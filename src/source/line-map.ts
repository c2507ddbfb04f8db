import type { Position } from '../diagnostics/diagnostic.js';

/**
 * Maps offsets in decoded text to 1-based line/column positions. Built once
 * per file from the line-start offsets; lookups are a binary search, so the
 * lexer tracks offsets only and positions are computed when a span is made.
 *
 * CRLF, CR and LF each end one line.
 */
export class LineMap {
  private readonly lineStarts: Int32Array;

  constructor(readonly text: string) {
    const starts: number[] = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = Int32Array.from(starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): Position {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1, offset };
  }

  /** Start offset of a 1-based line, and the offset just past its text (line terminator excluded). */
  lineRange(line: number): { start: number; end: number } {
    const start = this.lineStarts[line - 1] ?? this.text.length;
    let end = this.lineStarts[line] ?? this.text.length;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return { start, end };
  }
}
