import { describe, expect, it } from 'vitest';
import {
  CLASS_PROPERTY,
  instancePath,
  marshalArguments,
  marshalInstance,
  marshalResult,
  marshalValue,
  unmarshalArguments,
  unmarshalInstance,
  unmarshalResult,
  unmarshalValue,
} from '../src/marshal.js';
import { returnValueName } from '../src/return-values.js';
import { CimDateTime } from '../src/datetime.js';
import { CimReference } from '../src/reference.js';
import { CimMarshalError } from '../src/errors.js';
import { instanceFromCimXml } from '../src/cimxml.js';
import type { CimInstance } from '../src/session.js';
import type { ValueDescriptor } from '../src/descriptor.js';
import {
  ExportReferencePoint,
  Msvm_CollectionReferencePointService as Service,
  NS,
  Test_AllTypes,
  Test_Element,
  Test_SubElement,
  registry,
} from './fixtures.js';

const where = { className: 'Msvm_X', member: 'P' };
const m = (type: ValueDescriptor['type'], value: unknown, extra: Partial<ValueDescriptor> = {}) => marshalValue({ type, ...extra }, value, where, registry());

function marshalError(fn: () => unknown): CimMarshalError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CimMarshalError);
    return e as CimMarshalError;
  }
  throw new Error('expected a CimMarshalError');
}

