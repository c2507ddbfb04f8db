import { LineMap } from './line-map.js';
import type { Span } from '../diagnostics/diagnostic.js';

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
    return {
      file: this.path,
      start: this.lineMap.position(startOffset),
      end: this.lineMap.position(endOffset),
    };
  }
}
