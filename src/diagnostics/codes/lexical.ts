import type { DiagnosticDefinition } from '../diagnostic.js';

export const lexicalDiagnostics = {} as const satisfies Record<string, DiagnosticDefinition>;
