/**
 * Spans compare by what they say: a source span (src/source/source-file.ts)
 * computes `start` and `end` when read, so it has no own properties for them,
 * and `toEqual` would find it unlike the plain `{ file, start, end }` a test
 * writes. Here both sides are read as plain spans first.
 */
import { expect } from 'vitest';
import { SourceSpan } from '../../src/source/source-file.js';

function plain(span: SourceSpan): { file: string; start: unknown; end: unknown } {
  return { file: span.file, start: span.start, end: span.end };
}

expect.addEqualityTesters([
  function spansEqual(this: { equals: (a: unknown, b: unknown) => boolean }, a: unknown, b: unknown): boolean | undefined {
    if (!(a instanceof SourceSpan) && !(b instanceof SourceSpan)) return undefined;
    return this.equals(a instanceof SourceSpan ? plain(a) : a, b instanceof SourceSpan ? plain(b) : b);
  },
]);
