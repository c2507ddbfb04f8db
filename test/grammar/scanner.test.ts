import { describe, expect, test } from 'vitest';
import { scan } from '../../grammars/mof/scanner.js';
import {
  Char16Literal,
  Identifier,
  MultiLineStringLiteral,
  StringLiteral,
  UnterminatedChar16Literal,
  UnterminatedStringLiteral,
} from '../../grammars/mof/tokens.js';

function names(text: string): string[] {
  return scan(text).tokens.map((token) => `${token.tokenType.name} ${token.image}`);
}

describe('the MOF scanner', () => {
  test('characters that start no token are reported as one run up to the next character that does', () => {
    const result = scan('a @@! b\u0000\u0001c ~/x #9 $ + - . \ufff0');
    expect(result.tokens.map((token) => token.image)).toEqual(['a', 'b', 'c', 'x', '9']);
    expect(result.invalidCharacters).toEqual([
      { offset: 2, length: 3 }, // `@@!` up to the space
      { offset: 7, length: 2 }, // NUL and U+0001 up to `c`
      { offset: 11, length: 2 }, // `~/`: a `/` that opens no comment
      { offset: 15, length: 1 }, // `#` before a digit: a directive needs a letter
      { offset: 18, length: 1 }, // `$` alone
      { offset: 20, length: 1 }, // `+`, `-`, `.` that start no number
      { offset: 22, length: 1 },
      { offset: 24, length: 1 },
      { offset: 26, length: 1 }, // above U+FFEF
    ]);
  });

  test('a run of invalid characters ends where a number, an alias, a directive or a comment starts', () => {
    const result = scan('@-5@.5@$a@#x@//c');
    expect(names('@-5@.5@$a@#x@//c')).toEqual(['NumberLiteral -5', 'NumberLiteral .5', 'AliasIdentifier $a', 'UnknownDirective #x']);
    expect(result.invalidCharacters.map((run) => run.offset)).toEqual([0, 3, 6, 9, 12]);
    expect(result.invalidCharacters.every((run) => run.length === 1)).toBe(true);
  });

  test('the byte-order mark is white space between tokens and part of a name inside one', () => {
    expect(names('\ufeffclass \ufeffA\ufeffB class\ufeff')).toEqual(['Class class', 'Identifier A\ufeffB', 'Identifier class\ufeff']);
  });

  test('names may use U+0080 to U+FFEF, surrogate pairs included', () => {
    expect(names('Gr\u00f6\u00dfe \ud83d\ude00x \uffefy')).toEqual(['Identifier Gr\u00f6\u00dfe', 'Identifier \ud83d\ude00x', 'Identifier \uffefy']);
  });

  test('an unterminated block comment runs to the end and is given by its offset', () => {
    expect(scan('a /* b */ c /* d */ /* e')).toMatchObject({ unterminatedComment: 20, invalidCharacters: [] });
    expect(scan('a /*/ b').unterminatedComment).toBe(2);
    expect(scan('a /**/ b')).toMatchObject({ unterminatedComment: undefined });
  });

  test('string and char16 literals stop at the line end when not closed, a trailing backslash included', () => {
    expect(scan('"abc\\\n"').tokens.map((token) => [token.tokenType, token.image])).toEqual([
      [UnterminatedStringLiteral, '"abc\\'],
      [UnterminatedStringLiteral, '"'],
    ]);
    expect(scan("'a\\").tokens.map((token) => [token.tokenType, token.image])).toEqual([[UnterminatedChar16Literal, "'a\\"]]);
    expect(scan("'\\n'").tokens[0]!.tokenType).toBe(Char16Literal);
  });

  test('a multi-line string needs its closing quote within 64K characters', () => {
    const near = `"\n${'x'.repeat(64 * 1024 - 3)}";`;
    expect(scan(near).tokens[0]!.tokenType).toBe(MultiLineStringLiteral);
    const far = `"\n${'x'.repeat(64 * 1024 - 2)}";`;
    expect(scan(far).tokens[0]).toMatchObject({ tokenType: UnterminatedStringLiteral, image: '"' });
  });
});

describe('hostile input: one pass, no recursion, memory in proportion to the tokens', () => {
  const big = 50 * 1024 * 1024;

  test('a 50 MB name, string or number is one token', () => {
    const name = scan('x'.repeat(big)).tokens;
    expect(name.map((token) => [token.tokenType, token.startOffset, token.image.length])).toEqual([[Identifier, 0, big]]);
    const string = scan(`"${'a'.repeat(big)}"`).tokens;
    expect(string).toHaveLength(1);
    expect(string.map((token) => [token.tokenType, token.image.length])).toEqual([[StringLiteral, big + 2]]);
    // Not closed and no line break: one unterminated string to the end of the text.
    expect(scan(`"${'\\"'.repeat(big / 2)}`).tokens.map((token) => [token.tokenType, token.image.length])).toEqual([[UnterminatedStringLiteral, big + 1]]);
    expect(scan('1'.repeat(big)).tokens).toHaveLength(1);
  });

  test('a text of only comment openers, quotes or invalid characters', () => {
    expect(scan('/*')).toEqual({ tokens: [], invalidCharacters: [], unterminatedComment: 0 });
    // `/*/*/` is a comment; the `*` after it starts nothing.
    const openers = scan('/*'.repeat(3_000_000));
    expect(openers.tokens).toEqual([]);
    expect(openers.invalidCharacters).toHaveLength(1_000_000);
    expect(openers.invalidCharacters.every((run, index) => run.offset === 6 * index + 5 && run.length === 1)).toBe(true);
    expect(scan('/* '.repeat(1_000_000))).toEqual({ tokens: [], invalidCharacters: [], unterminatedComment: 0 });
    const quotes = scan('"'.repeat(1_000_001)).tokens;
    expect(quotes).toHaveLength(500_001);
    expect(quotes[500_000]).toMatchObject({ tokenType: UnterminatedStringLiteral, image: '"' });
    expect(scan('@'.repeat(big)).invalidCharacters).toEqual([{ offset: 0, length: big }]);
    expect(scan("'".repeat(1_000_000)).tokens.every((token) => token.tokenType === Char16Literal && token.image === "''")).toBe(true);
  });

  test('escaped quotes on every line: each quote opens a string, and the multi-line look-ahead is walked once', () => {
    // Quadratic for a look-ahead that starts over at every quote (≈ 333,000 quotes × 64K characters).
    const lines = 333_333;
    const result = scan('"' + '\n\\"'.repeat(lines));
    expect(result.tokens).toHaveLength(lines + 1);
    expect(result.invalidCharacters).toHaveLength(lines);
  });

  test('deep nesting is just tokens', () => {
    const depth = 1_000_000;
    const result = scan('{'.repeat(depth) + '('.repeat(depth) + '['.repeat(depth));
    expect(result.tokens).toHaveLength(3 * depth);
  });
});
