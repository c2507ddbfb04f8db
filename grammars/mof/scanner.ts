/**
 * The MOF scanner: text → the tokens the parser reads (token types from
 * `tokens.ts`), the invalid characters, and an unterminated block comment.
 *
 * Written by hand, in the manner of TypeScript's own `scanner.ts`, in place of
 * Chevrotain's regex `Lexer` (decision 0030): it walks the text with
 * `charCodeAt` and, for runs of characters, sticky regular expressions; it
 * makes an object only for a token the parser sees (white space and comments
 * cost nothing but the walk), slices each image once, and needs no start-up
 * analysis of patterns. Tokens have the shape Chevrotain's lexer
 * gives with `positionTracking: 'onlyOffset'` (`image`, `startOffset`,
 * `tokenTypeIdx`, `tokenType`), which is all the parser needs to match token
 * types and their categories.
 *
 * The lexical rules are those of the regex lexer it replaced, which
 * `test/grammar/reference-lexer.ts` keeps as the oracle of a differential test:
 * - first match in this order: white space, `//` and `/* … *\/` comments,
 *   directives, string and char16 literals, numbers, aliases, keywords and
 *   identifiers, punctuation;
 * - a keyword is a whole word (ASCII case-insensitive): a longer word is an
 *   identifier (`classes`);
 * - a string that fails on its line may still be mofcomp's multi-line string,
 *   else it is an unterminated string up to its line end;
 * - characters that start no token are reported as one run per stretch, up
 *   to the next character that starts one.
 * Every loop moves forward only and nothing recurses, so time is linear in
 * the text (the multi-line look-ahead is capped per string).
 */
import type { IToken, TokenType } from 'chevrotain';
import {
  AliasIdentifier,
  Char16Literal,
  Identifier,
  IncludeDirective,
  KEYWORDS,
  MultiLineStringLiteral,
  NumberLiteral,
  PragmaDirective,
  PUNCTUATION,
  StringLiteral,
  UnknownDirective,
  UnterminatedChar16Literal,
  UnterminatedStringLiteral,
} from './tokens.js';

/** A run of characters that start no token. */
export interface InvalidCharacters {
  offset: number;
  length: number;
}

export interface ScanResult {
  /** What the parser reads, in order. */
  tokens: IToken[];
  /** Runs of invalid characters, in order. */
  invalidCharacters: InvalidCharacters[];
  /** Offset of a `/*` that is never closed (it runs to the end of the text), if any. */
  unterminatedComment: number | undefined;
}

// ---------------------------------------------------------------------------
// Character classes

/** What an ASCII character starts; anything else is looked at by `scanOther`. */
const OTHER = 0;
const WHITE = 1;
const NAME = 2;
const PUNCTUATION_START = 3;

const startKind = new Uint8Array(128);
for (const c of [32, 9, 10, 11, 12, 13]) startKind[c] = WHITE;
for (let c = 65; c <= 90; c++) startKind[c] = NAME;
for (let c = 97; c <= 122; c++) startKind[c] = NAME;
startKind[95] = NAME; // _
for (const c of PUNCTUATION.keys()) startKind[c.charCodeAt(0)] = PUNCTUATION_START;

const BOM = 0xfeff;
/** Identifiers may use U+0080–U+FFEF (UTF-16 code units, so surrogates too). */
const LAST_IDENTIFIER_CHAR = 0xffef;

/*
 * Runs of characters are measured with sticky regular expressions (`test`
 * and `lastIndex`: no match object is made). V8 compiles them to machine code
 * on first use, so the walk over long strings, comments and names is fast
 * from the first file on, before the JavaScript around it gets optimized
 * (a process scans each file once: most of a `mofc` run is cold code).
 */
