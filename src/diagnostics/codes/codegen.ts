import type { DiagnosticDefinition } from '../diagnostic.js';

/** Code generation (MOF4xxx). Documented in docs/codegen.md. */
export const codegenDiagnostics = {
  MOF4001: { code: 'MOF4001', severity: 'error', message: "namespace '{0}' is not in the compiled model" },
  MOF4002: { code: 'MOF4002', severity: 'error', message: 'there are no classes to generate' },
  MOF4003: {
    code: 'MOF4003',
    severity: 'warning',
    message: "several namespaces have classes ({1}); generating '{0}'; choose one with --generate-namespace (generate.generateNamespace in the config file)",
  },
  MOF4004: { code: 'MOF4004', severity: 'warning', message: "no class matches '{0}'" },
  MOF4005: {
    code: 'MOF4005',
    severity: 'warning',
    message: "class '{0}' refers to class '{1}', which is not in the namespace; it is typed as any class",
  },
  MOF4006: { code: 'MOF4006', severity: 'error', message: 'formatting generated file {0} failed: {1}' },
  MOF4007: { code: 'MOF4007', severity: 'error', message: 'writing the generated package to {0} failed: {1}' },
  MOF4008: { code: 'MOF4008', severity: 'error', message: 'configuration file {0}: {1}' },
  MOF4009: { code: 'MOF4009', severity: 'error', message: 'missing option: {0}' },
  MOF4010: {
    code: 'MOF4010',
    severity: 'error',
    message: "output directory {0} has files mofc did not generate and no manifest; refusing to write into it",
  },
  MOF4011: { code: 'MOF4011', severity: 'error', message: "invalid package name '{0}'" },
  MOF4012: { code: 'MOF4012', severity: 'error', message: "locale '{0}' is not one the inputs provide; their amendments (.mfl) provide: {1}" },
  MOF4013: { code: 'MOF4013', severity: 'error', message: 'the transform hook failed on {0}: {1}' },
  MOF4014: {
    code: 'MOF4014',
    severity: 'error',
    message: "class '{0}' cannot be generated: its name is {1}; leave the class out with --classes",
  },
  MOF4015: { code: 'MOF4015', severity: 'warning', message: "method '{0}.{1}' is generated as '{2}': every generated class has a member named '{1}'" },
  MOF4016: { code: 'MOF4016', severity: 'error', message: "class '{0}' cannot be generated: {1} would have two members named '{2}'" },
} as const satisfies Record<string, DiagnosticDefinition>;
