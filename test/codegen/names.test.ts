import { describe, expect, it } from 'vitest';
import { enumMemberNames, globToRegExp, pascalCaseWords } from '../../src/codegen/names.js';

describe('enum member names', () => {
  it('are the PascalCase words of the Values text', () => {
    expect(pascalCaseWords('Method Parameters Checked - Job Started')).toBe('MethodParametersCheckedJobStarted');
    expect(pascalCaseWords('Log based')).toBe('LogBased');
    expect(pascalCaseWords('DMTF Reserved')).toBe('DMTFReserved');
    expect(pascalCaseWords('not-applicable')).toBe('NotApplicable');
    expect(pascalCaseWords('8.3 format')).toBe('_83Format');
    expect(pascalCaseWords('...')).toBe('');
  });

  it('are unique and stable: duplicates get _2, _3 in ValueMap order; empty texts use the value', () => {
    expect(
      enumMemberNames([
        { value: 0, name: 'Unknown' },
        { value: 1, name: 'Other' },
        { value: 2, name: 'unknown' },
        { value: 3, name: 'Unknown' },
        { value: 4, name: '' },
        { value: 5, name: 'Unknown_2' },
      ]),
    ).toEqual(['Unknown', 'Other', 'Unknown_2', 'Unknown_3', 'Value4', 'Unknown2']);
  });
});

describe('class globs', () => {
  it('match case-insensitively, whole names', () => {
    const re = globToRegExp('msvm_*Service');
    expect(re.test('Msvm_CollectionReferencePointService')).toBe(true);
    expect(re.test('Msvm_CollectionReferencePointServiceX')).toBe(false);
    expect(globToRegExp('CIM_?ob').test('CIM_Job')).toBe(true);
  });
});
