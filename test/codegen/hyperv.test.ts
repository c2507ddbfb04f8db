/**
 * The Hyper-V schema end to end through the compiler: the committed
 * `generated/hyperv-v2` (the golden of generated code) being exactly what the
 * generator produces, the flagship method's signature, and the package type-checking
 * under `strict` — plus type-level tests: code that must not compile, and
 * code that must.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree } from './helpers/tree.js';
import { compileWithFrontend } from '../../src/api/frontend.js';
import { generate, type GenerateResult } from '../../src/codegen/generate.js';
import { MANIFEST_NAME } from '../../src/codegen/output.js';
import { typeCheckPackage } from './typecheck.js';

const root = path.resolve(import.meta.dirname, '../..');
const committed = path.join(root, 'generated/hyperv-v2');
const config = JSON.parse(fs.readFileSync(path.join(root, 'mofc.config.json'), 'utf8')) as {
  generate: { inputs: string[]; locale: string; generateNamespace: string; packageName: string; packageVersion: string };
};
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mofc-hyperv-'));
const out = path.join(temp, 'hyperv-v2');
let result: GenerateResult;

beforeAll(async () => {
  result = await generate({
    inputs: config.generate.inputs,
    outDir: out,
    packageName: config.generate.packageName,
    packageVersion: config.generate.packageVersion,
    locale: config.generate.locale,
    generateNamespace: config.generate.generateNamespace,
    cwd: root,
    compile: compileWithFrontend,
  });
}, 120_000);
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

const tree = (dir: string) => readTree(dir, { skipDirectories: ['dist', 'node_modules'], skipFiles: [MANIFEST_NAME] });

describe('hyperv-v2', () => {
  it('generates every class of root/virtualization/v2 without codegen diagnostics', () => {
    expect(result.status).toBe('generated');
    expect(result.diagnostics.filter((d) => d.code.startsWith('MOF4'))).toEqual([]);
    expect(result.classes).toBe(437);
  });

  it('matches the committed generated/hyperv-v2 byte for byte', () => {
    const fresh = tree(out);
    const onDisk = tree(committed);
    expect(Object.keys(onDisk).sort()).toEqual(Object.keys(fresh).sort());
    for (const [file, text] of Object.entries(fresh)) expect(onDisk[file], file).toBe(text);
  });

  // The committed generated/hyperv-v2 is the golden of the generated code (compared above,
  // reviewed like code); these pin the flagship method's signature on top of it.
  it('types ExportReferencePoint as the schema declares it', async () => {
    const text = fs.readFileSync(path.join(out, 'src/classes/Msvm_CollectionReferencePointService.ts'), 'utf8');

    const squash = (s: string) => s.replace(/\s+/g, ' ');
    const args = squash(/export interface Msvm_CollectionReferencePointService_ExportReferencePoint_Args \{[\s\S]*?\n\}/.exec(text)![0]);
    expect(args).toContain('readonly ReferencePointCollection?: CimReference<CIM_Collection>;');
    expect(args).toContain('readonly ExportDirectory?: string;');
    expect(args).toContain('readonly ExportSettingData?: Msvm_CollectionReferencePointExportSettingDataInit;');
    const res = squash(/export interface Msvm_CollectionReferencePointService_ExportReferencePoint_Result \{[\s\S]*?\n\}/.exec(text)![0]);
    expect(res).toContain('readonly ReturnValue: Msvm_CollectionReferencePointService_ExportReferencePoint_ReturnValue;');
    expect(res).toContain('readonly Job?: CimReference<CIM_ConcreteJob>;');
    expect(squash(text)).toContain(
      'export const Msvm_CollectionReferencePointService_ExportReferencePoint_ReturnValue = { CompletedWithNoError: 0, /** Method Parameters Checked - Job Started */ MethodParametersCheckedJobStarted: 4096, } as const;',
    );
    // The method, its job-aware form, typed; the provider interface; the descriptor.
    expect(squash(text)).toContain(
      'ExportReferencePoint( session: CimSession, target: CimReference<Msvm_CollectionReferencePointService>, args: Msvm_CollectionReferencePointService_ExportReferencePoint_Args = {}, options?: TypedCallOptions, ): Promise<Msvm_CollectionReferencePointService_ExportReferencePoint_Result>',
    );
    expect(squash(text)).toContain(
      'ExportReferencePointAndWait( session: CimSession, target: CimReference<Msvm_CollectionReferencePointService>, args: Msvm_CollectionReferencePointService_ExportReferencePoint_Args, options: JobCallOptions, ): Promise<JobResult<Msvm_CollectionReferencePointService_ExportReferencePoint_Result, CIM_ConcreteJob>>',
    );
    expect(squash(text)).toContain(
      'readonly ExportReferencePoint?: ClassProviderMethod< Msvm_CollectionReferencePointService, Msvm_CollectionReferencePointService_ExportReferencePoint_Args, Msvm_CollectionReferencePointService_ExportReferencePoint_Result >;',
    );
    expect(text).toContain("embeddedClass: 'Msvm_CollectionReferencePointExportSettingData',");
    // Imports only from the runtime and sibling modules.
    for (const m of text.matchAll(/from '([^']+)'/g)) expect(m[1]).toMatch(/^(@mofc\/runtime|\.\.?\/)/);
  });

  it('has no module whose load-time use of another sits on an import cycle (any class loads on its own)', () => {
    // A module uses its superclass (and the superclasses' reused methods) while it loads; other value
    // imports (embedded classes, association ends) are only used in calls. Loading breaks only if a
    // load-time dependency imports, directly or not, the module back.
    const dir = path.join(out, 'src/classes');
    const valueImports = new Map<string, string[]>();
    const loadTime = new Map<string, string[]>();
    for (const file of fs.readdirSync(dir)) {
      const name = file.replace(/\.ts$/, '');
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const values: string[] = [];
      for (const m of text.matchAll(/^import (type )?\{([^}]*)\} from '\.\/(\w+)\.js';/gm)) {
        if (!m[1] && m[2]!.split(',').some((n) => n.trim() && !n.trim().startsWith('type '))) values.push(m[3]!);
      }
      valueImports.set(name, values);
      const eager = [...text.matchAll(/superclass: (\w+)\.descriptor|^\s+\w+: (\w+)\.\w+,$/gm)].map((m) => (m[1] ?? m[2])!);
      loadTime.set(name, eager);
    }
    const reaches = (from: string, to: string): boolean => {
      const seen = new Set<string>();
      const stack = [from];
      while (stack.length > 0) {
        const x = stack.pop()!;
        if (x === to) return true;
        if (seen.has(x)) continue;
        seen.add(x);
        stack.push(...(valueImports.get(x) ?? []));
      }
      return false;
    };
    expect([...loadTime.values()].flat().length).toBeGreaterThan(400);
    const cyclic = [...loadTime].flatMap(([m, deps]) => deps.filter((d) => reaches(d, m)).map((d) => `${m} -> ${d}`));
    expect(cyclic).toEqual([]);
  });

  it('uses the .mfl amendments for documentation (locale 0x409)', () => {
    const text = fs.readFileSync(path.join(out, 'src/classes/Msvm_CollectionReferencePointService.ts'), 'utf8');
    expect(text).toContain('/** A reference to a CIM_Collection that represents the reference point collection to be exported. */');
  });
});

