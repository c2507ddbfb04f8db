import type { DiagnosticDefinition } from '../diagnostic.js';

export const syntaxDiagnostics = {} as const satisfies Record<string, DiagnosticDefinition>;
