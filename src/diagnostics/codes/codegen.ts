import type { DiagnosticDefinition } from '../diagnostic.js';

/** Code generation (MOF4xxx). Documented in docs/codegen.md. */
export const codegenDiagnostics = {
  MOF4001: { code: 'MOF4001', severity: 'error', message: "Namespace '{0}' is not in the compiled model." },
  MOF4002: { code: 'MOF4002', severity: 'error', message: 'There are no classes to generate.' },
  MOF4003: {
    code: 'MOF4003',
    severity: 'warning',
    message: "Several namespaces have classes ({1}); generating '{0}'. Choose one with the 'namespace' option.",
  },
  MOF4004: { code: 'MOF4004', severity: 'warning', message: "No class matches '{0}'." },
  MOF4005: {
    code: 'MOF4005',
    severity: 'warning',
    message: "Class '{0}' refers to class '{1}', which is not in the namespace; it is typed as any class.",
  },
  MOF4006: { code: 'MOF4006', severity: 'error', message: 'Formatting generated file {0} failed: {1}' },
  MOF4007: { code: 'MOF4007', severity: 'error', message: 'Writing the generated package to {0} failed: {1}' },
  MOF4008: { code: 'MOF4008', severity: 'error', message: 'Configuration file {0}: {1}' },
  MOF4009: { code: 'MOF4009', severity: 'error', message: 'Missing option: {0}.' },
  MOF4010: {
    code: 'MOF4010',
    severity: 'error',
    message: "Output directory {0} has files mofc did not generate and no manifest; refusing to write into it.",
  },
  MOF4011: { code: 'MOF4011', severity: 'error', message: "Invalid package name '{0}'." },
} as const satisfies Record<string, DiagnosticDefinition>;