describe('marshalValue', () => {
  it('names class, member and value on a type mismatch', () => {
    const e = marshalError(() => marshalValue({ type: 'string' }, 5, { className: 'Msvm_X', member: 'ElementName' }));
    expect(e.message).toBe('Msvm_X.ElementName: expected string, got number 5');
    expect([e.className, e.member, e.value, e.code]).toEqual(['Msvm_X', 'ElementName', 5, 'CIM_MARSHAL']);
  });

  it('range-checks every integer type', () => {
    const cases: [ValueDescriptor['type'], bigint, bigint][] = [
      ['uint8', 0n, 255n],
      ['sint8', -128n, 127n],
      ['uint16', 0n, 65535n],
      ['sint16', -32768n, 32767n],
      ['uint32', 0n, 4294967295n],
      ['sint32', -2147483648n, 2147483647n],
      ['uint64', 0n, 18446744073709551615n],
      ['sint64', -9223372036854775808n, 9223372036854775807n],
    ];
    for (const [type, min, max] of cases) {
      const wide = type.endsWith('64');
      expect(m(type, wide ? max : Number(max))).toBe(wide ? max : Number(max));
      expect(m(type, wide ? min : Number(min))).toBe(wide ? min : Number(min));
      expect(marshalError(() => m(type, max + 1n)).message).toContain(`${type} out of range`);
      expect(marshalError(() => m(type, min - 1n)).message).toContain('Msvm_X.P');
      expect(() => m(type, 1.5)).toThrow(CimMarshalError);
      expect(() => m(type, '1')).toThrow(CimMarshalError);
    }
    expect(marshalError(() => m('uint8', 300)).message).toBe('Msvm_X.P: uint8 out of range 0..255: number 300');
  });

  it('takes bigint or safe numbers for 64-bit integers and always produces bigint', () => {
    expect(m('uint64', 5)).toBe(5n);
    expect(m('sint64', -5n)).toBe(-5n);
    expect(marshalError(() => m('uint64', 2 ** 60)).message).toContain('pass a bigint');
    expect(unmarshalValue({ type: 'uint64' }, 7, where)).toBe(7n);
    expect(unmarshalValue({ type: 'uint64' }, '18446744073709551615', where)).toBe(18446744073709551615n);
    expect(unmarshalValue({ type: 'uint32' }, 7n, where)).toBe(7);
    expect(() => unmarshalValue({ type: 'uint8' }, '256', where)).toThrow(/out of range/);
  });

  it('checks reals, char16, booleans and strings', () => {
    expect(m('real64', 1.5)).toBe(1.5);
    expect(m('real32', Number.POSITIVE_INFINITY)).toBe(Infinity);
    expect(marshalError(() => m('real32', 1e39)).message).toContain('real32 out of range');
    expect(m('real64', 1e300)).toBe(1e300);
    expect(m('char16', 'x')).toBe('x');
    expect(() => m('char16', 'xy')).toThrow(/char16/);
    expect(() => m('char16', '😀')).toThrow(/one UTF-16 unit/);
    expect(() => m('char16', '')).toThrow(CimMarshalError);
    expect(m('boolean', false)).toBe(false);
    expect(() => m('boolean', 'true')).toThrow(/expected boolean, got string "true"/);
    expect(unmarshalValue({ type: 'boolean' }, 'TRUE', where)).toBe(true);
    expect(unmarshalValue({ type: 'char16' }, 65, where)).toBe('A');
    expect(unmarshalValue({ type: 'real32' }, 'INF', where)).toBe(Infinity);
    expect(unmarshalValue({ type: 'real64' }, '-1.5e3', where)).toBe(-1500);
    expect(() => unmarshalValue({ type: 'string' }, 5, where)).toThrow(/expected string/);
  });

  it('maps datetime to CimDateTime, accepting Date on input', () => {
    const dt = CimDateTime.parse('20240501120000.123456+120');
    expect(m('datetime', dt)).toBe(dt);
    expect((m('datetime', new Date('2024-05-01T00:00:00Z')) as CimDateTime).toString()).toBe('20240501000000.000000+000');
    expect(() => m('datetime', '20240501120000.123456+120')).toThrow(/CimDateTime or Date/);
    expect((unmarshalValue({ type: 'datetime' }, '20240501120000.123456+120', where) as CimDateTime).equals(dt)).toBe(true);
    expect((unmarshalValue({ type: 'datetime' }, '2024-05-01T12:00:00.123456+02:00', where) as CimDateTime).equals(dt)).toBe(true);
    expect((unmarshalValue({ type: 'datetime' }, 'P1D', where) as CimDateTime).isInterval).toBe(true);
    expect(() => unmarshalValue({ type: 'datetime' }, 'soon', where)).toThrow(/Msvm_X.P: invalid datetime "soon"/);
  });

  it('maps REF to CimReference, accepting object paths, checking known classes', () => {
    const ref = CimReference.to('Msvm_ReferencePointCollection', { InstanceID: 'a' });
    expect(m('reference', ref, { refClass: 'CIM_Collection' })).toBe(ref);
    const parsed = m('reference', 'Msvm_ReferencePointCollection.InstanceID="a"', { refClass: 'CIM_Collection' }) as CimReference;
    expect(parsed.equals(ref)).toBe(true);
    expect(() => m('reference', CimReference.to('Test_Element', { Name: 'x' }), { refClass: 'CIM_Collection' })).toThrow(
      /expected a reference to CIM_Collection, got one to Test_Element/,
    );
    // Unknown (unregistered) classes are let through: servers name subclasses we never saw.
    expect(m('reference', CimReference.to('Vendor_Collection', { X: 1 }), { refClass: 'CIM_Collection' })).toBeInstanceOf(CimReference);
    expect(() => m('reference', 'not a path!', {})).toThrow(/invalid object path/);
    expect(() => m('reference', 42, {})).toThrow(CimMarshalError);
  });

  it('types reference keys on the way in from text transports', () => {
    const typed = unmarshalValue({ type: 'reference' }, 'Test_AllTypes.Id="x"', where, registry()) as CimReference;
    expect(typed.keys.Id).toBe('x');
    const assoc = unmarshalValue(
      { type: 'reference' },
      'Test_Member.Collection="Msvm_ReferencePointCollection.InstanceID=\\"c\\"",Member="Test_Element.Name=\\"e\\""',
      where,
      registry(),
    ) as CimReference;
    expect(assoc.keys.Collection).toBeInstanceOf(CimReference);
    expect((assoc.keys.Member as CimReference).keys.Name).toBe('e');
  });

  it('handles arrays: elements checked, NULL elements rejected on input, kept on output', () => {
    expect(m('uint16', [1, 2], { isArray: true })).toEqual([1, 2]);
    expect(marshalError(() => m('uint16', [1, 70000], { isArray: true })).member).toBe('P[1]');
    expect(marshalError(() => m('uint16', [1, null], { isArray: true })).message).toContain('NULL array element');
    expect(() => m('uint16', 1, { isArray: true })).toThrow(/expected an array of uint16/);
    expect(() => m('uint16', [1], {})).toThrow(/expected a single uint16/);
    expect(unmarshalValue({ type: 'uint16', isArray: true }, [1, null, '3'], where)).toEqual([1, null, 3]);
    expect(unmarshalValue({ type: 'uint16', isArray: true }, 5, where)).toEqual([5]);
    expect(unmarshalValue({ type: 'uint16' }, [5], where)).toBe(5);
  });

  it('treats null and undefined as NULL', () => {
    expect(m('string', null)).toBeNull();
    expect(m('string', undefined)).toBeNull();
    expect(unmarshalValue({ type: 'string' }, null, where)).toBeUndefined();
  });
});

