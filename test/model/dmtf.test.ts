/**
 * DMTF CIM Schema 2.49.0: the whole schema compiles without a diagnostic,
 * into one namespace of 1,631 flattened classes and the 70 declared
 * qualifier types; three classes are pinned as model JSON goldens.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { classIn, compileFiles, namespace, type Compiled } from './helpers.js';

const ENTRY = 'fixtures/dmtf/cim-schema-2.49.0/cim_schema_2.49.0.mof';

describe('DMTF CIM Schema 2.49.0', () => {
  let compiled: Compiled;
  beforeAll(() => {
    compiled = compileFiles([ENTRY]);
  });

  it('compiles in the DMTF dialect without any diagnostic', () => {
    expect(compiled.dialect).toBe('dmtf');
    expect(compiled.program.files.size).toBe(1634);
    expect(compiled.problems).toEqual([]);
  });

  it('has exactly 1,631 classes and 70 qualifier types, in root/cimv2', () => {
    expect(compiled.repository.namespaces.map((n) => n.name)).toEqual(['root/cimv2']);
    const ns = namespace(compiled, 'root/cimv2');
    expect(ns.classes).toHaveLength(1631);
    expect(ns.qualifierTypes).toHaveLength(70);
    expect(ns.qualifierTypes.every((q) => q.origin === 'input')).toBe(true);
  });

  it.each(['CIM_ConcreteJob', 'CIM_Collection', 'CIM_ElementSettingData'])('%s matches its golden', async (name) => {
    const json = JSON.stringify(classIn(compiled, name), null, 2) + '\n';
    await expect(json).toMatchFileSnapshot(`__golden__/${name}.json`);
  });

  it('flattens CIM_ConcreteJob with origins and propagation', () => {
    const job = classIn(compiled, 'CIM_ConcreteJob');
    expect(job.ancestors).toEqual(['CIM_Job', 'CIM_LogicalElement', 'CIM_ManagedSystemElement', 'CIM_ManagedElement']);
    expect(job.keys).toEqual(['InstanceID']);
    const byName = new Map(job.properties.map((p) => [p.name, p] as const));
    // Overridden here: this class is the origin.
    expect([byName.get('InstanceID')!.classOrigin, byName.get('InstanceID')!.propagated]).toEqual(['CIM_ConcreteJob', false]);
    expect([byName.get('Caption')!.classOrigin, byName.get('Caption')!.propagated]).toEqual(['CIM_ManagedElement', true]);
    expect(byName.get('TimeBeforeRemoval')!.default).toBe('00000000000500.000000:000');
    expect(job.properties[0]!.name).toBe('InstanceID'); // an override keeps the inherited position
    const getError = job.methods.find((m) => m.name === 'GetError')!;
    // `[OUT]` alone: DSP0004's `In` defaults to true, so Error is in and out.
    expect(getError.parameters[0]).toMatchObject({ name: 'Error', type: 'string', embeddedInstance: 'CIM_Error', in: true, out: true });
  });

  it('reads a parameter marked only [Out] as in and out (DSP0004: In defaults to true), [In(false), Out] as output-only', () => {
    const direction = (cls: string, method: string, parameter: string) => {
      const p = classIn(compiled, cls).methods.find((m) => m.name === method)!.parameters.find((x) => x.name === parameter)!;
      return { in: p.in, out: p.out };
    };
    // Both descriptions say so: "As an input parameter Size specifies the desired size ... As an output parameter ...".
    expect(direction('CIM_Capabilities', 'CreateGoalSettings', 'SupportedGoalSettings')).toEqual({ in: true, out: true });
    expect(direction('CIM_StorageConfigurationService', 'CreateOrModifyStoragePool', 'Size')).toEqual({ in: true, out: true });
    expect(direction('CIM_StorageConfigurationService', 'CreateOrModifyStoragePool', 'Job')).toEqual({ in: false, out: true });
    let onlyOut = 0;
    for (const cls of namespace(compiled, 'root/cimv2').classes) {
      for (const m of cls.methods) {
        if (m.propagated) continue;
        for (const p of m.parameters) {
          const names = Object.keys(p.qualifiers).map((k) => k.toLowerCase());
          if (names.includes('out') && !names.includes('in')) {
            onlyOut++;
            expect([cls.name, m.name, p.name, p.in, p.out]).toEqual([cls.name, m.name, p.name, true, true]);
          }
        }
      }
    }
    expect(onlyOut).toBe(223);
  });

  it('marks associations and their references', () => {
    const esd = classIn(compiled, 'CIM_ElementSettingData');
    expect(esd.isAssociation).toBe(true);
    expect(esd.keys).toEqual(['ManagedElement', 'SettingData']);
    expect(esd.properties.slice(0, 2).map((p) => [p.name, p.type, p.refClass])).toEqual([
      ['ManagedElement', 'reference', 'CIM_ManagedElement'],
      ['SettingData', 'reference', 'CIM_SettingData'],
    ]);
  });
});
