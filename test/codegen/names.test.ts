import { describe, expect, it } from 'vitest';
import { enumMemberNames, globToRegExp, identifierPart, isDeclarationName, memberAccess, objectKey, pascalCaseWords } from '../../src/codegen/names.js';

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

describe('schema names in generated code', () => {
  it('declare a class only under a name TypeScript accepts for a const, an interface and a type argument', () => {
    for (const name of ['CIM_Job', 'Msvm_ComputerSystem', 'StdRegProv', 'Äbc', '_x', '$y', 'Infer', 'proto__']) expect(isDeclarationName(name), name).toBe(true);
    for (const name of ['delete', 'enum', 'await', 'let', 'arguments', 'string', 'object', 'undefined', 'infer', 'keyof', 'unique', 'readonly', 'A×B', 'a-b', '1st', '']) {
      expect(isDeclarationName(name), name).toBe(false);
    }
  });

  it('make derived identifiers from any schema name: characters an identifier cannot hold become _', () => {
    expect(identifierPart('RequestStateChange')).toBe('RequestStateChange');
    expect(identifierPart('A×B')).toBe('A_B');
    expect(identifierPart('Äbc')).toBe('Äbc');
  });

  it('never set a prototype from an object literal: __proto__ is a computed key', () => {
    expect(objectKey('__proto__')).toBe('["__proto__"]');
    expect(objectKey('Start')).toBe('Start');
    expect(objectKey('A×B')).toBe('"A×B"');
    // The three forms as JavaScript reads them: only the computed key defines an own property.
    const literal = (key: string) => new Function(`return { ${key}: 1 };`)() as object;
    expect(Object.hasOwn(literal(objectKey('__proto__')), '__proto__')).toBe(true);
    expect(Object.hasOwn(literal('__proto__'), '__proto__')).toBe(false);
    expect(Object.hasOwn(literal('"__proto__"'), '__proto__')).toBe(false);
  });

  it('read members by dot only when the name is an identifier', () => {
    expect(memberAccess('CIM_Job', 'KillJob')).toBe('CIM_Job.KillJob');
    expect(memberAccess('X', 'A×B')).toBe('X["A×B"]');
  });
});
