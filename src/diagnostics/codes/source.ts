import type { DiagnosticDefinition } from '../diagnostic.js';

export const sourceDiagnostics = {} as const satisfies Record<string, DiagnosticDefinition>;
