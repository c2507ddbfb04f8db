import type { DiagnosticDefinition } from '../diagnostic.js';

export const codegenDiagnostics = {} as const satisfies Record<string, DiagnosticDefinition>;
