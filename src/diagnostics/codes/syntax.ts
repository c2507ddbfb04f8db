import type { DiagnosticDefinition } from '../diagnostic.js';

/**
 * Syntax diagnostics (MOF2001–MOF2999). `{found}` arguments are rendered as
 * the offending token in quotes, or `end of file`.
 */
export const syntaxDiagnostics = {
  unexpectedToken: { code: 'MOF2001', severity: 'error', message: 'expected {0}, found {1}' },
  expectedStatement: {
    code: 'MOF2002',
    severity: 'error',
    message: 'expected a class, instance or qualifier declaration or a pragma, found {0}',
  },
  expectedSemicolon: { code: 'MOF2003', severity: 'error', message: "expected ';', found {0}" },
  unknownFlavor: { code: 'MOF2004', severity: 'error', message: "unknown qualifier flavor '{0}'" },
  unknownScope: { code: 'MOF2005', severity: 'error', message: "unknown qualifier scope '{0}'" },
  mofV3NotSupported: { code: 'MOF2006', severity: 'error', message: 'MOF v3 {0} are not supported yet' },
  unknownPragma: { code: 'MOF2007', severity: 'warning', message: "unknown pragma '{0}'" },
  includeArgument: {
    code: 'MOF2008',
    severity: 'error',
    message: 'an include pragma takes exactly one string argument, the file to include',
  },
  invalidArraySize: {
    code: 'MOF2009',
    severity: 'error',
    message: "array size must be a non-negative integer, found '{0}'",
  },
  voidNotAllowed: {
    code: 'MOF2010',
    severity: 'error',
    message: "'void' is only allowed as the return type of a method",
  },
  nestingTooDeep: { code: 'MOF2011', severity: 'error', message: 'values are nested too deeply to parse' },
} as const satisfies Record<string, DiagnosticDefinition>;