describe('type checking', () => {
  it('the committed package type-checks under strict, resolving @mofc/runtime as installed', () => {
    const { errors } = typeCheckPackage(committed);
    expect(errors.map((e) => `${e.file}:${e.line} ${e.message}`)).toEqual([]);
  }, 120_000);

  // Written outside the repository (they must not be part of any project); `@mofc/runtime` is mapped.
  const typesDir = path.join(temp, 'types');
  const sdk = path.join(committed, 'src/index.js').split(path.sep).join('/');
  const cases: Record<string, string> = {
    'unrelated-reference.ts': `
import type { CimReference, CimSession } from '@mofc/runtime';
import { Msvm_CollectionReferencePointService, type Msvm_ComputerSystem } from '${sdk}';
declare const session: CimSession;
declare const service: CimReference<Msvm_CollectionReferencePointService>;
declare const vm: CimReference<Msvm_ComputerSystem>;
export const p = Msvm_CollectionReferencePointService.ExportReferencePoint(session, service, {
  ReferencePointCollection: vm, // error TS2322
});
`,
    'null-for-required.ts': `
import type { CimReference, CimSession } from '@mofc/runtime';
import { Msvm_CollectionReferencePointService } from '${sdk}';
declare const session: CimSession;
declare const service: CimReference<Msvm_CollectionReferencePointService>;
export const p = Msvm_CollectionReferencePointService.ExportReferencePoint(session, service, {
  ExportSettingData: { ElementName: null }, // error TS2322
});
`,
    'misspelled-parameter.ts': `
import type { CimReference, CimSession } from '@mofc/runtime';
import { Msvm_CollectionReferencePointService } from '${sdk}';
declare const session: CimSession;
declare const service: CimReference<Msvm_CollectionReferencePointService>;
export const p = Msvm_CollectionReferencePointService.ExportReferencePoint(session, service, {
  ExportDirectry: 'D:\\\\export', // error TS2561
});
`,
    'string-for-enum.ts': `
import type { CimReference, CimSession } from '@mofc/runtime';
import { Msvm_ComputerSystem } from '${sdk}';
declare const session: CimSession;
declare const vm: CimReference<Msvm_ComputerSystem>;
export const p = Msvm_ComputerSystem.RequestStateChange(session, vm, {
  RequestedState: 'Enabled', // error TS2322
});
`,
    'bigint-output.ts': `
import type { Msvm_ComputerSystem, Msvm_ImageManagementService_GetVirtualDiskChanges_Result } from '${sdk}';
declare const vm: Msvm_ComputerSystem;
declare const result: Msvm_ImageManagementService_GetVirtualDiskChanges_Result;
export const n: number | undefined = vm.OnTimeInMilliseconds; // error TS2322
export const m: number = result.ProcessedByteLength!; // error TS2322
export const ok: bigint | undefined = result.ProcessedByteLength;
`,
    'compiles.ts': `
import { CimDateTime, type CimReference, type CimSession } from '@mofc/runtime';
import {
  CIM_VirtualSystemManagementService,
  Msvm_CollectionReferencePointService,
  Msvm_ComputerSystem,
  Msvm_ComputerSystem_RequestStateChange_RequestedState,
  type Msvm_CollectionReferencePointService_ExportReferencePoint_ReturnValue,
  type Msvm_ReferencePointCollection,
} from '${sdk}';
import { CIM_ConcreteJob } from '${sdk.replace('index.js', 'classes/CIM_ConcreteJob.js')}';
declare const session: CimSession;
declare const service: CimReference<Msvm_CollectionReferencePointService>;
declare const points: CimReference<Msvm_ReferencePointCollection>;
export async function run(): Promise<bigint | undefined> {
  // A subclass reference where a superclass reference is expected.
  const result = await Msvm_CollectionReferencePointService.ExportReferencePointAndWait(
    session,
    service,
    {
      ReferencePointCollection: points,
      ExportDirectory: 'D:\\\\export',
      // null writes an explicit NULL (overriding WMI's class default); absent leaves the default.
      ExportSettingData: { ElementName: 'export', Description: null, VirtualMachinesToDisksToExport: [{ VirtualMachineId: 'x', DisksToExport: ['a.vhdx'] }] },
    },
    { timeoutMs: 60_000, pollIntervalMs: 500, onProgress: (percent) => void percent },
  );
  const code: Msvm_CollectionReferencePointService_ExportReferencePoint_ReturnValue = result.ReturnValue;
  const vendorCode: Msvm_CollectionReferencePointService_ExportReferencePoint_ReturnValue = 32_770;
  if (result.Job) await CIM_ConcreteJob.get(session, result.Job);
  const vm = Msvm_ComputerSystem.ref({ CreationClassName: 'Msvm_ComputerSystem', Name: 'x' });
  await Msvm_ComputerSystem.RequestStateChange(session, vm, {
    RequestedState: Msvm_ComputerSystem_RequestStateChange_RequestedState.Enabled,
    TimeoutPeriod: CimDateTime.interval({ seconds: 30 }),
  });
  await Msvm_ComputerSystem.modify(session, { CreationClassName: 'Msvm_ComputerSystem', Name: 'x', OnTimeInMilliseconds: 5 });
  // A subclass instance where an embedded CIM_ResourceAllocationSettingData is expected: __CLASS says which.
  await CIM_VirtualSystemManagementService.AddResourceSettingsAndWait(
    session,
    CIM_VirtualSystemManagementService.ref({ CreationClassName: 'Msvm_VirtualSystemManagementService', Name: 'vmms', SystemCreationClassName: 'Msvm_ComputerSystem', SystemName: 'HOST' }),
    {
      ResourceSettings: [
        { __CLASS: 'Msvm_StorageAllocationSettingData', ElementName: 'disk', HostResource: ['C:\\\\vm.vhdx'], IOPSLimit: 100n },
        { ElementName: 'plain RASD', ResourceType: 17 },
      ],
    },
    { timeoutMs: 60_000 },
  );
  const read = await Msvm_ComputerSystem.get(session, vm);
  // What was read can be written back.
  await Msvm_ComputerSystem.modify(session, { ...read, ElementName: 'renamed' });
  void code;
  void vendorCode;
  return read.OnTimeInMilliseconds;
}
`,
  };

  it('the package type-checks under strict, with the must-fail files failing exactly where marked', () => {
    fs.rmSync(typesDir, { recursive: true, force: true });
    fs.mkdirSync(typesDir, { recursive: true });
    fs.writeFileSync(path.join(typesDir, 'package.json'), '{ "type": "module" }\n');
    const expected: string[] = [];
    for (const [name, text] of Object.entries(cases)) {
      fs.writeFileSync(path.join(typesDir, name), text);
      text.split('\n').forEach((line, i) => {
        const m = /\/\/ error (TS\d+)/.exec(line);
        if (m) expected.push(`${name}:${i + 1} ${m[1]}`);
      });
    }
    const { errors } = typeCheckPackage(committed, {
      extraFiles: Object.keys(cases).map((n) => path.join(typesDir, n)),
      paths: { '@mofc/runtime': [path.join(root, 'src/runtime/dist/index.d.ts')] },
    });
    const actual = errors.map((e) => `${path.basename(e.file)}:${e.line} TS${e.code}`);
    expect(actual.sort(), errors.map((e) => `${e.file}:${e.line} ${e.message}`).join('\n')).toEqual(expected.sort());
  }, 120_000);
});

