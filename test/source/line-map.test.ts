import { describe, expect, it } from 'vitest';
import { LineMap } from '../../src/source/line-map.js';
import { SourceFile } from '../../src/source/source-file.js';

/** Every (line, column) of `x` in a three-line text, with each kind of line ending. */
describe.each([
  ['LF', '\n'],
  ['CRLF', '\r\n'],
  ['CR', '\r'],
])('LineMap with %s line endings', (_name, eol) => {
  const text = `ab${eol}${eol}  x${eol}x`;
  const map = new LineMap(text);

  it('counts lines', () => {
    expect(map.lineCount).toBe(4);
  });

  it('gives 1-based line and column for offsets', () => {
    const first = text.indexOf('x');
    const last = text.lastIndexOf('x');
    expect(map.position(0)).toEqual({ line: 1, column: 1, offset: 0 });
    expect(map.position(first)).toEqual({ line: 3, column: 3, offset: first });
    expect(map.position(last)).toEqual({ line: 4, column: 1, offset: last });
    expect(map.position(text.length)).toEqual({ line: 4, column: 2, offset: text.length });
  });

  it('puts a line terminator at the end of its own line', () => {
    expect(map.position(2)).toEqual({ line: 1, column: 3, offset: 2 });
  });

  it('gives line ranges without their terminators', () => {
    expect(text.slice(map.lineRange(1).start, map.lineRange(1).end)).toBe('ab');
    expect(text.slice(map.lineRange(2).start, map.lineRange(2).end)).toBe('');
    expect(text.slice(map.lineRange(3).start, map.lineRange(3).end)).toBe('  x');
    expect(text.slice(map.lineRange(4).start, map.lineRange(4).end)).toBe('x');
  });
});

describe('LineMap with mixed line endings', () => {
  it('treats CRLF as one line end and lone CR and LF as one each', () => {
    const map = new LineMap('a\r\nb\rc\nd\n\re');
    expect(map.lineCount).toBe(6);
    expect(map.position(10)).toEqual({ line: 6, column: 1, offset: 10 });
  });
});

describe('SourceFile.span', () => {
  it('makes a span with the file path and both positions', () => {
    const source = new SourceFile('dir/a.mof', 'class A\r\n{};');
    expect(source.span(6, 10)).toEqual({
      file: 'dir/a.mof',
      start: { line: 1, column: 7, offset: 6 },
      end: { line: 2, column: 2, offset: 10 },
    });
  });
});

describe('LineMap agrees with a character-by-character reference', () => {
  function referenceStarts(text: string): number[] {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') starts.push(i + 1);
      else if (c === '\r') {
        if (text[i + 1] === '\n') i++;
        starts.push(i + 1);
      }
    }
    return starts;
  }

  it('on every string of up to 6 characters from "a", CR and LF', () => {
    const alphabet = ['a', '\r', '\n'];
    let texts = [''];
    for (let length = 1; length <= 6; length++) {
      texts = texts.flatMap((text) => alphabet.map((c) => text + c));
      for (const text of texts) {
        const map = new LineMap(text);
        const starts = referenceStarts(text);
        expect(map.lineCount, JSON.stringify(text)).toBe(starts.length);
        starts.forEach((start, index) => expect(map.position(start).line, JSON.stringify(text)).toBe(index + 1));
      }
    }
  });
});

describe('LineMap lookups in any order', () => {
  /** Line and column of `offset` by counting from the start of the text. */
  function reference(text: string, offset: number): { line: number; column: number; offset: number } {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
      const c = text[i];
      if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, column: offset - lineStart + 1, offset };
  }

  // Lines of 0 to 6 characters with mixed endings: steps of one line, of a few, and of many.
  const text = Array.from({ length: 300 }, (_, i) => 'x'.repeat(i % 7) + ['\n', '\r\n', '\r'][i % 3]).join('');
  const offsets = Array.from({ length: text.length + 1 }, (_, i) => i);

  it('agrees with the reference forwards, backwards, and jumping both ways (the cursor is only a shortcut)', () => {
    const orders = [
      offsets,
      [...offsets].reverse(),
      // A fixed shuffle: stride through the text by a step prime to its length.
      offsets.map((_, i) => (i * 97) % offsets.length),
      // Spans as the builder makes them: a node's start far back, then the next token.
      offsets.flatMap((offset) => [offset, Math.max(0, offset - 200), offset]),
    ];
    for (const order of orders) {
      const map = new LineMap(text);
      for (const offset of order) expect(map.position(offset)).toEqual(reference(text, offset));
    }
  });
});
