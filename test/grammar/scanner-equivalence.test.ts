import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IToken } from 'chevrotain';
import { describe, expect, test } from 'vitest';
import { scan } from '../../grammars/mof/scanner.js';
import { decodeSource } from '../../src/source/decode.js';
import { createReferenceLexer, LEXICAL_PROBLEMS_GROUP } from './reference-lexer.js';
import { seededRandom as random } from '../helpers/random.js';

/**
 * The hand-written scanner must give exactly what the regex lexer it replaced
 * gave (reference-lexer.ts): the same tokens (type name, image, offset, object
 * shape: no `endOffset`, as with `positionTracking: 'onlyOffset'`), the same runs of invalid characters and the same unterminated block
 * comment, over every MOF file in fixtures/ and a seeded fuzz.
 */
const reference = createReferenceLexer({ validate: true });

interface Lexed {
  tokens: IToken[];
  invalid: { offset: number; length: number }[];
  unterminatedComment: number | undefined;
}

function lexReference(text: string): Lexed {
  const result = reference.tokenize(text);
  const problems = result.groups[LEXICAL_PROBLEMS_GROUP] ?? [];
  // An unterminated comment runs to the end of the text, so there is at most one.
  if (problems.length > 1 || (problems[0] !== undefined && problems[0].image !== text.slice(problems[0].startOffset))) {
    throw new Error('the reference lexer set aside something other than one comment to the end');
  }
  return {
    tokens: result.tokens,
    invalid: result.errors.map((error) => ({ offset: error.offset, length: error.length })),
    unterminatedComment: problems[0]?.startOffset,
  };
}

function lexScanner(text: string): Lexed {
  const result = scan(text);
  return { tokens: result.tokens, invalid: result.invalidCharacters, unterminatedComment: result.unterminatedComment };
}

const SHAPE = 'image,startOffset,tokenTypeIdx,tokenType';

/** What a test compares of a token: the type by name (each lexer has its own type objects), and its own properties. */
function describeToken(token: IToken | undefined): string {
  if (token === undefined) return 'none';
  return JSON.stringify({ type: token.tokenType.name, image: token.image, startOffset: token.startOffset, keys: Object.keys(token).join() });
}

/** The first difference between the two token streams, described with its place in the text; undefined when equal. */
function difference(text: string): string | undefined {
  const expected = lexReference(text);
  const actual = lexScanner(text);
  const tokenCount = Math.max(expected.tokens.length, actual.tokens.length);
  for (let index = 0; index < tokenCount; index++) {
    const want = expected.tokens[index];
    const got = actual.tokens[index];
    const same =
      want !== undefined &&
      got !== undefined &&
      want.tokenType.name === got.tokenType.name &&
      want.image === got.image &&
      want.startOffset === got.startOffset &&
      // Chevrotain's parser matches types and categories by index.
      got.tokenTypeIdx === got.tokenType.tokenTypeIdx &&
      Object.keys(want).join() === SHAPE &&
      Object.keys(got).join() === SHAPE;
    if (!same) {
      const at = want?.startOffset ?? got?.startOffset ?? 0;
      return `token ${index} near ${JSON.stringify(text.slice(Math.max(0, at - 20), at + 40))}: expected ${describeToken(want)}, got ${describeToken(got)}`;
    }
  }
  if (JSON.stringify(expected.invalid) !== JSON.stringify(actual.invalid)) {
    return `invalid characters: expected ${JSON.stringify(expected.invalid)}, got ${JSON.stringify(actual.invalid)}`;
  }
  if (expected.unterminatedComment !== actual.unterminatedComment) {
    return `unterminated comment: expected ${expected.unterminatedComment}, got ${actual.unterminatedComment}`;
  }
  return undefined;
}

function mofFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.mof'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}