describe('--classes', () => {
  it('generates one class and the closure it needs, which type-checks on its own', async () => {
    const dir = path.join(temp, 'subset');
    const subset = await generate({
      inputs: config.generate.inputs,
      outDir: dir,
      packageName: 'hyperv-subset',
      locale: config.generate.locale,
      classes: ['Msvm_CollectionReferencePointService'],
      cwd: root,
      compile: compileWithFrontend,
      formatter: async (text) => text,
    });
    expect(subset.status).toBe('generated');
    const classes = fs.readdirSync(path.join(dir, 'src/classes')).map((f) => f.replace(/\.ts$/, ''));
    // The service, its superclasses, the REF targets of its methods, the embedded setting data
    // (and what that embeds), and the job class with its own references.
    for (const name of [
      'Msvm_CollectionReferencePointService',
      'CIM_Service',
      'CIM_EnabledLogicalElement',
      'CIM_ManagedElement',
      'CIM_Collection',
      'Msvm_VirtualSystemCollection',
      'CIM_ConcreteJob',
      'Msvm_CollectionReferencePointExportSettingData',
      'Msvm_VirtualMachineToDisks',
    ]) {
      expect(classes).toContain(name);
    }
    expect(classes).not.toContain('Msvm_ComputerSystem');
    expect(classes.length).toBeLessThan(60);
    const { errors } = typeCheckPackage(dir, { paths: { '@mofc/runtime': [path.join(root, 'src/runtime/dist/index.d.ts')] } });
    expect(errors.map((e) => `${e.file}:${e.line} ${e.message}`)).toEqual([]);
  }, 120_000);
});
