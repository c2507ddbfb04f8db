/**
 * The model does not depend on the order of the input: not on the order of
 * the files on the command line, nor on whether a subclass comes before its
 * superclass, nor on where an alias is defined relative to its use.
 */
import { describe, expect, it } from 'vitest';
import { modelToJson } from '../../src/model/compile.js';
import { classIn, compileFiles, compileText, summarize } from './helpers.js';

const DIR = 'fixtures/mof/model/order';

describe('input-order independence', () => {
  it('gives the same model for [base, derived], [derived, base] and an include of derived before base', () => {
    const ab = compileFiles([`${DIR}/base.mof`, `${DIR}/derived.mof`]);
    const ba = compileFiles([`${DIR}/derived.mof`, `${DIR}/base.mof`]);
    const all = compileFiles([`${DIR}/all.mof`]);
    for (const result of [ab, ba, all]) expect(result.problems.map(summarize)).toEqual([]);
    const json = modelToJson(ab.repository);
    expect(modelToJson(ba.repository)).toBe(json);
    expect(modelToJson(all.repository)).toBe(json);
  });

  it('resolves classes, references and aliases declared later', () => {
    const result = compileFiles([`${DIR}/derived.mof`, `${DIR}/base.mof`]);
    const system = classIn(result, 'Test_System');
    expect(system.superclass).toBe('Test_Element');
    expect(system.properties.map((p) => [p.name, p.classOrigin, p.propagated, p.default])).toEqual([
      ['InstanceID', 'Test_Element', true, null],
      ['Caption', 'Test_System', false, 'A system'],
    ]);
    // The override keeps the inherited qualifiers it does not restate.
    expect(system.properties[1]!.qualifiers).toEqual({ Description: 'A short name.', MaxLen: 64, Override: 'Caption' });
    expect(system.methods[0]!.parameters.map((p) => [p.name, p.type, p.refClass, p.in, p.out])).toEqual([
      ['Force', 'boolean', null, true, false],
      // DMTF dialect: `[Out]` alone is in and out (In defaults to true).
      ['Result', 'reference', 'Test_Setting', true, true],
    ]);
    const link = classIn(result, 'Test_SystemSetting');
    expect(link.instances).toEqual([
      {
        className: 'Test_SystemSetting',
        alias: null,
        qualifiers: {},
        properties: { System: { alias: 'Host' }, Setting: { alias: 'DefaultSetting' } },
        propertyQualifiers: {},
      },
    ]);
    const setting = classIn(result, 'Test_Setting');
    expect(setting.properties[2]!.enum).toEqual({
      values: [
        { value: 0, name: 'Unknown' },
        { value: 1, name: 'Enabled' },
        { value: 2, name: 'Disabled' },
      ],
      ranges: [
        { from: null, to: null, name: 'DMTF Reserved' },
        { from: 32768, to: 65535, name: 'Vendor Specific' },
      ],
    });
    expect(setting.instances[0]!.properties).toEqual({ InstanceID: 'setting:default', State: 2 });
  });

  it('orders a class after its superclass within one file', () => {
    const forward = 'class A { string P; };\nclass B : A { uint32 Q; };\nclass C : B { };\n';
    const backward = 'class C : B { };\nclass B : A { uint32 Q; };\nclass A { string P; };\n';
    const f = compileText(forward);
    const b = compileText(backward);
    expect(b.problems).toEqual([]);
    expect(classIn(b, 'C').ancestors).toEqual(['B', 'A']);
    expect(classIn(b, 'C').properties.map((p) => `${p.classOrigin}.${p.name}`)).toEqual(['A.P', 'B.Q']);
    // Spans differ (different lines), the model does not.
    expect(modelToJson(b.repository)).toBe(modelToJson(f.repository));
  });

  it('reports a class declared in two files once, with the other file as related', () => {
    const result = compileFiles(['fixtures/mof/model/duplicate/first.mof', 'fixtures/mof/model/duplicate/second.mof']);
    expect(result.problems.map(summarize)).toEqual([
      {
        code: 'MOF3001',
        severity: 'error',
        message: "class 'Test_Twice' is already declared in namespace 'root/cimv2'",
        at: '2:7-2:17',
        related: ['fixtures/mof/model/duplicate/first.mof:1:7-1:17'],
      },
    ]);
    expect(result.problems[0]!.span!.file).toBe('fixtures/mof/model/duplicate/second.mof');
  });

  it('produces byte-identical JSON on a second run', () => {
    const a = compileFiles([`${DIR}/all.mof`]);
    const b = compileFiles([`${DIR}/all.mof`]);
    expect(modelToJson(a.repository)).toBe(modelToJson(b.repository));
    expect(modelToJson(a.repository).endsWith('}\n')).toBe(true);
  });
});