/** Pieces of MOF, whole and broken, that the fuzz strings together. */
const FRAGMENTS = [
  'class', 'CLASS', 'Classes', 'instance of', 'qualifier', 'association', 'as', 'asx', 'ref', 'REF', 'of', 'of_',
  'value', 'Null', 'true', 'FALSE', 'scope', 'flavor', 'structure', 'enumeration', 'indication',
  'Name', '_x', 'x1', 'Größe', '\u00e9t\u00e9', '\ud83d\ude00', '\ufeff', 'a\ufeffb', '\uffef', '\ufff0', '\uffff',
  '$alias', '$', '$9', '$\u00e9',
  '#pragma', '#PRAGMA', '#pragmas', '#include', '#Include(', '#define', '#', '#9', '#_x', '#\u00e9',
  '"', '\\"', '\n\\"', '"a"', '"a\\"b"', '"\\', '\\', '"a\\\n', '"x\n"', '"x\r\n y",', '"open)]\n', '""', '"\\n"', "'", "'a'", "'\\''", "'ab", "'\\",
  '0', '42', '-17', '+5', '+', '-', '.', '.5', '+.5', '-.x', '0x1F', '101b', '1.2.3', '1e+5', '1e+', '1E-x', '6.02e+23', '12ab', '1_000',
  '/*', '*/', '/* c */', '/', '//', '// line', '/**/', '/*/', '*',
  '{', '}', '[', ']', '(', ')', ';', ',', ':', '=', '@', '!', '%', '^', '&', '|', '~', '`', '?', '<', '>',
  ' ', '  ', '\t', '\n', '\r', '\r\n', '\f', '\v', '\u0000', '\u0001', '\u001f', '\u007f', '\u0080', '\u00a0', '\u2028',
];

function fuzzText(next: () => number): string {
  const parts: string[] = [];
  const count = 1 + Math.floor(next() * 40);
  for (let index = 0; index < count; index++) {
    const roll = next();
    if (roll < 0.85) parts.push(FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]!);
    else if (roll < 0.95) parts.push(String.fromCharCode(Math.floor(next() * 0x10000)));
    else parts.push(FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]!.repeat(1 + Math.floor(next() * 200)));
  }
  return parts.join(next() < 0.5 ? '' : ' ');
}

describe('the scanner gives the tokens of the regex lexer it replaced', () => {
  const root = join(import.meta.dirname, '../../fixtures');
  const files = mofFiles(root);

  test('over every .mof file in fixtures/ (DMTF 2.49, Hyper-V, OMI, the syntax cases)', () => {
    expect(files.length).toBeGreaterThan(1700);
    for (const file of files) {
      const bytes = readFileSync(file);
      const text = decodeSource(bytes, file).text;
      expect(difference(text), file).toBeUndefined();
      // The same bytes read as Latin-1 give other characters where a file is not ASCII (BOMs, UTF-16 NULs).
      if (bytes.some((byte) => byte >= 0x80 || byte === 0)) expect(difference(bytes.toString('latin1')), `${file} as Latin-1`).toBeUndefined();
    }
  });

  test('over seeded random mixes of MOF fragments, quotes, backslashes, comments, line breaks and odd characters', () => {
    const next = random(0x5ca77e5);
    for (let round = 0; round < 6000; round++) {
      const text = fuzzText(next);
      expect(difference(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  test('around the 64K look-ahead of a multi-line string, and where one walk serves several quotes', () => {
    const max = 64 * 1024;
    const texts: string[] = [];
    for (let delta = -2; delta <= 2; delta++) {
      const run = 'x'.repeat(max - 3 + delta);
      texts.push(`"\n${run}";`, `"\n${run}\\";`, `"\n${run}\\\\";`, `a = "\r${run}\\"";`, `"${run}\n";`);
      // Escaped quotes on every line: each opens a string whose look-ahead is the same walk.
      const chain = '"' + '\n\\"'.repeat(40);
      // The first walk stops at a backslash just before its limit; the next reads the escape whole.
      texts.push(`${chain}${'x'.repeat(max - 122 + delta)}\\";`);
      texts.push(`${chain}${run}"}`, `${chain}${run}" x`, `${chain}\n"\n  ,`, `x"\n\\"${run}\\\n\\"\n"]`);
    }
    for (const text of texts) expect(difference(text), JSON.stringify(text.slice(0, 60))).toBeUndefined();
  });

  test('over every fixture cut at random places (strings and comments opened and never closed)', () => {
    const next = random(20261201);
    const texts = files.filter((_, index) => index % 16 === 0).map((file) => decodeSource(readFileSync(file), file).text);
    for (const text of texts) {
      const start = Math.floor(next() * text.length);
      const end = start + Math.floor(next() * 2000);
      const cut = text.slice(start, end);
      expect(difference(cut), JSON.stringify(cut)).toBeUndefined();
    }
  });
});
