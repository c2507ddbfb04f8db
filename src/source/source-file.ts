import { LineMap } from './line-map.js';
import type { Position, Span } from '../diagnostics/diagnostic.js';

/** A decoded source file: its path (as spans name it), its text, and its line map. */
export class SourceFile {
  readonly lineMap: LineMap;

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    this.lineMap = new LineMap(text);
  }

  span(startOffset: number, endOffset: number): Span {
    return new SourceSpan(this.path, this.lineMap, startOffset, endOffset);
  }
}

/**
 * A span that keeps its offsets and computes its positions when they are
 * read. Every AST node has a span (≈176k for DMTF's schema) and few are ever
 * read (diagnostics, code frames): one small object instead of three takes a
 * third off the parsed program's heap, and its garbage collection time
 * (docs/decisions/0028-lazy-spans.md). It reads, and serializes to JSON, as
 * the plain `{ file, start, end }` it stands for; a copy made by spreading it
 * has only `file`.
 */
export class SourceSpan implements Span {
  readonly #lineMap: LineMap;
  readonly #start: number;
  readonly #end: number;

  constructor(
    readonly file: string,
    lineMap: LineMap,
    start: number,
    end: number,
  ) {
    this.#lineMap = lineMap;
    this.#start = start;
    this.#end = end;
  }

  get start(): Position {
    return this.#lineMap.position(this.#start);
  }

  get end(): Position {
    return this.#lineMap.position(this.#end);
  }

  toJSON(): { file: string; start: Position; end: Position } {
    return { file: this.file, start: this.start, end: this.end };
  }
}
