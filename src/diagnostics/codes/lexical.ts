import type { DiagnosticDefinition } from '../diagnostic.js';

/** Lexical diagnostics (MOF1100–MOF1199): problems inside one token. */
export const lexicalDiagnostics = {
  unterminatedString: { code: 'MOF1101', severity: 'error', message: 'unterminated string literal' },
  invalidEscape: {
    code: 'MOF1102',
    severity: 'warning',
    message: "unknown escape sequence '{0}', kept as written (backslash included)",
  },
  invalidCharacter: { code: 'MOF1103', severity: 'error', message: 'invalid character {0}' },
  invalidNumber: { code: 'MOF1104', severity: 'error', message: "invalid number literal '{0}'" },
  char16Length: {
    code: 'MOF1105',
    severity: 'error',
    message: 'a char16 literal must contain exactly one character, found {0}',
  },
  unterminatedChar16: { code: 'MOF1106', severity: 'error', message: 'unterminated char16 literal' },
  unterminatedComment: { code: 'MOF1107', severity: 'error', message: 'unterminated block comment' },
  tooManyInvalidCharacters: {
    code: 'MOF1108',
    severity: 'error',
    message: '{0} more invalid characters in this file are not reported (is it a MOF file?)',
  },
  lineBreakInString: {
    code: 'MOF1109',
    severity: 'warning',
    message: 'string literal continues on the next line (a closing quote missing?); the line break is kept in the text',
  },
} as const satisfies Record<string, DiagnosticDefinition>;
