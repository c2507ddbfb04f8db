/**
 * One test per code-generation diagnostic (MOF4xxx), each pinning code,
 * severity and message as a user sees them, plus the meta-test that fails
 * when a code is added without a test here.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { codegenDiagnostics } from '../../src/diagnostics/codes/codegen.js';
import { generate, type GenerateOptions } from '../../src/codegen/generate.js';
import { createPlan } from '../../src/codegen/plan.js';
import { generateCommand } from '../../src/cli/commands/generate.js';
import { buildRepository, sampleGenerateOptions, sampleRepository } from './builder.js';
import { memoryIo } from '../cli/helpers/memory-io.js';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mofc-codegen-codes-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

const options = (outDir: string, extra: Partial<GenerateOptions> = {}) => sampleGenerateOptions(temp, outDir, extra);

const shown = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`);

/** Each case produces the diagnostics of one code. */
const cases: Record<string, () => Promise<readonly string[]>> = {
  MOF4001: async () => shown(createPlan(sampleRepository(), { namespace: 'root/nowhere' }).diagnostics),
  MOF4002: async () => shown(createPlan(buildRepository('root/empty', [])).diagnostics),
  MOF4003: async () => {
    const repo = sampleRepository();
    return shown(createPlan({ namespaces: [...repo.namespaces, { ...repo.namespaces[0]!, name: 'root/other' }] }).diagnostics);
  },
  MOF4004: async () => shown(createPlan(sampleRepository(), { classes: ['Nope_*', 'CIM_Error'] }).diagnostics),
  MOF4005: async () =>
    shown(createPlan(buildRepository('root/x', [{ name: 'T_A', properties: [{ name: 'R', type: 'reference', refClass: 'T_Missing' }] }])).diagnostics),
  MOF4006: async () => {
    const result = await generate(
      options(path.join(temp, 'format-fails'), {
        formatter: async (text, file) => {
          if (file.endsWith('CIM_Job.ts')) throw new Error('boom');
          return text;
        },
      }),
    );
    return shown(result.diagnostics);
  },
  MOF4007: async () => {
    // The output's parent is a regular file: no directory can be made there.
    const blocker = path.join(temp, 'blocker');
    fs.writeFileSync(blocker, 'not a directory');
    const result = await generate(options(path.join(blocker, 'pkg')));
    return shown(result.diagnostics).map((line) => line.replace(/: [A-Z]+:? .*$/, ': <system error>'));
  },
  MOF4008: async () => {
    const dir = path.join(temp, 'broken-config');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'mofc.config.json'), '{ "generate": { "out": 3 } }');
    const io = memoryIo({ cwd: dir, env: { CI: '1' } });
    const result = await generateCommand.run([], { io, loadParser: async () => (await import('../../src/ast/parse.js')).parseSource });
    return `${result.stdout ?? ''}${io.out}`.split('\n').filter((line) => line.includes('MOF4008')).map((line) => line.replace(/^.*?(error MOF4008)/, '$1'));
  },
  MOF4009: async () => shown((await generate(options(path.join(temp, 'no-inputs'), { inputs: [] }))).diagnostics),
  MOF4010: async () => {
    const out = path.join(temp, 'foreign');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'index.ts'), 'export {};');
    return shown((await generate(options(out))).diagnostics).map((line) => line.replace(out, '<out>'));
  },
  MOF4011: async () => shown((await generate(options(path.join(temp, 'bad-name'), { packageName: 'Not A Name' }))).diagnostics),
  MOF4012: async () => {
    const { compileWithFrontend } = await import('../../src/api/frontend.js');
    const root = path.resolve(import.meta.dirname, '../..');
    const hyperv = ['fixtures/hyperv/WindowsVirtualization.V2.mof', 'fixtures/hyperv/WindowsVirtualization.V2.mfl'];
    const compiled = await compileWithFrontend({ inputs: hyperv, includePaths: [], cwd: root, locale: '0x407' });
    const none = await compileWithFrontend({ inputs: [hyperv[0]!], includePaths: [], cwd: root, locale: 'ms_409' });
    return shown([...compiled.diagnostics, ...none.diagnostics].filter((d) => d.code === 'MOF4012'));
  },
  MOF4013: async () => {
    const result = await generate(
      options(path.join(temp, 'transform-throws'), {
        transform: (sourceFile) => {
          if (sourceFile.getBaseName() === 'CIM_Error.ts') throw new Error('cannot tag CIM_Error');
        },
      }),
    );
    return shown(result.diagnostics);
  },
  MOF4014: async () =>
    shown(
      createPlan(
        buildRepository('root/x', [
          { name: 'delete', properties: [{ name: 'Name', type: 'string', key: true }] },
          { name: 'A×B', properties: [{ name: 'Name', type: 'string', key: true }] },
          { name: 'CimReference', properties: [{ name: 'Name', type: 'string', key: true }] },
          { name: 'T_Fine', properties: [{ name: 'Name', type: 'string', key: true }] },
        ]),
      ).diagnostics,
    ),
  MOF4015: async () =>
    shown(createPlan(buildRepository('root/x', [{ name: 'T_A', methods: [{ name: 'descriptor' }, { name: 'delete', parameters: [{ name: 'Force', type: 'boolean' }] }] }])).diagnostics),
  MOF4016: async () =>
    shown(
      createPlan(
        buildRepository('root/x', [
          { name: 'T_A', methods: [{ name: 'Copy', parameters: [{ name: 'ReturnValue', type: 'uint32', in: false, out: true }] }] },
          { name: 'T_B', methods: [{ name: 'getInstance' }] },
          { name: 'T_C', abstract: true, methods: [{ name: 'getInstance' }] },
          { name: 'T_D', methods: [{ name: 'descriptor' }, { name: 'descriptor_' }] },
          { name: 'T_E', properties: [{ name: '__CLASS', type: 'uint32' }] },
        ]),
      ).diagnostics,
    ),
};

