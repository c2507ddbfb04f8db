/**
 * The regex lexer mofc used before its hand-written scanner
 * (`grammars/mof/scanner.ts`, decision 0030), kept here as a test oracle only:
 * `scanner-equivalence.test.ts` checks that the scanner gives exactly the
 * tokens, offsets, invalid-character runs and unterminated comments that this
 * Chevrotain `Lexer` gives, over every fixture and a seeded fuzz. Token types
 * are its own (with the regex patterns); they carry the names of the
 * production types in `grammars/mof/tokens.ts`, which is what is compared.
 * The definitions are those of `grammars/mof/tokens.ts` at commit 7410835
 * (exports trimmed, `createMofLexer` renamed `createReferenceLexer`).
 */
import { createToken, Lexer, type ITokenConfig, type TokenType } from 'chevrotain';

const AnyToken = createToken({ name: 'AnyToken', pattern: Lexer.NA });
const SkippedToken = createToken({ name: 'SkippedToken', pattern: Lexer.NA });

function token(config: ITokenConfig, skippable = true): TokenType {
  const own = config.categories === undefined ? [] : Array.isArray(config.categories) ? config.categories : [config.categories];
  return createToken({ ...config, categories: [...own, AnyToken, ...(skippable ? [SkippedToken] : [])] });
}

// ---------------------------------------------------------------------------
// Trivia

/** The lexer group of tokens that are lexical problems in themselves (kept out of the parser's input). */
export const LEXICAL_PROBLEMS_GROUP = 'lexicalProblems';

const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v\uFEFF]+/,
  group: Lexer.SKIPPED,
});
const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: Lexer.SKIPPED });
const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED });
/** `/*` without a closing `*\/`: kept out of the token stream, reported as a lexical diagnostic. */
const UnterminatedBlockComment = createToken({
  name: 'UnterminatedBlockComment',
  pattern: /\/\*[\s\S]*/,
  group: LEXICAL_PROBLEMS_GROUP,
});

// ---------------------------------------------------------------------------
// Names

const Identifier = token({
  name: 'Identifier',
  label: 'a name',
  pattern: /[A-Za-z_\u0080-\uFFEF][A-Za-z0-9_\u0080-\uFFEF]*/,
});

/** `$Name`: an alias, declared after `as` and used as a value. */
const AliasIdentifier = token({
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

const Association = keyword('Association', 'association');
const Enumeration = keyword('Enumeration', 'enumeration');
const Indication = keyword('Indication', 'indication');
const Qualifier = keyword('Qualifier', 'qualifier');
const Structure = keyword('Structure', 'structure');
const Instance = keyword('Instance', 'instance');
const Flavor = keyword('Flavor', 'flavor');
const Class = keyword('Class', 'class');
const False = keyword('False', 'false');
const Scope = keyword('Scope', 'scope');
const Value = keyword('Value', 'value');
const Null = keyword('Null', 'null');
const True = keyword('True', 'true');
const Ref = keyword('Ref', 'ref');
const As = keyword('As', 'as');
const Of = keyword('Of', 'of');

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
const UnknownDirective = token({ name: 'UnknownDirective', label: 'a directive', pattern: /#[A-Za-z_][A-Za-z0-9_]*/ });
const PragmaDirective = token({ name: 'PragmaDirective', label: "'#pragma'", pattern: /#pragma/i, longer_alt: UnknownDirective });
/** Microsoft's `#include("file")`. */
const IncludeDirective = token({ name: 'IncludeDirective', label: "'#include'", pattern: /#include/i, longer_alt: UnknownDirective });

// ---------------------------------------------------------------------------
// Literals

/**
 * A string literal on one line (DSP0004; MultiLineStringLiteral below is
 * mofcomp's form that spans lines); escapes are checked when it is decoded.
 * The patterns are written as "unrolled loops" (runs of plain characters
 * between escapes) because descriptions make strings the bulk of
 * real MOF text, and a per-character alternation is several times slower.
 */
const StringLiteral = token({
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

const MultiLineStringLiteral = token({
  name: 'MultiLineStringLiteral',
  label: 'a string',
  pattern: { exec: matchMultiLineString },
  line_breaks: true,
  start_chars_hint: ['"'],
  categories: [StringLiteral],
});
const UnterminatedStringLiteral = token({
  name: 'UnterminatedStringLiteral',
  label: 'a string',
  pattern: /"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*\\?/,
  categories: [StringLiteral],
});
const Char16Literal = token({ name: 'Char16Literal', label: 'a char16 literal', pattern: /'(?:[^'\\\r\n]|\\[^\r\n])*'/ });
const UnterminatedChar16Literal = token({
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
const NumberLiteral = token({
  name: 'NumberLiteral',
  label: 'a number',
  pattern: /[+-]?(?:[0-9]|\.[0-9])(?:[eE][+-][0-9]|[A-Za-z0-9_.])*/,
});

// ---------------------------------------------------------------------------
// Punctuation

const LCurly = token({ name: 'LCurly', label: "'{'", pattern: '{' }, false);
const RCurly = token({ name: 'RCurly', label: "'}'", pattern: '}' }, false);
const Semicolon = token({ name: 'Semicolon', label: "';'", pattern: ';' }, false);
const LSquare = token({ name: 'LSquare', label: "'['", pattern: '[' });
const RSquare = token({ name: 'RSquare', label: "']'", pattern: ']' });
const LParen = token({ name: 'LParen', label: "'('", pattern: '(' });
const RParen = token({ name: 'RParen', label: "')'", pattern: ')' });
const Comma = token({ name: 'Comma', label: "','", pattern: ',' });
const Colon = token({ name: 'Colon', label: "':'", pattern: ':' });
const Equals = token({ name: 'Equals', label: "'='", pattern: '=' });

/** Lexer definition, in match order. */
const lexerTokens: TokenType[] = [
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

export function createReferenceLexer(options: { validate?: boolean } = {}): Lexer {
  return new Lexer(lexerTokens, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
    skipValidations: !options.validate,
  });
}

