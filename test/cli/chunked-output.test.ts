/** The CLI's sinks for text written in many small pieces (model JSON): every byte arrives, in order, in few writes. */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileSink, textSink } from '../../src/cli/chunked-output.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Pieces of mixed sizes and scripts: ASCII, Latin-1, CJK (3 bytes), emoji (a surrogate pair, 4 bytes). */
function samplePieces(): string[] {
  const pieces: string[] = [];
  const words = ['{\n  ', '"name": ', '"Caf\u00e9"', ',', '\u4e2d\u6587\u8bf4\u660e', '\ud83d\ude80', ' '.repeat(300), 'x'];
  for (let i = 0; i < 60_000; i++) pieces.push(words[i % words.length]! + String(i));
  // One piece larger than the whole block, and one that needs most of it.
  pieces.splice(20_000, 0, '\u00e9'.repeat(700_000));
  pieces.splice(40_000, 0, 'y'.repeat(400_000));
  return pieces;
}

describe('fileSink', () => {
  it('writes exactly the UTF-8 of the pieces joined, across block boundaries and oversized pieces', () => {
    dir = mkdtempSync(nodePath.join(tmpdir(), 'mofc-sink-'));
    const path = nodePath.join(dir, 'out.txt');
    const pieces = samplePieces();
    const fd = openSync(path, 'w');
    const sink = fileSink(fd);
    for (const piece of pieces) sink.write(piece);
    sink.flush();
    closeSync(fd);
    const written = readFileSync(path);
    expect(written.length).toBeGreaterThan(3 * (1 << 20));
    expect(written.equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
  });

  it('writes nothing until flushed or a block is full', () => {
    dir = mkdtempSync(nodePath.join(tmpdir(), 'mofc-sink-'));
    const path = nodePath.join(dir, 'out.txt');
    const fd = openSync(path, 'w');
    const sink = fileSink(fd);
    sink.write('small');
    expect(readFileSync(path, 'utf8')).toBe('');
    sink.flush();
    closeSync(fd);
    expect(readFileSync(path, 'utf8')).toBe('small');
  });
});

describe('textSink', () => {
  it('hands the text on in order, in chunks of about 64 K characters', () => {
    const pieces = samplePieces();
    const chunks: string[] = [];
    const sink = textSink((text) => chunks.push(text));
    for (const piece of pieces) sink.write(piece);
    sink.flush();
    expect(chunks.join('')).toBe(pieces.join(''));
    expect(chunks.length).toBeLessThan(pieces.length / 100);
    // A chunk goes once it reaches 64 K; it passes that by at most its last piece.
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(1 << 16);
  });
});