describe('instances', () => {
  const settings = {
    [CLASS_PROPERTY]: 'Msvm_CollectionReferencePointExportSettingData',
    CopySnapshotConfiguration: 1,
    CopyVmStorage: true,
    CreateVmExportSubdirectory: false,
  };

  it('round-trips every type through marshalInstance / unmarshalInstance', () => {
    const reg = registry();
    const value = {
      Id: 'all',
      Needed: 1,
      B: true,
      S: 'text <&>',
      C: 'c',
      U8: 255,
      S8: -128,
      U16: 65535,
      S16: -32768,
      U32: 4294967295,
      S32: -2147483648,
      U64: 18446744073709551615n,
      S64: -9223372036854775808n,
      R32: 1.5,
      R64: -2.25e-300,
      DT: CimDateTime.parse('20240501120000.123456+120'),
      Ref: CimReference.to('Msvm_ReferencePointCollection', { InstanceID: 'c1' }, { namespace: NS }),
      AnyRef: CimReference.parse('\\\\H\\root\\cimv2:Win32_X.A=1'),
      Embedded: settings,
      Nested: { __CLASS: 'Msvm_ConcreteJob', InstanceID: 'j1', JobState: 4 },
      Anything: { __CLASS: 'Test_SubElement', Name: 'e', Extra: true },
      Strings: ['a', 'b'],
      Numbers: [1, 2],
      Bigs: [1n, 2n],
      Jobs: [{ __CLASS: 'CIM_ConcreteJob', InstanceID: 'j2' }],
    };
    const wire = marshalInstance(Test_AllTypes, value, reg);
    expect(wire.className).toBe('Test_AllTypes');
    expect(wire.namespace).toBe(NS);
    expect(typeof wire.properties.Embedded).toBe('string');
    expect(wire.properties.Embedded).toMatch(/^<INSTANCE CLASSNAME="Msvm_CollectionReferencePointExportSettingData">/);
    expect((wire.properties.Nested as CimInstance).className).toBe('Msvm_ConcreteJob');
    expect(wire.properties.Anything).toContain('CLASSNAME="Test_SubElement"');
    const back = unmarshalInstance<Record<string, unknown>>(Test_AllTypes, wire, reg);
    expect(back).toEqual({ __CLASS: 'Test_AllTypes', ...value });
    expect(Object.keys(back)[0]).toBe('__CLASS');
  });

  it('rejects unknown properties and missing keys / required properties, naming them', () => {
    const reg = registry();
    expect(marshalError(() => marshalInstance(Test_Element, { Name: 'a', Sise: 3 }, reg)).message).toBe('Test_Element.Sise: unknown property');
    expect(marshalError(() => marshalInstance(Test_Element, { Name: 'a', size: 3 }, reg)).message).toContain('did you mean Size?');
    expect(marshalError(() => marshalInstance(Test_Element, { Size: 3 }, reg)).message).toBe('Test_Element.Name: key property is missing');
    expect(marshalError(() => marshalInstance(Test_AllTypes, { Id: 'x' }, reg)).message).toBe('Test_AllTypes.Needed: required property is missing');
    expect(marshalInstance(Test_Element, { Size: 3 }, reg, { requireKeys: false }).properties).toEqual({ Size: 3 });
    expect(marshalInstance(Test_Element, { Name: 'a', Label: null, __PATH: 'ignored' }, reg).properties).toEqual({ Name: 'a', Label: null });
  });

  it('uses __CLASS to pick a registered subclass and rejects unrelated classes', () => {
    const reg = registry();
    const wire = marshalInstance(Test_Element, { __CLASS: 'Test_SubElement', Name: 'a', Extra: true }, reg);
    expect(wire.className).toBe('Test_SubElement');
    expect(wire.properties.Extra).toBe(true);
    expect(() => marshalInstance(Test_Element, { __CLASS: 'CIM_Error', Name: 'a' }, reg)).toThrow(/CIM_Error is not a subclass of Test_Element/);
    // An unregistered __CLASS is a subclass we were not told about: written with the base descriptor, under its own name.
    expect(marshalInstance(Test_Element, { __CLASS: 'Vendor_Element', Name: 'a' }, reg)).toEqual({
      className: 'Vendor_Element',
      namespace: NS,
      properties: { Name: 'a' },
    });
    expect(() => marshalInstance(Test_Element, { __CLASS: 'Vendor_Element', Name: 'a', Foo: 1 }, reg)).toThrow(/Test_Element.Foo: unknown property/);
    const embedded = marshalValue({ type: 'instance', embeddedClass: 'CIM_ConcreteJob' }, { __CLASS: 'Vendor_Job', InstanceID: 'j' }, where, reg);
    expect(embedded).toMatchObject({ className: 'Vendor_Job', properties: { InstanceID: 'j' } });
    const typed = unmarshalInstance(Test_Element, { className: 'Test_SubElement', properties: { Name: 'a', Extra: 'true' } }, reg);
    expect(typed).toEqual({ __CLASS: 'Test_SubElement', Name: 'a', Extra: true });
    const unknownSub = unmarshalInstance(Test_Element, { className: 'Vendor_Element', properties: { Name: 'a', Foo: 1 } }, reg);
    expect(unknownSub).toEqual({ __CLASS: 'Vendor_Element', Name: 'a' });
    expect(() => unmarshalInstance(Test_Element, { className: 'CIM_Error', properties: {} }, reg)).toThrow(/expected an instance of Test_Element/);
  });

  it('unmarshals leniently: case-insensitive names, NULLs left out, unknown wire properties ignored', () => {
    const typed = unmarshalInstance(Test_Element, { className: 'test_element', properties: { name: 'a', SIZE: '12', Label: null, Other: 1 } });
    expect(typed).toEqual({ __CLASS: 'Test_Element', Name: 'a', Size: 12 });
  });

  it('discriminates `object` values by __CLASS; unknown classes are errors', () => {
    const reg = registry();
    const d: ValueDescriptor = { type: 'object', embeddedAs: 'object' };
    const wire = marshalValue(d, { __CLASS: 'CIM_Error', Message: 'boom' }, where, reg) as CimInstance;
    expect(wire).toEqual({ className: 'CIM_Error', namespace: NS, properties: { Message: 'boom' } });
    expect(unmarshalValue(d, wire, where, reg)).toEqual({ __CLASS: 'CIM_Error', Message: 'boom' });
    expect(() => marshalValue(d, { Message: 'x' }, where, reg)).toThrow(/embedded object needs __CLASS/);
    expect(() => marshalValue(d, { __CLASS: 'Nope' }, where, reg)).toThrow(/unknown embedded class Nope/);
    expect(() => unmarshalValue(d, { className: 'Nope', properties: {} }, where, reg)).toThrow(/unknown embedded class Nope/);
    expect(() =>
      marshalValue({ type: 'instance', embeddedClass: 'CIM_ConcreteJob' }, { __CLASS: 'CIM_Error' }, where, reg),
    ).toThrow(/expected an instance of CIM_ConcreteJob, got CIM_Error/);
  });

  it('embeds string instances as CIM-XML text that parses back', () => {
    const reg = registry();
    const text = marshalValue(
      { type: 'instance', embeddedClass: 'Msvm_CollectionReferencePointExportSettingData', embeddedAs: 'string' },
      { CopySnapshotConfiguration: 2, CopyVmStorage: true, ElementName: null },
      where,
      reg,
    ) as string;
    // Only what the caller gave, in schema order: absent properties keep WMI's class defaults,
    // an explicit `null` travels as a NULL property and overrides the default.
    expect(text).toBe(
      '<INSTANCE CLASSNAME="Msvm_CollectionReferencePointExportSettingData">' +
        '<PROPERTY NAME="ElementName" TYPE="string"></PROPERTY>' +
        '<PROPERTY NAME="CopySnapshotConfiguration" TYPE="uint8"><VALUE>2</VALUE></PROPERTY>' +
        '<PROPERTY NAME="CopyVmStorage" TYPE="boolean"><VALUE>TRUE</VALUE></PROPERTY>' +
        '</INSTANCE>',
    );
    expect(instanceFromCimXml(text).properties.CopySnapshotConfiguration).toBe(2);
    expect(() => unmarshalValue({ type: 'instance', embeddedAs: 'string' }, '<INSTANCE', where, reg)).toThrow(/invalid embedded instance text/);
    const d: ValueDescriptor = { type: 'instance', embeddedClass: 'CIM_Error', embeddedAs: 'string' };
    expect(marshalValue(d, '<INSTANCE CLASSNAME="CIM_Error"/>', where, reg)).toBe('<INSTANCE CLASSNAME="CIM_Error"/>');
    expect(() => marshalValue(d, '<INSTANCE', where, reg)).toThrow(/Msvm_X.P: invalid embedded instance text/);
    expect(() => marshalValue({ ...d, embeddedAs: 'object' }, '<INSTANCE CLASSNAME="CIM_Error"/>', where, reg)).toThrow(/expected an instance of CIM_Error/);
  });

  it('writes nested embedded values inside embedded text with their declared types', () => {
    const reg = registry();
    const d: ValueDescriptor = { type: 'object', embeddedAs: 'string' };
    const value = {
      __CLASS: 'Test_AllTypes',
      Id: 'outer',
      Needed: 1,
      Nested: { __CLASS: 'Msvm_ConcreteJob', InstanceID: 'j', JobState: 7, TimeSubmitted: CimDateTime.parse('20240501120000.000000+000') },
      Bigs: [1n],
    };
    const text = marshalValue(d, value, where, reg) as string;
    expect(text).toContain('<PROPERTY NAME="Nested" TYPE="string" EmbeddedObject="instance"><VALUE>&lt;INSTANCE CLASSNAME="Msvm_ConcreteJob"&gt;');
    expect(text).toContain('&lt;PROPERTY NAME="JobState" TYPE="uint16"&gt;&lt;VALUE&gt;7&lt;/VALUE&gt;');
    expect(text).toContain('<PROPERTY.ARRAY NAME="Bigs" TYPE="uint64"><VALUE.ARRAY><VALUE>1</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>');
    expect(unmarshalValue(d, text, where, reg)).toEqual(value);
  });

  it('computes instance paths from keys', () => {
    const path = instancePath(Test_Element, { Name: 'a', Size: 1 });
    expect(path.toString('dmtf')).toBe('root/virtualization/v2:Test_Element.Name="a"');
    expect(() => instancePath(Test_Element, { Size: 1 })).toThrow(/Name: key property is missing/);
    expect(instancePath(Test_Element, { __CLASS: 'Test_SubElement', Name: 'b' }, registry()).className).toBe('Test_SubElement');
    expect(Test_SubElement.keys).toEqual(['Name']);
  });
});