const expected: Record<string, readonly string[]> = {
  MOF4001: ["error MOF4001: namespace 'root/nowhere' is not in the compiled model"],
  MOF4002: ['error MOF4002: there are no classes to generate'],
  MOF4003: [
    "warning MOF4003: several namespaces have classes (root/other, root/virtualization/v2); generating 'root/other'; choose one with --generate-namespace (generate.generateNamespace in the config file)",
  ],
  MOF4004: ["warning MOF4004: no class matches 'Nope_*'"],
  MOF4005: ["warning MOF4005: class 'T_A' refers to class 'T_Missing', which is not in the namespace; it is typed as any class"],
  MOF4006: ['error MOF4006: formatting generated file src/classes/CIM_Job.ts failed: boom'],
  MOF4007: [`error MOF4007: writing the generated package to ${path.join(temp, 'blocker', 'pkg')} failed: <system error>`],
  MOF4008: ["error MOF4008: configuration file mofc.config.json: 'generate.out' must be a string"],
  MOF4009: ['error MOF4009: missing option: input files'],
  MOF4010: ['error MOF4010: output directory <out> has files mofc did not generate and no manifest; refusing to write into it'],
  MOF4011: ["error MOF4011: invalid package name 'Not A Name'"],
  MOF4012: [
    "error MOF4012: locale '0x407' is not one the inputs provide; their amendments (.mfl) provide: 0x409",
    "error MOF4012: locale 'ms_409' is not one the inputs provide; their amendments (.mfl) provide: none (no amendments among the inputs)",
  ],
  MOF4013: ['error MOF4013: the transform hook failed on src/classes/CIM_Error.ts: cannot tag CIM_Error'],
  MOF4014: [
    "error MOF4014: class 'A×B' cannot be generated: its name is not a TypeScript identifier; leave the class out with --classes",
    "error MOF4014: class 'CimReference' cannot be generated: its name is one the generated code itself declares or uses; leave the class out with --classes",
    "error MOF4014: class 'delete' cannot be generated: its name is a reserved word or a built-in type name in TypeScript; leave the class out with --classes",
  ],
  MOF4015: [
    "warning MOF4015: method 'T_A.descriptor' is generated as 'descriptor_': every generated class has a member named 'descriptor'",
    "warning MOF4015: method 'T_A.delete' is generated as 'delete_': every generated class has a member named 'delete'",
  ],
  MOF4016: [
    "error MOF4016: class 'T_A' cannot be generated: the result of 'T_A.Copy' would have two members named 'ReturnValue'",
    "error MOF4016: class 'T_B' cannot be generated: its provider interface 'T_BProvider' would have two members named 'getInstance'",
    "warning MOF4015: method 'T_D.descriptor' is generated as 'descriptor_': every generated class has a member named 'descriptor'",
    "error MOF4016: class 'T_D' cannot be generated: its companion object 'T_D' would have two members named 'descriptor_'",
    "error MOF4016: class 'T_E' cannot be generated: its interface 'T_E' would have two members named '__CLASS'",
  ],
};

describe('every code-generation diagnostic', () => {
  for (const code of Object.keys(codegenDiagnostics)) {
    it(code, async () => {
      const run = cases[code];
      expect(run, `no test case for ${code}`).toBeDefined();
      expect(await run!()).toEqual(expected[code]);
    });
  }

  it('has a test case for every code of the MOF4xxx table, and none for codes it does not define', () => {
    const defined = Object.keys(codegenDiagnostics).sort();
    expect(Object.keys(cases).sort()).toEqual(defined);
    expect(Object.keys(expected).sort()).toEqual(defined);
  });
});
