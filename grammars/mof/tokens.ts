/**
 * MOF token types (DSP0004 2.x, plus what Microsoft's mofcomp accepts): the
 * parser's vocabulary. `scanner.ts` says which text makes which token.
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
import { createToken, type IToken, type ITokenConfig, type TokenType } from 'chevrotain';

/** Category of every token that reaches the parser. */
export const AnyToken = createToken({ name: 'AnyToken' });
/** Category of every token except braces and `;`: what the parser may skip inside an unsupported construct. */
export const SkippedToken = createToken({ name: 'SkippedToken' });

function token(config: ITokenConfig, skippable = true): TokenType {
  const own = config.categories === undefined ? [] : Array.isArray(config.categories) ? config.categories : [config.categories];
  return createToken({ ...config, categories: [...own, AnyToken, ...(skippable ? [SkippedToken] : [])] });
}

// ---------------------------------------------------------------------------
// Names

export const Identifier = token({ name: 'Identifier', label: 'a name' });
/** `$Name`: an alias, declared after `as` and used as a value. */
export const AliasIdentifier = token({ name: 'AliasIdentifier', label: 'an alias ($name)' });

const keywordTypes = new Map<string, TokenType>();
/** The keywords by their lower-case spelling: the scanner turns a word that spells one, in any case, into its type. */
export const KEYWORDS: ReadonlyMap<string, TokenType> = keywordTypes;

function keyword(name: string, word: string): TokenType {
  const type = token({ name, label: `'${word}'`, categories: [Identifier] });
  keywordTypes.set(word, type);
  return type;
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

// ---------------------------------------------------------------------------
// Preprocessor directives

export const PragmaDirective = token({ name: 'PragmaDirective', label: "'#pragma'" });
/** Microsoft's `#include("file")`. */
export const IncludeDirective = token({ name: 'IncludeDirective', label: "'#include'" });
/** Any `#word` that is neither `#pragma` nor `#include`; the parser rejects it as one stray token. */
export const UnknownDirective = token({ name: 'UnknownDirective', label: 'a directive' });

// ---------------------------------------------------------------------------
// Literals

/** A string literal on one line (DSP0004); escapes are checked when it is decoded. */
export const StringLiteral = token({ name: 'StringLiteral', label: 'a string' });
/**
 * mofcomp's string literal whose closing quote is on a later line (see the
 * scanner for when it is taken); the builder warns about it.
 */
export const MultiLineStringLiteral = token({ name: 'MultiLineStringLiteral', label: 'a string', categories: [StringLiteral] });
/** A string literal not closed on its line: up to the line end. */
export const UnterminatedStringLiteral = token({ name: 'UnterminatedStringLiteral', label: 'a string', categories: [StringLiteral] });
export const Char16Literal = token({ name: 'Char16Literal', label: 'a char16 literal' });
export const UnterminatedChar16Literal = token({
  name: 'UnterminatedChar16Literal',
  label: 'a char16 literal',
  categories: [Char16Literal],
});
/** Every numeric form (decimal, hex, octal, binary, real, with a sign), malformed ones included, as one token. */
export const NumberLiteral = token({ name: 'NumberLiteral', label: 'a number' });

// ---------------------------------------------------------------------------
// Punctuation

const punctuationTypes = new Map<string, TokenType>();
/** The punctuation tokens by their one character, for the scanner. */
export const PUNCTUATION: ReadonlyMap<string, TokenType> = punctuationTypes;

function punctuation(name: string, character: string, skippable = true): TokenType {
  const type = token({ name, label: `'${character}'` }, skippable);
  punctuationTypes.set(character, type);
  return type;
}

export const LCurly = punctuation('LCurly', '{', false);
export const RCurly = punctuation('RCurly', '}', false);
export const Semicolon = punctuation('Semicolon', ';', false);
export const LSquare = punctuation('LSquare', '[');
export const RSquare = punctuation('RSquare', ']');
export const LParen = punctuation('LParen', '(');
export const RParen = punctuation('RParen', ')');
export const Comma = punctuation('Comma', ',');
export const Colon = punctuation('Colon', ':');
export const Equals = punctuation('Equals', '=');

/** Parser vocabulary: every token type the scanner makes, then the categories. */
export const parserTokens: TokenType[] = [
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
  AnyToken,
  SkippedToken,
];

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
