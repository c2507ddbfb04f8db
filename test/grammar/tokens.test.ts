import { tokenMatcher, type IToken } from 'chevrotain';
import { describe, expect, test } from 'vitest';
import {
  AliasIdentifier,
  As,
  Association,
  Char16Literal,
  Class,
  Identifier,
  IncludeDirective,
  MultiLineStringLiteral,
  NumberLiteral,
  parserTokens,
  PragmaDirective,
  Ref,
  StringLiteral,
  UnknownDirective,
  UnterminatedChar16Literal,
  UnterminatedStringLiteral,
} from '../../grammars/mof/tokens.js';
import { scan } from '../../grammars/mof/scanner.js';

function lex(text: string): { name: string; image: string }[] {
  const result = scan(text);
  expect(result.invalidCharacters).toEqual([]);
  return result.tokens.map((token) => ({ name: token.tokenType.name, image: token.image }));
}

function single(text: string): IToken {
  const { tokens, invalidCharacters } = scan(text);
  expect(invalidCharacters).toEqual([]);
  expect(tokens).toHaveLength(1);
  return tokens[0]!;
}

describe('MOF tokens', () => {
  test('tokens carry offsets only, and the index Chevrotain matches types and categories by', () => {
    const [, name] = scan('class  Foo').tokens;
    expect(name).toEqual({ image: 'Foo', startOffset: 7, tokenTypeIdx: Identifier.tokenTypeIdx, tokenType: Identifier });
  });

  test('every token type the scanner makes is in the parser vocabulary', () => {
    const keywords = 'association enumeration indication qualifier structure instance flavor class false scope value null true ref as of';
    const text = `#pragma #include #x 1 $a ${keywords} name { } [ ] ( ) ; , : = 'x' "a" "b\n", "c\n'y`;
    const made = new Set(scan(text).tokens.map((token) => token.tokenType));
    expect(made.size).toBe(parserTokens.length - 2); // all but the categories AnyToken and SkippedToken
    for (const type of made) expect(parserTokens).toContain(type);
  });

  test('keywords are case-insensitive and are also identifiers', () => {
    for (const spelling of ['class', 'CLASS', 'Class', 'cLaSs']) {
      const token = single(spelling);
      expect(token.tokenType).toBe(Class);
      expect(tokenMatcher(token, Identifier)).toBe(true);
    }
    expect(tokenMatcher(single('REF'), Ref)).toBe(true);
    expect(tokenMatcher(single('ref'), Identifier)).toBe(true);
  });

  test('a word that only starts with a keyword is an identifier', () => {
    expect(lex('classes assoc asx Reference instanceOf')).toEqual(
      ['classes', 'assoc', 'asx', 'Reference', 'instanceOf'].map((image) => ({ name: 'Identifier', image })),
    );
    expect(single('association').tokenType).toBe(Association);
    expect(single('as').tokenType).toBe(As);
  });

  test('type names, flavors, scopes, void and object are plain identifiers', () => {
    for (const word of ['uint32', 'string', 'datetime', 'void', 'object', 'Amended', 'ToSubclass', 'any', 'property']) {
      expect(single(word).tokenType).toBe(Identifier);
    }
  });

  test('identifiers may use letters beyond ASCII', () => {
    expect(single('Größe').tokenType).toBe(Identifier);
  });

  test('every numeric form is one number token, malformed ones included', () => {
    for (const text of ['0', '42', '-17', '+5', '0x1F', '017', '101b', '1.5', '.5', '-2.0E-2', '6.02e+23', '12ab', '1.2.3', '0x']) {
      expect(single(text).tokenType, text).toBe(NumberLiteral);
    }
  });

  test('strings, char16 literals and aliases', () => {
    expect(single('"a \\" b"').tokenType).toBe(StringLiteral);
    expect(single("'\\''").tokenType).toBe(Char16Literal);
    expect(single('$Alias_1').tokenType).toBe(AliasIdentifier);
  });

  test('an unterminated string stops at the line end and still counts as a string', () => {
    const [open, next] = scan('"abc; };\nclass').tokens;
    expect(open).toMatchObject({ image: '"abc; };' });
    expect(open!.tokenType).toBe(UnterminatedStringLiteral);
    expect(tokenMatcher(open!, StringLiteral)).toBe(true);
    expect(next!.tokenType).toBe(Class);
    expect(tokenMatcher(single("'a"), Char16Literal)).toBe(true);
    expect(single("'a").tokenType).toBe(UnterminatedChar16Literal);
  });

  test('a string whose closing quote is on a later line is one string when a string may follow it', () => {
    const text = 'Description("first\r\n  second" "third\n",\n"x")';
    const tokens = scan(text).tokens;
    expect(tokens.map((t) => [t.tokenType.name, t.image])).toEqual([
      ['Identifier', 'Description'],
      ['LParen', '('],
      [MultiLineStringLiteral.name, '"first\r\n  second"'],
      [MultiLineStringLiteral.name, '"third\n"'],
      ['Comma', ','],
      [StringLiteral.name, '"x"'],
      ['RParen', ')'],
    ]);
    expect(tokenMatcher(tokens[2]!, StringLiteral)).toBe(true);
  });

  test('a quote really missing stays an unterminated string: the next quote does not close it', () => {
    // What follows the next quote (`x`) cannot follow a string, so nothing is swallowed.
    const tokens = scan('[Description("open)]\nclass A { string S = "x"; };').tokens;
    expect(tokens[3]).toMatchObject({ image: '"open)]' });
    expect(tokens[3]!.tokenType).toBe(UnterminatedStringLiteral);
    expect(tokens[4]!.tokenType).toBe(Class);
    // Nor does the end of the file.
    expect(scan('"abc\n  def"').tokens[0]!.tokenType).toBe(UnterminatedStringLiteral);
  });

  test('directives: #pragma and #include in any case, anything else is an unknown directive', () => {
    expect(lex('#pragma #PRAGMA #include #Include #pragmas #define')).toEqual([
      { name: PragmaDirective.name, image: '#pragma' },
      { name: PragmaDirective.name, image: '#PRAGMA' },
      { name: IncludeDirective.name, image: '#include' },
      { name: IncludeDirective.name, image: '#Include' },
      { name: UnknownDirective.name, image: '#pragmas' },
      { name: UnknownDirective.name, image: '#define' },
    ]);
  });

  test('comments and white space are skipped; an unterminated comment is set aside as a problem', () => {
    expect(lex('a // line\n/* block\n */ b')).toEqual([
      { name: 'Identifier', image: 'a' },
      { name: 'Identifier', image: 'b' },
    ]);
    const result = scan('a /* open');
    expect(result.tokens.map((t) => t.image)).toEqual(['a']);
    expect(result).toMatchObject({ invalidCharacters: [], unterminatedComment: 2 });
  });
});
