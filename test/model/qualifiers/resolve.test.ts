import { describe, expect, it } from 'vitest';
import { resolveQualifierList, qualifiersToJson } from '../../../src/model/qualifiers.js';
import { dmtfQualifierTypes } from '../../../src/model/builtins/dmtf-qualifiers.js';
import { wmiQualifierTypes } from '../../../src/model/builtins/wmi-qualifiers.js';
import type { QualifierType } from '../../../src/model/types.js';
import { alias, arr, bool, char16, int, lookupOf, nul, qual, real, str, strs } from './helpers.js';

/** Types declared "in the input" (origin input), so checked strictly in both dialects. */
const input = (t: Omit<QualifierType, 'origin'>): QualifierType => ({ ...t, origin: 'input' });
const inputTypes: QualifierType[] = [
  input({ name: 'Ids', type: 'uint32', isArray: true, scopes: ['property'], flavors: {}, default: null }),
  input({ name: 'Ratio', type: 'real32', isArray: false, scopes: ['property'], flavors: {}, default: null }),
  input({ name: 'Letter', type: 'char16', isArray: false, scopes: ['property'], flavors: {}, default: null }),
  input({ name: 'Tags', type: 'string', isArray: true, scopes: ['property'], flavors: {}, default: null }),
  input({ name: 'Mine', type: 'string', isArray: false, scopes: ['class'], flavors: {}, default: null }),
  input({ name: 'Big', type: 'uint64', isArray: false, scopes: ['property'], flavors: {}, default: null }),
];
const dmtf = lookupOf(inputTypes, dmtfQualifierTypes);
const microsoft = lookupOf(inputTypes, dmtfQualifierTypes, wmiQualifierTypes);

describe('resolveQualifierList: values', () => {
  it('resolves a boolean written without a value to true, with the declaration flavors', () => {
    const key = qual('Key');
    const result = resolveQualifierList([key], 'property', dmtf, 'dmtf');
    expect(result.diagnostics).toEqual([]);
    expect(result.qualifiers).toEqual([
      { name: 'Key', value: true, flavors: { override: 'disable', propagation: 'toSubclass' }, span: key.span },
    ]);
  });

  it('keeps the spelling of the declaration, not of the use', () => {
    const result = resolveQualifierList([qual('valuemap', strs('0', '1')), qual('IN', bool(false))], 'parameter', dmtf, 'dmtf');
    expect(result.qualifiers.map((q) => q.name)).toEqual(['ValueMap', 'In']);
    expect(result.qualifiers.map((q) => q.value)).toEqual([['0', '1'], false]);
  });

  it('converts integers to numbers when safe and to decimal strings beyond 2^53', () => {
    const result = resolveQualifierList(
      [qual('MaxLen', int(64)), qual('Big', int(2n ** 60n)), qual('MinValue', int(-31))],
      'property',
      dmtf,
      'dmtf',
    );
    expect(result.diagnostics).toEqual([]);
    expect(qualifiersToJson(result.qualifiers)).toEqual({ MaxLen: 64, Big: '1152921504606846976', MinValue: -31 });
  });

  it('gives numbers and numeric arrays written without a value their implied value (null, empty array)', () => {
    const result = resolveQualifierList([qual('MaxLen'), qual('Ids')], 'property', dmtf, 'dmtf');
    expect(result.diagnostics).toEqual([]);
    expect(qualifiersToJson(result.qualifiers)).toEqual({ MaxLen: null, Ids: [] });
  });

  it('accepts null for any type, reals (integers too) and char16 (one-character strings too)', () => {
    const result = resolveQualifierList(
      [qual('Description', nul()), qual('Ratio', real(0.5)), qual('Letter', char16('x'))],
      'property',
      dmtf,
      'dmtf',
    );
    expect(result.diagnostics).toEqual([]);
    expect(qualifiersToJson(result.qualifiers)).toEqual({ Description: null, Ratio: 0.5, Letter: 'x' });
    const more = resolveQualifierList([qual('Ratio', int(2)), qual('Letter', str('y'))], 'property', dmtf, 'dmtf');
    expect(qualifiersToJson(more.qualifiers)).toEqual({ Ratio: 2, Letter: 'y' });
  });

  it('records the spans of array elements', () => {
    const value = strs('0', '1');
    const [q] = resolveQualifierList([qual('ValueMap', value)], 'property', dmtf, 'dmtf').qualifiers;
    expect(q!.elementSpans).toEqual(value.elements.map((e) => e.span));
  });

  it('accepts a scalar for an array type as a one-element array in the Microsoft dialect', () => {
    const result = resolveQualifierList([qual('Tags', str('a'))], 'property', microsoft, 'microsoft');
    expect(result.diagnostics).toEqual([]);
    expect(result.qualifiers[0]!.value).toEqual(['a']);
  });

  it('keeps the value as written for a built-in type in the Microsoft dialect (mofcomp types it by its value)', () => {
    const result = resolveQualifierList(
      [qual('InterfaceVersion', int(1)), qual('MaxLen', str('64')), qual('Description')],
      'property',
      microsoft,
      'microsoft',
    );
    expect(result.diagnostics).toEqual([]);
    expect(qualifiersToJson(result.qualifiers)).toEqual({ InterfaceVersion: 1, MaxLen: '64', Description: true });
  });

  it('lets class-scoped qualifiers reach associations and indications, but not association-scoped ones reach classes', () => {
    expect(resolveQualifierList([qual('Exception')], 'indication', dmtf, 'dmtf').diagnostics).toEqual([]);
    expect(resolveQualifierList([qual('Terminal')], 'association', dmtf, 'dmtf').diagnostics).toEqual([]);
    expect(resolveQualifierList([qual('Dynamic'), qual('Provider', str('P'))], 'association', microsoft, 'microsoft').diagnostics).toEqual([]);
    expect(resolveQualifierList([qual('Association')], 'class', dmtf, 'dmtf').diagnostics.map((d) => d.code)).toEqual(['MOF3203']);
  });
});