describe('method arguments and results', () => {
  const target = CimReference.to('Msvm_ReferencePointCollection', { InstanceID: 'rp' });

  it('marshals [In] arguments, embedded instance as text, rejecting unknown and [Out]-only names', () => {
    const reg = registry();
    const wire = marshalArguments(
      Service,
      'ExportReferencePoint',
      { ReferencePointCollection: target, ExportDirectory: 'D:\\Export', ExportSettingData: { CopyVmStorage: true } },
      reg,
    );
    expect(Object.keys(wire)).toEqual(['ReferencePointCollection', 'ExportDirectory', 'ExportSettingData']);
    expect(wire.ExportSettingData).toContain('<INSTANCE CLASSNAME="Msvm_CollectionReferencePointExportSettingData">');
    expect(marshalError(() => marshalArguments(Service, 'ExportReferencePoint', { ExportDir: 'x' }, reg)).message).toBe(
      'Msvm_CollectionReferencePointService.ExportReferencePoint.ExportDir: unknown parameter',
    );
    expect(() => marshalArguments(Service, 'ExportReferencePoint', { Job: target }, reg)).toThrow(/not an input parameter/);
    expect(marshalError(() => marshalArguments(Service, 'ExportReferencePoint', { ExportDirectory: 5 }, reg)).member).toBe(
      'ExportReferencePoint.ExportDirectory',
    );
    expect(() => marshalArguments(Service, 'Nope', {}, reg)).toThrow(/Nope: no such method/);
    expect(marshalArguments(Service, 'ExportReferencePoint', undefined)).toEqual({});
  });

  it('unmarshals results: ReturnValue and outs, absent and NULL outs left out', () => {
    const job = CimReference.to('Msvm_ConcreteJob', { InstanceID: 'j' });
    expect(unmarshalResult(Service, ExportReferencePoint, { returnValue: 4096, outParameters: { Job: job } })).toEqual({ ReturnValue: 4096, Job: job });
    expect(unmarshalResult(Service, 'ExportReferencePoint', { returnValue: 0, outParameters: { Job: null } })).toEqual({ ReturnValue: 0 });
    expect(unmarshalResult(Service, 'ExportReferencePoint', { returnValue: '0', outParameters: {} })).toEqual({ ReturnValue: 0 });
    expect(unmarshalResult(Service, 'Ping', { returnValue: null, outParameters: { count: '5', When: '20240501120000.000000+000' } })).toEqual({
      Count: 5n,
      When: CimDateTime.parse('20240501120000.000000+000'),
    });
  });

  it('round-trips the provider side (unmarshalArguments / marshalResult)', () => {
    const reg = registry();
    const wire = marshalArguments(Service, 'ExportReferencePoint', { ReferencePointCollection: target, ExportSettingData: { CopyVmStorage: true } }, reg);
    const args = unmarshalArguments(Service, 'ExportReferencePoint', wire, reg);
    expect(args).toEqual({
      ReferencePointCollection: target,
      ExportSettingData: { __CLASS: 'Msvm_CollectionReferencePointExportSettingData', CopyVmStorage: true },
    });
    expect(() => unmarshalArguments(Service, 'ExportReferencePoint', { Bogus: 1 })).toThrow(/unknown parameter/);
    const job = CimReference.to('Msvm_ConcreteJob', { InstanceID: 'j' });
    expect(marshalResult(Service, 'ExportReferencePoint', { ReturnValue: 4096, Job: job })).toEqual({ returnValue: 4096, outParameters: { Job: job } });
    expect(() => marshalResult(Service, 'ExportReferencePoint', { Job: job })).toThrow(/ReturnValue is missing/);
    expect(() => marshalResult(Service, 'ExportReferencePoint', { ReturnValue: -1 })).toThrow(/uint32 out of range/);
    expect(() => marshalResult(Service, 'ExportReferencePoint', { ReturnValue: 0, ExportDirectory: 'x' })).toThrow(/not an output parameter/);
    expect(marshalResult(Service, 'Ping', { Count: 3 })).toEqual({ returnValue: null, outParameters: { Count: 3n } });
  });

  it('names return values from the ValueMap, ranges included', () => {
    expect(returnValueName(ExportReferencePoint, 32775)).toBe('Invalid state');
    expect(returnValueName(ExportReferencePoint, 32790n)).toBe('Some Range');
    expect(returnValueName(ExportReferencePoint, 1)).toBeUndefined();
  });
});
