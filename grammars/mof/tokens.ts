/**
 * MOF tokens (DSP0004 2.x, plus what Microsoft's mofcomp accepts).
 *
 * Design points:
 * - Keywords are case-insensitive and belong to the `Identifier` category, so
 *   the parser accepts a keyword wherever it asks for a name (`string Source;`,
 *   `class Indication`). Words that only matter in one position (type names,
 *   flavors, scopes, `void`, `object`, pragma names) are not keywords at all:
 *   they are identifiers that the AST builder interprets.
 * - Malformed literals still lex as the literal they were meant to be
 *   (an unterminated string is a `StringLiteral`, `12ab` is a `NumberLiteral`),
 *   so one lexical mistake gives one lexical diagnostic and no syntax cascade.
 * - Every token the parser sees belongs to `AnyToken` (used to skip a stray
 *   token at statement level) and all but `{`, `}` and `;` to `SkippedToken`
 *   (used to skip MOF v3 constructs as a whole).
 */
import { createToken, Lexer, type IToken, type ITokenConfig, type TokenType } from 'chevrotain';

/** Category of every token that reaches the parser. */
export const AnyToken = createToken({ name: 'AnyToken', pattern: Lexer.NA });
/** Category of every token except braces and `;`: what the parser may skip inside an unsupported construct. */
export const SkippedToken = createToken({ name: 'SkippedToken', pattern: Lexer.NA });

function token(config: ITokenConfig, skippable = true): TokenType {
  const own = config.categories === undefined ? [] : Array.isArray(config.categories) ? config.categories : [config.categories];
  return createToken({ ...config, categories: [...own, AnyToken, ...(skippable ? [SkippedToken] : [])] });
}

// ---------------------------------------------------------------------------
// Trivia

/** The lexer group of tokens that are lexical problems in themselves (kept out of the parser's input). */
export const LEXICAL_PROBLEMS_GROUP = 'lexicalProblems';

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v\uFEFF]+/,
  group: Lexer.SKIPPED,
});
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED });
/** `/*` without a closing `*\/`: kept out of the token stream, reported as a lexical diagnostic. */
export const UnterminatedBlockComment = createToken({
  name: 'UnterminatedBlockComment',
  pattern: /\/\*[\s\S]*/,
  group: LEXICAL_PROBLEMS_GROUP,
});

// ---------------------------------------------------------------------------
// Names

export const Identifier = token({
  name: 'Identifier',
  label: 'a name',
  pattern: /[A-Za-z_\u0080-\uFFEF][A-Za-z0-9_\u0080-\uFFEF]*/,
});

/** `$Name`: an alias, declared after `as` and used as a value. */
export const AliasIdentifier = token({
  name: 'AliasIdentifier',
  label: 'an alias ($name)',
  pattern: /\$[A-Za-z_\u0080-\uFFEF][A-Za-z0-9_\u0080-\uFFEF]*/,
});

function keyword(name: string, word: string): TokenType {
  return token({
    name,
    label: `'${word}'`,
    pattern: new RegExp(word, 'i'),
    longer_alt: Identifier,
    categories: [Identifier],
  });
}

export const Association = keyword('Association', 'association');
export const Enumeration = keyword('Enumeration', 'enumeration');
export const Indication = keyword('Indication', 'indication');
export const Qualifier = keyword('Qualifier', 'qualifier');
export const Structure = keyword('Structure', 'structure');
export const Instance = keyword('Instance', 'instance');
export const Flavor = keyword('Flavor', 'flavor');
export const Class = keyword('Class', 'class');
export const False = keyword('False', 'false');
export const Scope = keyword('Scope', 'scope');
export const Value = keyword('Value', 'value');
export const Null = keyword('Null', 'null');
export const True = keyword('True', 'true');
export const Ref = keyword('Ref', 'ref');
export const As = keyword('As', 'as');
export const Of = keyword('Of', 'of');

/**
 * Longest first: a keyword's `longer_alt` only turns it into an identifier, so
 * `as` listed before `association` would swallow its first two letters.
 */
const keywords = [
  Association,
  Enumeration,
  Indication,
  Qualifier,
  Structure,
  Instance,
  Flavor,
  Class,
  False,
  Scope,
  Value,
  Null,
  True,
  Ref,
  As,
  Of,
];

// ---------------------------------------------------------------------------
// Preprocessor directives