describe('resolveQualifierList: flavors', () => {
  it('overrides the declaration flavors with those written on the use', () => {
    const result = resolveQualifierList(
      [qual('Description', str('d'), ['Amended']), qual('Key', undefined, ['Restricted']), qual('Units', str('u'), ['NotToInstance'])],
      'property',
      microsoft,
      'microsoft',
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.qualifiers.map((q) => q.flavors)).toEqual([
      { override: 'enable', propagation: 'toSubclass', translatable: true, amended: true },
      { override: 'disable', propagation: 'restricted' },
      { override: 'enable', propagation: 'toSubclass', translatable: true, toInstance: false },
    ]);
  });

  it('treats NotToSubclass as Restricted, and does not count the two as a conflict', () => {
    const result = resolveQualifierList([qual('Description', str('d'), ['NotToSubclass', 'Restricted'])], 'class', microsoft, 'microsoft');
    expect(result.diagnostics).toEqual([]);
    expect(result.qualifiers[0]!.flavors.propagation).toBe('restricted');
  });

  it("gives an undeclared qualifier its dialect's default flavor (WMI: not propagated) under the written ones", () => {
    const result = resolveQualifierList([qual('Frob', int(1)), qual('Frab', int(2), ['ToSubclass', 'Amended'])], 'class', microsoft, 'microsoft');
    expect(result.qualifiers.map((q) => q.flavors)).toEqual([{ propagation: 'restricted' }, { propagation: 'toSubclass', amended: true }]);
    expect(resolveQualifierList([qual('Frob', int(1))], 'class', dmtf, 'dmtf').qualifiers[0]!.flavors).toEqual({});
  });
});