/** White space; U+FEFF too, where a token starts (inside a name it belongs to the name). */
const WHITE_SPACE_RUN = /[ \t\r\n\f\v\uFEFF]*/y;
const NAME_RUN = /[A-Za-z0-9_\u0080-\uFFEF]*/y;
/** Directive names are ASCII only. */
const DIRECTIVE_NAME_RUN = /[A-Za-z0-9_]*/y;
const REST_OF_LINE = /[^\r\n]*/y;
/** Characters of a string or char16 literal up to an escape, its closing quote or a line break. */
const STRING_PLAIN_RUN = /[^"\\\r\n]*/y;
const CHAR16_PLAIN_RUN = /[^'\\\r\n]*/y;

/** Where the run of `pattern` (which matches the empty string) that starts at `start` ends. */
function runEnd(pattern: RegExp, text: string, start: number): number {
  pattern.lastIndex = start;
  pattern.test(text);
  return pattern.lastIndex;
}

function isWhiteSpace(c: number): boolean {
  return c < 128 ? startKind[c] === WHITE : c === BOM;
}

function isNameStart(c: number): boolean {
  return c < 128 ? startKind[c] === NAME : c <= LAST_IDENTIFIER_CHAR;
}

function isDirectiveStart(c: number): boolean {
  return c < 128 && startKind[c] === NAME;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `[A-Za-z0-9_]`. */
function isWordCharacter(c: number): boolean {
  return c < 128 && (startKind[c] === NAME || isDigit(c));
}

const punctuationByCode: (TokenType | undefined)[] = [];
const punctuationImage: string[] = [];
for (const [character, type] of PUNCTUATION) {
  punctuationByCode[character.charCodeAt(0)] = type;
  punctuationImage[character.charCodeAt(0)] = character;
}

/** The keywords (lower-case spellings) by length: a word is compared only with those of its length. */
const keywordsByLength: [string, TokenType][][] = [];
for (const entry of KEYWORDS) (keywordsByLength[entry[0].length] ??= []).push(entry);

/**
 * Whether `text[start, end)` spells `word` (lower-case ASCII letters) in any case.
 * `c | 0x20` folds only ASCII capitals onto `word`'s letters: no other
 * identifier character (digit, `_`, U+0080 and above) lands on `a`–`z`.
 */
function spells(text: string, start: number, end: number, word: string): boolean {
  for (let i = start; i < end; i++) if ((text.charCodeAt(i) | 0x20) !== word.charCodeAt(i - start)) return false;
  return true;
}

function wordType(text: string, start: number, end: number): TokenType {
  const candidates = keywordsByLength[end - start];
  if (candidates !== undefined) {
    for (const [word, type] of candidates) if (spells(text, start, end, word)) return type;
  }
  return Identifier;
}

// ---------------------------------------------------------------------------
// Literals

/** Longest stretch a string literal may run past its line before it counts as unterminated. */
const MAX_MULTILINE_STRING = 64 * 1024;

/**
 * End of a one-line quoted literal opened at `start` (`"` or `'`): after the
 * closing quote when it is closed on its line; otherwise the bitwise
 * complement (< 0) of where the unterminated literal ends, which is the line
 * end or the text end, a final backslash included. A loop over escapes, not one
 * regular expression: a backtracking match of millions of escapes overflows
 * the regular expression stack.
 */
function quotedEnd(text: string, start: number, quote: number): number {
  const plainRun = quote === 34 ? STRING_PLAIN_RUN : CHAR16_PLAIN_RUN;
  const length = text.length;
  let i = start + 1;
  for (;;) {
    let c = text.charCodeAt(i);
    if (c !== quote && c !== 92 && c !== 10 && c !== 13 && i < length) {
      i = runEnd(plainRun, text, i + 1);
      c = text.charCodeAt(i);
    }
    if (c === quote) return i + 1;
    if (c !== 92) return ~i; // a line break or the end
    if (i + 1 >= length) return ~(i + 1);
    const escaped = text.charCodeAt(i + 1);
    if (escaped === 10 || escaped === 13) return ~(i + 1);
    i += 2;
  }
}

/**
 * Finds mofcomp's multi-line strings in one text. mofcomp (and OMI) read a
 * string up to its closing quote, line breaks included, and Microsoft-shipped
 * schemas rely on it (a quote missing at a line end). Only tried where a
 * one-line literal failed, so a line break (or an escaped one) comes before
 * the closing quote; taken only when that quote is at most
 * MAX_MULTILINE_STRING characters on and what follows it can follow a string,
 * so a quote that is really missing still gives one unterminated-string error
 * rather than swallowing the statements up to the next quote.
 *
 * Looking ahead up to 64K characters from every opening quote would be
 * quadratic on hostile text (lines of `\"`, each quote opening a string whose
 * look-ahead skips every later escaped quote), so the finder remembers its
 * last walk: a quote inside it was read there as an escaped character, so the
 * walk from just after it is the same walk, only with a later limit. Every
 * character is walked once per text.
 */
class MultiLineStrings {
  /** The opening quote of the current walk; escapes are read from the character after it. */
  private walkStart = -1;
  /** Where the walk goes on: it has read everything before this, escapes included. */
  private walked = 0;
  /** The first quote the walk found that is not escaped (-1: none yet), and whether a string may end there. */
  private closing = -1;
  private closingTaken = false;

  constructor(private readonly text: string) {}

  /** End of the multi-line string opened at `start` (after its closing quote), or -1. */
  endAt(start: number): number {
    const text = this.text;
    const bound = this.closing !== -1 ? this.closing : this.walked;
    if (!(start > this.walkStart && start < bound)) {
      this.walkStart = start;
      this.walked = start + 1;
      this.closing = -1;
    }
    const limit = Math.min(text.length, start + MAX_MULTILINE_STRING);
    if (this.closing === -1) {
      let i = this.walked;
      while (i < limit) {
        const c = text.charCodeAt(i);
        if (c === 34) {
          this.closing = i;
          this.closingTaken = closingTaken(text, i);
          break;
        }
        if (c === 92) {
          // A backslash whose escaped character is past the limit is read again by a later, longer walk.
          if (i + 1 >= limit) break;
          i += 2;
        } else i++;
      }
      this.walked = i;
      if (this.closing === -1) return -1;
    }
    return this.closingTaken ? this.closing + 1 : -1;
  }
}

/** Whether a string may end with the quote at `quote`: what follows it (after white space) can follow a string. */
function closingTaken(text: string, quote: number): boolean {
  let next = quote + 1;
  while (next < text.length && isWhiteSpace(text.charCodeAt(next))) next++;
  return next < text.length && canFollowString(text.charCodeAt(next));
}

/** `,` `)` `}` `;` `]` `"`: what may follow a string literal in MOF (after white space). */
function canFollowString(c: number): boolean {
  return c === 44 || c === 41 || c === 125 || c === 59 || c === 93 || c === 34;
}

/**
 * End of a number at `start` (one token for every numeric form, malformed
 * ones included: the maximal run of word characters and dots after the first
 * digit, an exponent's sign included), or -1 when no number starts there.
 */
function numberEnd(text: string, start: number): number {
  const length = text.length;
  let i = start;
  let c = text.charCodeAt(i);
  if (c === 43 || c === 45) c = text.charCodeAt(++i);
  if (c === 46) c = text.charCodeAt(++i);
  if (!isDigit(c)) return -1;
  i++;
  while (i < length) {
    c = text.charCodeAt(i);
    if ((c === 101 || c === 69) && (text.charCodeAt(i + 1) === 43 || text.charCodeAt(i + 1) === 45) && isDigit(text.charCodeAt(i + 2))) i += 3;
    else if (c === 46 || isWordCharacter(c)) i++;
    else break;
  }
  return i;
}

/** Whether a token or trivia starts at `i`: where a run of invalid characters ends. */
function startsToken(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c >= 128) return c <= LAST_IDENTIFIER_CHAR;
  if (startKind[c] !== OTHER || isDigit(c)) return true;
  switch (c) {
    case 34: // "
    case 39: // '
      return true;
    case 47: {
      // `//` or `/*`
      const next = text.charCodeAt(i + 1);
      return next === 47 || next === 42;
    }
    case 35: // `#` and a letter
      return isDirectiveStart(text.charCodeAt(i + 1));
    case 36: // `$` and a name
      return isNameStart(text.charCodeAt(i + 1));
    case 43:
    case 45:
    case 46:
      return numberEnd(text, i) !== -1;
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------
// The scan

/** The token object Chevrotain's lexer makes with `positionTracking: 'onlyOffset'`, property for property. */
function token(image: string, startOffset: number, tokenType: TokenType): IToken {
  return { image, startOffset, tokenTypeIdx: tokenType.tokenTypeIdx!, tokenType };
}

/** What one scan collects besides the tokens. */
class ScanState {
  readonly tokens: IToken[] = [];
  readonly invalidCharacters: InvalidCharacters[] = [];
  unterminatedComment: number | undefined;
  private multiLine: MultiLineStrings | undefined;

  constructor(readonly text: string) {}

  multiLineStringEnd(start: number): number {
    return (this.multiLine ??= new MultiLineStrings(this.text)).endAt(start);
  }
}

export function scan(text: string): ScanResult {
  const state = new ScanState(text);
  const tokens = state.tokens;
  const length = text.length;
  let i = 0;
  let end = 0;
  // The common cases inline, the rest in scanOther: a small loop gets optimized sooner and faster.
  while (i < length) {
    const start = i;
    const c = text.charCodeAt(i);
    const kind = c < 128 ? startKind[c]! : OTHER;
    if (kind === WHITE) {
      i = runEnd(WHITE_SPACE_RUN, text, i + 1);
    } else if (kind === NAME) {
      i = runEnd(NAME_RUN, text, i + 1);
      tokens.push(token(text.slice(start, i), start, wordType(text, start, i)));
    } else if (kind === PUNCTUATION_START) {
      tokens.push(token(punctuationImage[c]!, start, punctuationByCode[c]!));
      i++;
    } else if (c === 34 && (end = quotedEnd(text, start, 34)) > 0) {
      tokens.push(token(text.slice(start, end), start, StringLiteral));
      i = end;
    } else {
      i = scanOther(state, start);
    }
  }
  return { tokens, invalidCharacters: state.invalidCharacters, unterminatedComment: state.unterminatedComment };
}

/** Scans whatever starts at `start` that is not white space, a name, punctuation or a one-line string; returns where it ends. */
function scanOther(state: ScanState, start: number): number {
  const text = state.text;
  const tokens = state.tokens;
  const c = text.charCodeAt(start);
  switch (c) {
    case 47: {
      // /
      const next = text.charCodeAt(start + 1);
      if (next === 47) return runEnd(REST_OF_LINE, text, start + 2);
      if (next === 42) {
        const close = text.indexOf('*/', start + 2);
        if (close !== -1) return close + 2;
        state.unterminatedComment = start;
        return text.length;
      }
      break;
    }
    case 34: {
      // " not closed on its line
      const multiLineEnd = state.multiLineStringEnd(start);
      if (multiLineEnd !== -1) {
        tokens.push(token(text.slice(start, multiLineEnd), start, MultiLineStringLiteral));
        return multiLineEnd;
      }
      const end = ~quotedEnd(text, start, 34);
      tokens.push(token(text.slice(start, end), start, UnterminatedStringLiteral));
      return end;
    }
    case 39: {
      // '
      const end = quotedEnd(text, start, 39);
      const closed = end > 0;
      const stop = closed ? end : ~end;
      tokens.push(token(text.slice(start, stop), start, closed ? Char16Literal : UnterminatedChar16Literal));
      return stop;
    }
    case 35: {
      // #
      if (!isDirectiveStart(text.charCodeAt(start + 1))) break;
      const end = runEnd(DIRECTIVE_NAME_RUN, text, start + 2);
      const type =
        end - start === 7 && spells(text, start + 1, end, 'pragma')
          ? PragmaDirective
          : end - start === 8 && spells(text, start + 1, end, 'include')
            ? IncludeDirective
            : UnknownDirective;
      tokens.push(token(text.slice(start, end), start, type));
      return end;
    }
    case 36: {
      // $
      if (!isNameStart(text.charCodeAt(start + 1))) break;
      const end = runEnd(NAME_RUN, text, start + 2);
      tokens.push(token(text.slice(start, end), start, AliasIdentifier));
      return end;
    }
    case BOM:
      return runEnd(WHITE_SPACE_RUN, text, start + 1);
    default: {
      // A number (a digit, or `+`, `-`, `.` before one), a name beyond ASCII, or nothing.
      const end = numberEnd(text, start);
      if (end !== -1) {
        tokens.push(token(text.slice(start, end), start, NumberLiteral));
        return end;
      }
      if (c >= 128 && c <= LAST_IDENTIFIER_CHAR) {
        const nameEnd = runEnd(NAME_RUN, text, start + 1);
        tokens.push(token(text.slice(start, nameEnd), start, Identifier));
        return nameEnd;
      }
    }
  }
  // No token starts here: one run up to where one does.
  let end = start + 1;
  while (end < text.length && !startsToken(text, end)) end++;
  state.invalidCharacters.push({ offset: start, length: end - start });
  return end;
}
