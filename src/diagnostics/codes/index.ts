import type { DiagnosticDefinition } from '../diagnostic.js';
import { sourceDiagnostics } from './source.js';
import { lexicalDiagnostics } from './lexical.js';
import { syntaxDiagnostics } from './syntax.js';
import { semanticDiagnostics } from './semantic.js';
import { codegenDiagnostics } from './codegen.js';

/**
 * Every diagnostic code mofc can report, by stage. Each stage owns its own
 * table (one file per range) so that codes are declared next to each other and
 * documented from one place (`docs/diagnostics.md`).
 *
 * - MOF10xx: reading sources (files, encodings, includes)
 * - MOF11xx: lexical (tokens, literals)
 * - MOF2xxx: syntax
 * - MOF3xxx: semantic (schema model)
 * - MOF4xxx: code generation
 */
export const allDiagnostics: readonly DiagnosticDefinition[] = [
  ...Object.values(sourceDiagnostics),
  ...Object.values(lexicalDiagnostics),
  ...Object.values(syntaxDiagnostics),
  ...Object.values(semanticDiagnostics),
  ...Object.values(codegenDiagnostics),
];

export { sourceDiagnostics, lexicalDiagnostics, syntaxDiagnostics, semanticDiagnostics, codegenDiagnostics };
