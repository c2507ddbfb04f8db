import { describe, expect, test } from 'vitest';
import { decodeNumber, unescape } from '../../src/ast/literals.js';

describe('decodeNumber', () => {
  test.each([
    ['0', 0n],
    ['42', 42n],
    ['-17', -17n],
    ['+5', 5n],
    ['0x1F', 31n],
    ['0XfF', 255n],
    ['-0x10', -16n],
    ['017', 15n],
    ['-017', -15n],
    ['101b', 5n],
    ['0B', 0n],
    ['-11B', -3n],
    ['18446744073709551615', 18446744073709551615n],
    ['-9223372036854775808', -9223372036854775808n],
    ['0xFFFFFFFFFFFFFFFFFFFF', 0xffffffffffffffffffffn],
  ])('integer %s', (text, value) => {
    expect(decodeNumber(text)).toEqual({ kind: 'integer', value });
  });

  test.each([
    ['1.5', 1.5],
    ['.5', 0.5],
    ['-.5', -0.5],
    ['0.0', 0],
    ['1.5e3', 1500],
    ['-2.0E-2', -0.02],
    ['6.02e+23', 6.02e23],
  ])('real %s', (text, value) => {
    expect(decodeNumber(text)).toEqual({ kind: 'real', value });
  });

  test.each(['12ab', '0x', '0xG', '019', '102b', '1.2.3', '1e5', '1.', '1.5e', '--1', '0b101'])('invalid %s', (text) => {
    expect(decodeNumber(text)).toEqual({ kind: 'invalid' });
  });
});

describe('unescape', () => {
  const body = (literal: string) => unescape(literal, 1, literal.length - 1);

  test('text without escapes comes back as is', () => {
    expect(body('"plain text"')).toEqual({ value: 'plain text', problems: [] });
  });

  test('every DSP0004 escape', () => {
    expect(body(String.raw`"\b\t\n\f\r\"\'\\"`).value).toBe('\b\t\n\f\r"\'\\');
  });

  test('\\x and \\X take one to four hex digits', () => {
    expect(body(String.raw`"\x41\X42\x263A\x00e9x\x7z"`).value).toBe('AB\u263a\u00e9x\u0007z');
  });

  test('an unknown escape is reported at its offset and kept as written, backslash included', () => {
    expect(body(String.raw`"a\qb\x"`)).toEqual({ value: String.raw`a\qb\x`, problems: [{ offset: 2, length: 2 }, { offset: 5, length: 2 }] });
    // As Microsoft's network schemas write them: the text reads back as written.
    expect(body(String.raw`"enable\disable"`).value).toBe(String.raw`enable\disable`);
    expect(body(String.raw`"\s"`).value).toBe(String.raw`\s`);
    expect(body('"\\`"').value).toBe('\\`');
  });

  test('a backslash ending an unterminated literal is dropped without a second problem', () => {
    expect(unescape('"abc\\', 1, 5)).toEqual({ value: 'abc', problems: [] });
  });
});
