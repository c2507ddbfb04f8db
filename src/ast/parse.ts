/**
 * The public entry point of the front end: MOF text → AST + diagnostics.
 * Pure (no I/O): include pragmas come back as `IncludePragma` nodes for the
 * source loader to resolve.
 *
 * One lexer and one parser serve every call (building them is the expensive
 * part); each call resets them by assigning new input.
 */
import type { Lexer } from 'chevrotain';
import { createMofLexer, LEXICAL_PROBLEMS_GROUP } from '../../grammars/mof/tokens.js';
import { MofParser } from '../../grammars/mof/parser.js';
import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { lexicalDiagnostics } from '../diagnostics/codes/lexical.js';
import type { SourceFile } from '../source/source-file.js';
import { AstBuilder } from './builder.js';
import type { MofFile } from './nodes.js';

export interface ParseResult {
  file: MofFile;
  diagnostics: Diagnostic[];
}

/** Invalid characters reported per file; the rest are counted in one MOF1108. */
const MAX_INVALID_CHARACTER_REPORTS = 20;

let lexer: Lexer | undefined;
let parser: MofParser | undefined;

/** Chevrotain's grammar self-checks cost start-up time: run them only while developing (the tests run them too). */
const validateGrammar = process.env['NODE_ENV'] === 'development';

export function parseSource(source: SourceFile): ParseResult {
  lexer ??= createMofLexer({ validate: validateGrammar });
  parser ??= new MofParser({ validate: validateGrammar });
  const builder = new AstBuilder(source);
  const lexed = lexer.tokenize(source.text);
  const reported = lexed.errors.slice(0, MAX_INVALID_CHARACTER_REPORTS);
  for (const error of reported) {
    const text = source.text.slice(error.offset, error.offset + error.length);
    builder.report(lexicalDiagnostics.invalidCharacter, source.span(error.offset, error.offset + error.length), [
      describeCharacters(text),
    ]);
  }
  if (lexed.errors.length > reported.length) {
    // A binary or wrongly decoded file would otherwise flood the output with one error per stray byte.
    const first = lexed.errors[reported.length]!;
    builder.report(
      lexicalDiagnostics.tooManyInvalidCharacters,
      source.span(first.offset, first.offset + first.length),
      [lexed.errors.length - reported.length],
    );
  }
  for (const comment of lexed.groups[LEXICAL_PROBLEMS_GROUP] ?? []) {
    // Point at the opening `/*`: the rest of the file is the comment.
    builder.report(lexicalDiagnostics.unterminatedComment, source.span(comment.startOffset, comment.startOffset + 2));
  }
  const problemComments = lexed.groups[LEXICAL_PROBLEMS_GROUP] ?? [];
  const lexicalErrorOffsets = [
    ...lexed.errors.map((error) => error.offset),
    ...problemComments.map((comment) => comment.startOffset),
  ].sort((a, b) => a - b);
  const statements = parser.parse(lexed.tokens, builder, lexicalErrorOffsets);
  const diagnostics = builder.diagnostics.sort(compareDiagnostics);
  const file: { -readonly [K in keyof MofFile]: MofFile[K] } = {
    kind: 'MofFile',
    path: source.path,
    statements,
    span: source.span(0, source.text.length),
  };
  if (builder.multiLineStrings.length > 0) file.multiLineStrings = builder.multiLineStrings;
  return { file, diagnostics };
}

/** `'@'` for printable text, `U+0007` for control characters, so messages stay readable. */
function describeCharacters(text: string): string {
  if (/^[\x21-\x7e\u00a0-\uffff]+$/.test(text)) return `'${text}'`;
  return [...text].map((c) => 'U+' + c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')).join(' ');
}
