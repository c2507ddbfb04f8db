import type { DiagnosticDefinition } from '../diagnostic.js';

export const semanticDiagnostics = {} as const satisfies Record<string, DiagnosticDefinition>;
