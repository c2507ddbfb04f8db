/**
 * The public entry point of the front end: MOF text → AST + diagnostics.
 * Pure (no I/O): include pragmas come back as `IncludePragma` nodes for the
 * source loader to resolve.
 *
 * One parser serves every call (building it is the expensive part); each
 * call resets it by assigning new input. The scanner needs no set-up.
 */
import { MofParser } from '../../grammars/mof/parser.js';
import { scan } from '../../grammars/mof/scanner.js';
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

let parser: MofParser | undefined;

/** Chevrotain's grammar self-checks cost start-up time: run them only while developing (the tests run them too). */
const validateGrammar = process.env['NODE_ENV'] === 'development';

export function parseSource(source: SourceFile): ParseResult {
  parser ??= new MofParser({ validate: validateGrammar });
  const builder = new AstBuilder(source);
  const scanned = scan(source.text);
  const invalid = scanned.invalidCharacters;
  const reported = Math.min(invalid.length, MAX_INVALID_CHARACTER_REPORTS);
  for (let index = 0; index < reported; index++) {
    const { offset, length } = invalid[index]!;
    builder.report(lexicalDiagnostics.invalidCharacter, source.span(offset, offset + length), [
      describeCharacters(source.text.slice(offset, offset + length)),
    ]);
  }
  if (invalid.length > reported) {
    // A binary or wrongly decoded file would otherwise flood the output with one error per stray byte.
    const first = invalid[reported]!;
    builder.report(lexicalDiagnostics.tooManyInvalidCharacters, source.span(first.offset, first.offset + first.length), [
      invalid.length - reported,
    ]);
  }
  const lexicalErrorOffsets = invalid.map((run) => run.offset);
  if (scanned.unterminatedComment !== undefined) {
    // Point at the opening `/*`: the rest of the file is the comment, so it comes after every invalid run.
    const start = scanned.unterminatedComment;
    builder.report(lexicalDiagnostics.unterminatedComment, source.span(start, start + 2));
    lexicalErrorOffsets.push(start);
  }
  const statements = parser.parse(scanned.tokens, builder, lexicalErrorOffsets);
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
