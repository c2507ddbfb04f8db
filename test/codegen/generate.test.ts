/**
 * The generator on a small hand-built model: plan, determinism, incremental
 * regeneration, stale-file removal, atomic writes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, type GenerateOptions } from '../../src/codegen/generate.js';
import { createPlan } from '../../src/codegen/plan.js';
import { MANIFEST_NAME } from '../../src/codegen/output.js';
import { buildRepository, enumOf, sampleGenerateOptions, sampleRepository } from './builder.js';
import { readTree } from './helpers/tree.js';
import { typeCheckPackage } from './typecheck.js';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mofc-codegen-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

const options = (outDir: string, extra: Partial<GenerateOptions> = {}) => sampleGenerateOptions(temp, outDir, extra);

describe('plan', () => {
  it('selects classes by glob plus their closure (superclasses, REF and embedded targets)', () => {
    const { plan, diagnostics } = createPlan(sampleRepository(), { classes: ['Msvm_CollectionReferencePointService'] });
    expect(diagnostics).toEqual([]);
    expect([...plan!.classes.keys()]).toEqual([
      'CIM_Collection',
      'CIM_ConcreteJob',
      'CIM_EnabledLogicalElement',
      'CIM_Error',
      'CIM_Job',
      'CIM_ManagedElement',
      'CIM_ManagedSystemElement',
      'CIM_Service',
      'CIM_SettingData',
      'CIM_SystemSpecificCollection',
      'Msvm_CollectionReferencePointExportSettingData',
      'Msvm_CollectionReferencePointService',
      'Msvm_ConcreteJob',
      'Msvm_VirtualSystemCollection',
    ]);
  });

  it('warns about globs that match nothing', () => {
    const { diagnostics } = createPlan(sampleRepository(), { classes: ['Nope_*', 'CIM_Error'] });
    expect(diagnostics.map((d) => d.code)).toEqual(['MOF4004']);
  });

  it('defines an enum once, at the class that introduces it, and knows the job-aware methods', () => {
    const { plan } = createPlan(sampleRepository());
    const job = plan!.classes.get('Msvm_ConcreteJob')!;
    expect(job.propertyEnums.get('EnabledState')!.home).toBe('CIM_EnabledLogicalElement');
    expect(job.propertyEnums.get('JobState')!.name).toBe('CIM_ConcreteJob_JobState');
    expect(plan!.classes.get('CIM_EnabledLogicalElement')!.ownEnums.map((e) => e.name)).toEqual([
      'CIM_EnabledLogicalElement_EnabledState',
      'CIM_EnabledLogicalElement_RequestStateChange_ReturnValue',
      'CIM_EnabledLogicalElement_RequestStateChange_RequestedState',
    ]);
    const service = plan!.classes.get('Msvm_CollectionReferencePointService')!;
    const methods = Object.fromEntries(service.methods.map((m) => [m.model.name, m]));
    expect(methods.ExportReferencePoint!.jobParameter?.name).toBe('Job');
    expect(methods.RequestStateChange!.home).toBe('CIM_EnabledLogicalElement');
    expect(plan!.classes.get('CIM_ConcreteJob')!.methods[1]!.jobParameter).toBeNull(); // GetError: no 4096
  });

  it('reports namespaces and missing classes', () => {
    const repo = sampleRepository();
    expect(createPlan(repo, { namespace: 'root/nowhere' }).diagnostics.map((d) => d.code)).toEqual(['MOF4001']);
    const two = { namespaces: [...repo.namespaces, { ...repo.namespaces[0]!, name: 'root/other' }] };
    const { plan, diagnostics } = createPlan(two);
    expect(diagnostics.map((d) => d.code)).toEqual(['MOF4003']);
    expect(plan!.namespace).toBe('root/other');
    expect(createPlan(two, { namespace: 'root\\virtualization\\v2' }).plan!.namespace).toBe('root/virtualization/v2');
    const dangling = buildRepository('root/x', [{ name: 'T_A', properties: [{ name: 'R', type: 'reference', refClass: 'T_Missing' }] }]);
    expect(createPlan(dangling).diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['MOF4005', "class 'T_A' refers to class 'T_Missing', which is not in the namespace; it is typed as any class"],
    ]);
  });

  it('keeps ranges as ranges', () => {
    const { plan } = createPlan(sampleRepository());
    const e = plan!.classes.get('CIM_EnabledLogicalElement')!.propertyEnums.get('EnabledState')!;
    expect(e.members.map((m) => [m.key, m.value])).toEqual([
      ['Unknown', 0],
      ['Enabled', 2],
      ['Disabled', 3],
    ]);
    expect(e.ranges).toEqual([
      { from: 11, to: 32767, name: 'DMTF Reserved' },
      { from: 32768, to: 65535, name: 'Vendor Reserved' },
    ]);
  });
});

describe('generate', () => {
  it('is deterministic: two runs give byte-identical trees', async () => {
    const a = await generate(options(path.join(temp, 'a')));
    const b = await generate(options(path.join(temp, 'b')));
    expect(a.status).toBe('generated');
    expect(b.status).toBe('generated');
    const ta = readTree(path.join(temp, 'a'));
    const tb = readTree(path.join(temp, 'b'));
    delete ta[MANIFEST_NAME];
    delete tb[MANIFEST_NAME];
    expect(Object.keys(ta).length).toBeGreaterThan(20);
    expect(ta).toEqual(tb);
    expect(Object.keys(ta)).toContain('src/classes/Msvm_CollectionReferencePointService.ts');
    expect(ta['.gitignore']).toContain('dist/');
    // The runtime is a peer: two SDKs in one application share one runtime.
    expect(JSON.parse(ta['package.json']!)).toMatchObject({ name: 'sample-sdk', version: '1.2.3', license: 'MIT', peerDependencies: { '@mofc/runtime': '^0.1.0' } });
    expect(JSON.parse(ta['package.json']!).dependencies).toBeUndefined();
    expect(ta['LICENSE']).toContain('MIT License');
    // Every module says it is generated, by which mofc and from which schema files, in the form tools recognise.
    for (const [file, text] of Object.entries(ta)) {
      if (file.endsWith('.ts')) expect(text.split('\n')[0], file).toMatch(/^\/\/ Code generated by mofc \S+ from [^\n]+\. DO NOT EDIT\.$/);
    }
  });

  it('generates a package that type-checks under strict (static methods, embedded objects, n-ary associations)', async () => {
    const out = path.join(temp, 'typed');
    await generate(options(out, { formatter: async (text) => text }));
    const text = fs.readFileSync(path.join(out, 'src/classes/Msvm_CollectionReferencePointService.ts'), 'utf8');
    expect(text).toContain('CreateFromTemplate(session: CimSession, args: Msvm_CollectionReferencePointService_CreateFromTemplate_Args, options?: TypedCallOptions)');
    expect(text).toContain('readonly Template: string;');
    expect(text).toContain('readonly Created?: readonly CIM_Error[];');
    const ternary = fs.readFileSync(path.join(out, 'src/classes/T_Ternary.ts'), 'utf8');
    expect(ternary).toContain('followFromLeftToRight(');
    const { errors } = typeCheckPackage(out, { paths: { '@mofc/runtime': [path.resolve(import.meta.dirname, '../../src/runtime/dist/index.d.ts')] } });
    expect(errors.map((e) => `${e.file}:${e.line} ${e.message}`)).toEqual([]);
  }, 60_000);

  it('does nothing on an unchanged re-run, and formats only what changed', async () => {
    const out = path.join(temp, 'incremental');
    let formatted = 0;
    const counting = async (text: string) => {
      formatted += 1;
      const prettier = await import('prettier');
      return prettier.format(text, { parser: 'babel-ts', printWidth: 120, singleQuote: true, trailingComma: 'all' });
    };
    await generate(options(out, { formatter: counting }));
    const first = formatted;
    const mtimes = Object.fromEntries(Object.keys(readTree(out)).map((f) => [f, fs.statSync(path.join(out, f)).mtimeMs]));

    const again = await generate(options(out, { formatter: counting }));
    expect(again.status).toBe('up-to-date');
    expect(formatted).toBe(first);
    for (const [f, m] of Object.entries(mtimes)) expect(fs.statSync(path.join(out, f)).mtimeMs, f).toBe(m);

    // Forced: everything re-rendered, nothing reformatted (unformatted text unchanged), nothing written.
    const forced = await generate(options(out, { formatter: counting, force: true }));
    expect(forced.status).toBe('generated');
    expect(forced.written).toEqual([]);
    expect(formatted).toBe(first);

    // A change to one class: only the modules whose text changed are formatted and written.
    const repo = sampleRepository();
    const changed = {
      ...repo,
      namespaces: repo.namespaces.map((ns) => ({
        ...ns,
        classes: ns.classes.map((c) => (c.name === 'CIM_Error' ? { ...c, qualifiers: { Description: 'Changed.' } } : c)),
      })),
    };
    const third = await generate(options(out, { formatter: counting, force: true, compile: async () => ({ repository: changed, diagnostics: [], sources: [] }) }));
    expect(third.written).toEqual(['README.md', 'src/classes/CIM_Error.ts']);
    expect(formatted).toBe(first + 1);
  });

  it('removes files it generated before and no longer generates, and nothing else', async () => {
    const out = path.join(temp, 'stale');
    await generate(options(out));
    fs.writeFileSync(path.join(out, 'NOTES.md'), 'mine');
    const narrowed = await generate(options(out, { classes: ['CIM_Error'] }));
    expect(narrowed.removed).toContain('src/classes/Msvm_CollectionReferencePointService.ts');
    expect(fs.existsSync(path.join(out, 'src/classes/Msvm_CollectionReferencePointService.ts'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'src/classes/CIM_Error.ts'))).toBe(true);
    expect(fs.readFileSync(path.join(out, 'NOTES.md'), 'utf8')).toBe('mine');
  });

  it('leaves the package as it was when generation fails', async () => {
    const out = path.join(temp, 'atomic');
    await generate(options(out));
    const before = readTree(out);
    const repo = sampleRepository();
    const changed = {
      ...repo,
      namespaces: repo.namespaces.map((ns) => ({
        ...ns,
        classes: ns.classes.map((c) => (c.name === 'CIM_Job' ? { ...c, qualifiers: { Description: 'Changed.' } } : c)),
      })),
    };
    const failing = await generate(
      options(out, {
        force: true,
        packageVersion: '9.9.9',
        compile: async () => ({ repository: changed, diagnostics: [], sources: [] }),
        formatter: async (text, file) => {
          if (file.endsWith('CIM_Job.ts')) throw new Error('boom');
          return text;
        },
      }),
    );
    expect(failing.status).toBe('failed');
    expect(failing.diagnostics.map((d) => d.code)).toEqual(['MOF4006']);
    expect(readTree(out)).toEqual(before);
  });

  it('refuses to write into a directory it does not own', async () => {
    const out = path.join(temp, 'foreign');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'index.ts'), 'export {};');
    const result = await generate(options(out));
    expect(result.status).toBe('failed');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['MOF4010']);
  });

  it('rejects an invalid package name', async () => {
    const result = await generate(options(path.join(temp, 'bad-name'), { packageName: 'Not A Name' }));
    expect(result.diagnostics.map((d) => d.code)).toEqual(['MOF4011']);
  });

  it('names enum members deterministically and keeps vendor values representable', async () => {
    const repo = buildRepository('root/test', [
      {
        name: 'T_Thing',
        properties: [
          { name: 'Id', type: 'string', key: true },
          { name: 'Mode', type: 'uint16', enum: enumOf(['0', 'Unknown'], ['1', 'Other'], ['2', 'other'], ['3', '3D mode'], ['32768..', 'Vendor']) },
          { name: 'Flavor', type: 'string', enum: enumOf(['a', 'Plain A'], ['b', 'Plain B']) },
          { name: 'Size', type: 'uint64', enum: enumOf(['0', 'None'], ['1', 'One']) },
        ],
      },
    ]);
    const out = path.join(temp, 'enums');
    await generate(options(out, { compile: async () => ({ repository: repo, diagnostics: [], sources: [] }) }));
    const text = fs.readFileSync(path.join(out, 'src/classes/T_Thing.ts'), 'utf8');
    expect(text).toContain('export const T_Thing_Mode = {\n  Unknown: 0,\n  Other: 1,\n  Other_2: 2,\n  _3DMode: 3,\n} as const;');
    expect(text).toContain('| (number & {});');
    expect(text).toContain("export const T_Thing_Flavor = {\n  PlainA: 'a',\n  PlainB: 'b',\n} as const;");
    expect(text).toContain('| (string & {});');
    expect(text).toContain('None: 0n,');
    expect(text).toContain('readonly Size?: T_Thing_Size | number | null;');
    expect(text).toContain('- `32768..`: Vendor');
  });
});
