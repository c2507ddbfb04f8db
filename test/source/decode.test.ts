import { describe, expect, it } from 'vitest';
import { decodeSource, detectEncoding, MAX_INVALID_BYTE_REPORTS } from '../../src/source/decode.js';
import { seededRandom as random } from '../helpers/random.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const units = (bom ? '\uFEFF' : '') + text;
  const bytes = new Uint8Array(units.length * 2);
  for (let i = 0; i < units.length; i++) {
    const unit = units.charCodeAt(i);
    const [lo, hi] = [unit & 0xff, unit >> 8];
    bytes[2 * i] = endian === 'le' ? lo : hi;
    bytes[2 * i + 1] = endian === 'le' ? hi : lo;
  }
  return bytes;
}

const sample = 'class A {\r\n  string Name = "Déjà vu — ok ✓ 𝄞";\r\n};\r\n';

describe('decodeSource: encodings', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(decodeSource(utf8(sample), 'a.mof')).toEqual({ text: sample, encoding: 'utf-8', bom: false, diagnostics: [] });
  });

  it('reads UTF-8 with a BOM, leaving the BOM out of the text', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(sample)]);
    expect(decodeSource(bytes, 'a.mof')).toEqual({ text: sample, encoding: 'utf-8', bom: true, diagnostics: [] });
  });

  it.each([
    ['le', true, 'utf-16le'],
    ['be', true, 'utf-16be'],
    ['le', false, 'utf-16le'],
    ['be', false, 'utf-16be'],
  ] as const)('reads UTF-16%s (BOM: %s)', (endian, bom, encoding) => {
    expect(decodeSource(utf16(sample, endian, bom), 'a.mof')).toEqual({ text: sample, encoding, bom, diagnostics: [] });
  });

  it('sniffs BOM-less UTF-16 even from a one-character file', () => {
    expect(detectEncoding(new Uint8Array([0x41, 0]))).toEqual({ encoding: 'utf-16le', bomLength: 0 });
    expect(detectEncoding(new Uint8Array([0, 0x41]))).toEqual({ encoding: 'utf-16be', bomLength: 0 });
  });

  it('does not mistake a stray NUL in UTF-8 for UTF-16', () => {
    expect(detectEncoding(utf8('class A {};\0 // x\n'))).toEqual({ encoding: 'utf-8', bomLength: 0 });
  });

  it('reads an empty file as empty UTF-8 text', () => {
    expect(decodeSource(new Uint8Array(), 'a.mof')).toEqual({ text: '', encoding: 'utf-8', bom: false, diagnostics: [] });
  });

  it('keeps a genuine U+FFFD without reporting it', () => {
    const text = 'a\uFFFDb';
    expect(decodeSource(utf8(text), 'a.mof').diagnostics).toEqual([]);
    expect(decodeSource(utf8(text), 'a.mof').text).toBe(text);
    expect(decodeSource(utf16(text, 'le', true), 'a.mof').diagnostics).toEqual([]);
  });
});