/** Any `#word` that is neither `#pragma` nor `#include`; the parser rejects it as one stray token. */
export const UnknownDirective = token({ name: 'UnknownDirective', label: 'a directive', pattern: /#[A-Za-z_][A-Za-z0-9_]*/ });
export const PragmaDirective = token({ name: 'PragmaDirective', label: "'#pragma'", pattern: /#pragma/i, longer_alt: UnknownDirective });
/** Microsoft's `#include("file")`. */
export const IncludeDirective = token({ name: 'IncludeDirective', label: "'#include'", pattern: /#include/i, longer_alt: UnknownDirective });

// ---------------------------------------------------------------------------
// Literals

/**
 * A string literal on one line (DSP0004; MultiLineStringLiteral below is
 * mofcomp's form that spans lines); escapes are checked when it is decoded.
 * The patterns are written as "unrolled loops" (runs of plain characters
 * between escapes) because descriptions make strings the bulk of
 * real MOF text, and a per-character alternation is several times slower.
 */
export const StringLiteral = token({
  name: 'StringLiteral',
  label: 'a string',
  pattern: /"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*"/,
});
/** Longest stretch a string literal may run past its line before it counts as unterminated. */
const MAX_MULTILINE_STRING = 64 * 1024;

/** Characters that may follow a string literal in MOF (after white space). */
const AFTER_STRING = new Set([',', ')', '}', ';', ']', '"']);

/**
 * A string literal whose closing quote is on a later line. mofcomp (and OMI)
 * read a string up to its closing quote, line breaks included, and
 * Microsoft-shipped schemas rely on it (a quote missing at a line end). Only
 * tried where a one-line literal failed; taken only when what follows the
 * closing quote can follow a string, so a quote that is really missing still
 * gives one unterminated-string error rather than swallowing the statements up
 * to the next quote.
 */
function matchMultiLineString(text: string, offset: number): RegExpExecArray | null {
  if (text.charCodeAt(offset) !== 34) return null;
  const limit = Math.min(text.length, offset + MAX_MULTILINE_STRING);
  let lineBreak = false;
  let i = offset + 1;
  for (; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) break;
    if (c === 10 || c === 13) lineBreak = true;
    else if (c === 92 && i + 1 < limit) {
      i++;
      const escaped = text.charCodeAt(i);
      if (escaped === 10 || escaped === 13) lineBreak = true;
    }
  }
  if (i >= limit || !lineBreak) return null;
  let next = i + 1;
  while (next < text.length && isWhiteSpace(text.charCodeAt(next))) next++;
  if (next >= text.length || !AFTER_STRING.has(text[next]!)) return null;
  // Chevrotain reads only the matched text (element 0) of a custom pattern's result.
  return [text.slice(offset, i + 1)] as unknown as RegExpExecArray;
}

function isWhiteSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xfeff;
}

export const MultiLineStringLiteral = token({
  name: 'MultiLineStringLiteral',
  label: 'a string',
  pattern: { exec: matchMultiLineString },
  line_breaks: true,
  start_chars_hint: ['"'],
  categories: [StringLiteral],
});
export const UnterminatedStringLiteral = token({
  name: 'UnterminatedStringLiteral',
  label: 'a string',
  pattern: /"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*\\?/,
  categories: [StringLiteral],
});
export const Char16Literal = token({ name: 'Char16Literal', label: 'a char16 literal', pattern: /'(?:[^'\\\r\n]|\\[^\r\n])*'/ });
export const UnterminatedChar16Literal = token({
  name: 'UnterminatedChar16Literal',
  label: 'a char16 literal',
  pattern: /'(?:[^'\\\r\n]|\\[^\r\n])*\\?/,
  categories: [Char16Literal],
});
/**
 * Every numeric form (decimal, hex, octal, binary, real, with a sign) as one
 * token: the maximal run of word characters and dots after a digit, so that a
 * malformed number such as `12ab` or `1.2.3` is one token the decoder rejects
 * rather than several tokens the parser trips over.
 */
export const NumberLiteral = token({
  name: 'NumberLiteral',
  label: 'a number',
  pattern: /[+-]?(?:[0-9]|\.[0-9])(?:[eE][+-][0-9]|[A-Za-z0-9_.])*/,
});

// ---------------------------------------------------------------------------
// Punctuation

export const LCurly = token({ name: 'LCurly', label: "'{'", pattern: '{' }, false);
export const RCurly = token({ name: 'RCurly', label: "'}'", pattern: '}' }, false);
export const Semicolon = token({ name: 'Semicolon', label: "';'", pattern: ';' }, false);
export const LSquare = token({ name: 'LSquare', label: "'['", pattern: '[' });
export const RSquare = token({ name: 'RSquare', label: "']'", pattern: ']' });
export const LParen = token({ name: 'LParen', label: "'('", pattern: '(' });
export const RParen = token({ name: 'RParen', label: "')'", pattern: ')' });
export const Comma = token({ name: 'Comma', label: "','", pattern: ',' });
export const Colon = token({ name: 'Colon', label: "':'", pattern: ':' });
export const Equals = token({ name: 'Equals', label: "'='", pattern: '=' });

/** Lexer definition, in match order. */
export const lexerTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  PragmaDirective,
  IncludeDirective,
  UnknownDirective,
  StringLiteral,
  MultiLineStringLiteral,
  UnterminatedStringLiteral,
  Char16Literal,
  UnterminatedChar16Literal,
  NumberLiteral,
  AliasIdentifier,
  ...keywords,
  Identifier,
  LCurly,
  RCurly,
  LSquare,
  RSquare,
  LParen,
  RParen,
  Semicolon,
  Comma,
  Colon,
  Equals,
];

/** Parser vocabulary: every token type plus the categories. */
export const parserTokens: TokenType[] = [...lexerTokens, AnyToken, SkippedToken];

export function createMofLexer(options: { validate?: boolean } = {}): Lexer {
  return new Lexer(lexerTokens, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
    skipValidations: !options.validate,
  });
}

/**
 * How a diagnostic names a token it found: its text quoted (cut at 40
 * characters, so a long string literal does not flood the message), or
 * `end of file` for Chevrotain's EOF token, which has no offset.
 */
export function describeFound(token: IToken): string {
  if (Number.isNaN(token.startOffset)) return 'end of file';
  const text = token.image.length > 40 ? token.image.slice(0, 37) + '...' : token.image;
  return `'${text}'`;
}