describe('resolveQualifierList: diagnostics', () => {
  it('MOF3200: an undeclared qualifier is an error in the DMTF dialect, kept as written', () => {
    const frob = qual('Frob', str('x'));
    const result = resolveQualifierList([frob], 'class', dmtf, 'dmtf');
    expect(result.diagnostics).toEqual([
      { code: 'MOF3200', severity: 'error', message: "qualifier 'Frob' is not declared", span: frob.name.span },
    ]);
    expect(result.qualifiers).toEqual([{ name: 'Frob', value: 'x', flavors: {}, span: frob.span }]);
  });

  it('MOF3201: an undeclared qualifier is a warning in the Microsoft dialect, a flag when it has no value', () => {
    const frob = qual('Frob');
    const result = resolveQualifierList([frob], 'class', microsoft, 'microsoft');
    expect(result.diagnostics).toEqual([
      {
        code: 'MOF3201',
        severity: 'warning',
        message: "qualifier 'Frob' is not declared; it is kept with the value as written",
        span: frob.name.span,
      },
    ]);
    expect(result.qualifiers[0]!.value).toBe(true);
  });

  it('MOF3202: a qualifier given twice (in any case) is an error; the first is kept', () => {
    const first = qual('Key');
    const second = qual('KEY', bool(false));
    const result = resolveQualifierList([first, second], 'property', dmtf, 'dmtf');
    expect(result.diagnostics).toEqual([
      {
        code: 'MOF3202',
        severity: 'error',
        message: "qualifier 'KEY' appears more than once in this qualifier list",
        span: second.name.span,
        related: [{ message: "'Key' is first given here", span: first.span }],
      },
    ]);
    expect(qualifiersToJson(result.qualifiers)).toEqual({ Key: true });
  });

  it('MOF3203: a qualifier outside its declared scope is an error (kept)', () => {
    const q = qual('In');
    const result = resolveQualifierList([q], 'property', dmtf, 'dmtf');
    expect(result.diagnostics).toEqual([
      {
        code: 'MOF3203',
        severity: 'error',
        message: "qualifier 'In' cannot be used on a property; it is declared with Scope(parameter)",
        span: q.name.span,
      },
    ]);
    // A qualifier the input declared is checked strictly in the Microsoft dialect too.
    const mine = qual('Mine', str('x'));
    expect(resolveQualifierList([mine], 'method', microsoft, 'microsoft').diagnostics).toEqual([
      {
        code: 'MOF3203',
        severity: 'error',
        message: "qualifier 'Mine' cannot be used on a method; it is declared with Scope(class)",
        span: mine.name.span,
      },
    ]);
  });

  it('MOF3204: outside the scope of a built-in type in the Microsoft dialect is a warning', () => {
    const q = qual('Key');
    const result = resolveQualifierList([q], 'method', microsoft, 'microsoft');
    expect(result.diagnostics).toEqual([
      {
        code: 'MOF3204',
        severity: 'warning',
        message: "qualifier 'Key' is not meant for a method (built-in Scope(property, reference)); it is kept",
        span: q.name.span,
      },
    ]);
    expect(result.qualifiers).toHaveLength(1);
  });

  it('MOF3205: a value of the wrong type is an error and the qualifier is dropped', () => {
    const value = str('64');
    const result = resolveQualifierList([qual('MaxLen', value)], 'property', dmtf, 'dmtf');
    expect(result.diagnostics).toEqual([
      {
        code: 'MOF3205',
        severity: 'error',
        message: "qualifier 'MaxLen' expects a value of type uint32, not string",
        span: value.span,
      },
    ]);
    expect(result.qualifiers).toEqual([]);
  });

  it('MOF3205: array elements, arrays for scalars, scalars for arrays (DMTF) and aliases', () => {
    const element = int(1);
    const list = arr(str('0'), element);
    const scalarForArray = str('0');
    const arrayForScalar = arr(bool(true));
    const aliasValue = alias('P');
    const result = resolveQualifierList(
      [qual('ValueMap', list), qual('Values', scalarForArray), qual('Key', arrayForScalar), qual('Description', aliasValue)],
      'property',
      dmtf,
      'dmtf',
    );
    expect(result.diagnostics.map((d) => [d.code, d.message, d.span])).toEqual([
      ['MOF3205', "qualifier 'ValueMap' expects a value of type string, not integer", element.span],
      ['MOF3205', "qualifier 'Values' expects a value of type string[], not string", scalarForArray.span],
      ['MOF3205', "qualifier 'Key' expects a value of type boolean, not array", arrayForScalar.span],
      ['MOF3205', "qualifier 'Description' expects a value of type string, not alias", aliasValue.span],
    ]);
    expect(result.qualifiers).toEqual([]);
  });

  it('MOF3206: an integer outside the range of the type is an error', () => {
    const value = int(-1);
    const big = int(2n ** 32n, '0x100000000');
    const result = resolveQualifierList([qual('MaxLen', value), qual('Max', big)], 'reference', lookupOf([
      input({ name: 'MaxLen', type: 'uint32', isArray: false, scopes: ['reference'], flavors: {}, default: null }),
    ], dmtfQualifierTypes), 'dmtf');
    expect(result.diagnostics).toEqual([
      { code: 'MOF3206', severity: 'error', message: "value -1 is out of range for qualifier 'MaxLen' of type uint32", span: value.span },
      { code: 'MOF3206', severity: 'error', message: "value 0x100000000 is out of range for qualifier 'Max' of type uint32", span: big.span },
    ]);
  });

  it('MOF3206: a real beyond real32', () => {
    const value = real(1e39);
    expect(resolveQualifierList([qual('Ratio', value)], 'property', dmtf, 'dmtf').diagnostics).toEqual([
      { code: 'MOF3206', severity: 'error', message: "value 1e+39 is out of range for qualifier 'Ratio' of type real32", span: value.span },
    ]);
  });

  it('MOF3206: a real literal so large it reads as Infinity, for real64 too', () => {
    const value = real(Number('1.8e308'));
    const result = resolveQualifierList([qual('Big', value)], 'property', lookupOf([
      input({ name: 'Big', type: 'real64', isArray: false, scopes: ['property'], flavors: {}, default: null }),
    ], dmtfQualifierTypes), 'dmtf');
    expect(result.diagnostics.map((d) => [d.code, d.span])).toEqual([['MOF3206', value.span]]);
  });

  it('MOF3207: a string qualifier written without a value is an error', () => {
    const q = qual('Description');
    const result = resolveQualifierList([q], 'class', dmtf, 'dmtf');
    expect(result.diagnostics).toEqual([
      { code: 'MOF3207', severity: 'error', message: "qualifier 'Description' of type string needs a value", span: q.span },
    ]);
    expect(result.qualifiers).toEqual([]);
  });

  it('MOF3208: contradicting flavors on one use are an error; the first wins', () => {
    const q = qual('Description', str('d'), ['EnableOverride', 'DisableOverride', 'ToSubclass', 'Restricted', 'ToInstance', 'NotToInstance']);
    const result = resolveQualifierList([q], 'class', microsoft, 'microsoft');
    expect(result.diagnostics).toEqual([
      { code: 'MOF3208', severity: 'error', message: 'flavors EnableOverride and DisableOverride contradict each other', span: q.flavors[1]!.span },
      { code: 'MOF3208', severity: 'error', message: 'flavors ToSubclass and Restricted contradict each other', span: q.flavors[3]!.span },
      { code: 'MOF3208', severity: 'error', message: 'flavors ToInstance and NotToInstance contradict each other', span: q.flavors[5]!.span },
    ]);
    expect(result.qualifiers[0]!.flavors).toEqual({ override: 'enable', propagation: 'toSubclass', translatable: true, toInstance: true });
  });

  it('MOF3209: Microsoft flavors are errors in the DMTF dialect (and ignored)', () => {
    const q = qual('Description', str('d'), ['Amended']);
    const result = resolveQualifierList([q], 'class', dmtf, 'dmtf');
    expect(result.diagnostics).toEqual([
      {
        code: 'MOF3209',
        severity: 'error',
        message: "flavor 'Amended' is a Microsoft extension, not allowed in the DMTF dialect",
        span: q.flavors[0]!.span,
      },
    ]);
    expect(result.qualifiers[0]!.flavors.amended).toBeUndefined();
  });

  it('MOF3210: an undeclared (or leniently checked) qualifier cannot hold an alias or a nested array', () => {
    const aliasValue = alias('P');
    const nested = strs('a');
    const result = resolveQualifierList(
      [qual('Frob', aliasValue), qual('UUID', arr(nested))],
      'class',
      microsoft,
      'microsoft',
    );
    expect(result.diagnostics.filter((d) => d.code === 'MOF3210')).toEqual([
      { code: 'MOF3210', severity: 'error', message: "qualifier 'Frob' cannot have an alias as its value", span: aliasValue.span },
      { code: 'MOF3210', severity: 'error', message: "qualifier 'UUID' cannot have a nested array as its value", span: nested.span },
    ]);
    expect(result.qualifiers).toEqual([]);
  });

  it('MOF3211: a flavor given twice is a warning', () => {
    const q = qual('Description', str('d'), ['Amended', 'Amended']);
    const result = resolveQualifierList([q], 'class', microsoft, 'microsoft');
    expect(result.diagnostics).toEqual([
      { code: 'MOF3211', severity: 'warning', message: "flavor 'Amended' is given more than once", span: q.flavors[1]!.span },
    ]);
  });
});

describe('qualifiersToJson', () => {
  it('maps names to values in list order', () => {
    const result = resolveQualifierList(
      [qual('Write'), qual('Description', str('d')), qual('ValueMap', strs('1'))],
      'property',
      dmtf,
      'dmtf',
    );
    const json = qualifiersToJson(result.qualifiers);
    expect(Object.keys(json)).toEqual(['Write', 'Description', 'ValueMap']);
    expect(json).toEqual({ Write: true, Description: 'd', ValueMap: ['1'] });
  });
});