describe('decodeSource: undecodable bytes', () => {
  it('reports an invalid UTF-8 byte at its line and column, and replaces it with U+FFFD', () => {
    // Line 2 is "  x = <0xE9>t;" — a Latin-1 "é" in a UTF-8 file, after a CRLF.
    const bytes = new Uint8Array([...utf8('class A {\r\n  x = '), 0xe9, ...utf8('t;\r\n};')]);
    const decoded = decodeSource(bytes, 'a.mof');
    expect(decoded.text).toBe('class A {\r\n  x = \uFFFDt;\r\n};');
    expect(decoded.text).toBe(new TextDecoder().decode(bytes));
    expect(decoded.diagnostics).toEqual([
      {
        code: 'MOF1003',
        severity: 'error',
        message: 'invalid UTF-8 byte sequence 0xE9 (replaced by U+FFFD)',
        span: {
          file: 'a.mof',
          start: { line: 2, column: 7, offset: 17 },
          end: { line: 2, column: 8, offset: 18 },
        },
      },
    ]);
  });

  it('counts columns in decoded text, after multi-byte characters', () => {
    // "é" is two bytes but one column; the bad byte is the 3rd character.
    const bytes = new Uint8Array([...utf8('é€'), 0xff, ...utf8('x')]);
    const [diagnostic] = decodeSource(bytes, 'a.mof').diagnostics;
    expect(diagnostic?.span?.start).toEqual({ line: 1, column: 3, offset: 2 });
  });

  it('replaces maximal invalid subparts exactly as TextDecoder does, one report per run', () => {
    // E2 82 (truncated 3-byte), C0 80 (overlong), ED A0 80 (surrogate), F4 90 (out of range), then a truncated tail.
    const bytes = new Uint8Array([0x61, 0xe2, 0x82, 0x62, 0xc0, 0x80, 0x63, 0xed, 0xa0, 0x80, 0x64, 0xf4, 0x90, 0x0a, 0xf0, 0x9f, 0x98]);
    const decoded = decodeSource(bytes, 'a.mof');
    expect(decoded.text).toBe(new TextDecoder().decode(bytes));
    expect(decoded.diagnostics.map((d) => [d.message, d.span?.start.line, d.span?.start.column, d.span?.end.column])).toEqual([
      ['invalid UTF-8 byte sequence 0xE2 0x82 (replaced by U+FFFD)', 1, 2, 3],
      ['invalid UTF-8 byte sequence 0xC0 0x80 (replaced by U+FFFD)', 1, 4, 6],
      ['invalid UTF-8 byte sequence 0xED 0xA0 0x80 (replaced by U+FFFD)', 1, 7, 10],
      ['invalid UTF-8 byte sequence 0xF4 0x90 (replaced by U+FFFD)', 1, 11, 13],
      ['invalid UTF-8 byte sequence 0xF0 0x9F 0x98 (replaced by U+FFFD)', 2, 1, 2],
    ]);
  });

  it('reports an unpaired surrogate in UTF-16 at its position', () => {
    const good = utf16('ab\nc', 'le', true);
    const bytes = new Uint8Array([...good, 0x00, 0xdc, 0x64, 0x00]); // lone trail surrogate, then "d"
    const decoded = decodeSource(bytes, 'a.mof');
    expect(decoded.text).toBe('ab\nc\uFFFDd');
    expect(decoded.diagnostics).toEqual([
      {
        code: 'MOF1003',
        severity: 'error',
        message: 'invalid UTF-16LE byte sequence 0x00 0xDC (replaced by U+FFFD)',
        span: { file: 'a.mof', start: { line: 2, column: 2, offset: 4 }, end: { line: 2, column: 3, offset: 5 } },
      },
    ]);
  });

  it('reports a dangling odd byte at the end of UTF-16BE', () => {
    const bytes = new Uint8Array([...utf16('ab', 'be', true), 0x41]);
    const decoded = decodeSource(bytes, 'a.mof');
    expect(decoded.text).toBe('ab\uFFFD');
    expect(decoded.diagnostics.map((d) => [d.message, d.span?.start.column])).toEqual([
      ['invalid UTF-16BE byte sequence 0x41 (replaced by U+FFFD)', 3],
    ]);
  });

  it('reports a handful of runs per file, then how many more', () => {
    const bytes: number[] = [];
    for (let i = 0; i < MAX_INVALID_BYTE_REPORTS + 5; i++) bytes.push(0x78, 0xe9, 0x0a); // "x<E9>\n"
    const diagnostics = decodeSource(new Uint8Array(bytes), 'a.mof').diagnostics;
    expect(diagnostics).toHaveLength(MAX_INVALID_BYTE_REPORTS + 1);
    expect(diagnostics.at(-1)).toEqual({
      code: 'MOF1004',
      severity: 'error',
      message: '5 more invalid byte sequences in this file are not reported',
      span: {
        file: 'a.mof',
        start: { line: MAX_INVALID_BYTE_REPORTS + 1, column: 2, offset: 3 * MAX_INVALID_BYTE_REPORTS + 1 },
        end: { line: MAX_INVALID_BYTE_REPORTS + 1, column: 3, offset: 3 * MAX_INVALID_BYTE_REPORTS + 2 },
      },
    });
  });

  it('shows at most 8 bytes of a long run', () => {
    const bytes = new Uint8Array(12).fill(0xff);
    expect(decodeSource(bytes, 'a.mof').diagnostics[0]?.message).toBe(
      'invalid UTF-8 byte sequence 0xFF 0xFF 0xFF 0xFF 0xFF 0xFF 0xFF 0xFF … (replaced by U+FFFD)',
    );
  });

  it('refuses UTF-32 with a diagnostic at 1:1, not a crash', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]);
    expect(decodeSource(bytes, 'a.mof')).toEqual({
      text: '',
      encoding: 'utf-32le',
      bom: true,
      diagnostics: [
        {
          code: 'MOF1005',
          severity: 'error',
          message: 'unsupported encoding UTF-32LE: save the file as UTF-8 or UTF-16',
          span: { file: 'a.mof', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
        },
      ],
    });
  });
});

describe('decodeSource on arbitrary bytes', () => {
  // Bytes biased towards the interesting ones: ASCII, continuation bytes, lead bytes, NUL, CR/LF.
  const interesting = [0x41, 0x0a, 0x0d, 0x00, 0x80, 0xbf, 0xc2, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xff, 0xa0, 0x9f, 0xd8, 0xdc];

  it('never throws, decodes as TextDecoder does, and reports only replacement characters', () => {
    const next = random(42);
    for (let round = 0; round < 500; round++) {
      const length = Math.floor(next() * 40);
      const bytes = new Uint8Array(length);
      for (let i = 0; i < length; i++) bytes[i] = next() < 0.5 ? interesting[Math.floor(next() * interesting.length)]! : Math.floor(next() * 256);
      const decoded = decodeSource(bytes, 'r.mof');
      if (decoded.encoding === 'utf-32le' || decoded.encoding === 'utf-32be') continue;
      const start = decoded.bom ? (decoded.encoding === 'utf-8' ? 3 : 2) : 0;
      expect(decoded.text).toBe(new TextDecoder(decoded.encoding, { ignoreBOM: true }).decode(bytes.subarray(start)));
      for (const diagnostic of decoded.diagnostics) {
        const { start: from, end: to } = diagnostic.span!;
        expect(decoded.text.slice(from.offset, to.offset)).toMatch(/^\uFFFD+$/);
      }
    }
  });
});
