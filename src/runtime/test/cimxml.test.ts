import { describe, expect, it } from 'vitest';
import { instanceFromCimXml, instanceToCimXml } from '../src/cimxml.js';
import { CimDateTime } from '../src/datetime.js';
import { CimReference } from '../src/reference.js';
import { CimValueError } from '../src/errors.js';
import type { CimInstance } from '../src/session.js';
import type { ClassDescriptor } from '../src/descriptor.js';

const Small: ClassDescriptor = {
  name: 'Test_Small',
  namespace: 'root/test',
  keys: ['Id'],
  properties: [
    { name: 'Id', type: 'string', key: true },
    { name: 'Count', type: 'uint16' },
    { name: 'Tags', type: 'string', isArray: true },
    { name: 'Owner', type: 'reference', refClass: 'CIM_ComputerSystem' },
    { name: 'Missing', type: 'datetime' },
  ],
  methods: [],
};

describe('instanceToCimXml', () => {
  it('writes the golden text for a small instance', () => {
    const instance: CimInstance = {
      className: 'Test_Small',
      properties: {
        Id: 'a&b <"c">',
        Count: 3,
        Tags: ['x', 'y'],
        Owner: CimReference.to('Msvm_ComputerSystem', { CreationClassName: 'Msvm_ComputerSystem', Name: 'VM1' }, { namespace: 'root/virtualization/v2', host: 'HV01' }),
      },
    };
    expect(instanceToCimXml(instance, Small)).toBe(
      '<INSTANCE CLASSNAME="Test_Small">' +
        '<PROPERTY NAME="Id" TYPE="string"><VALUE>a&amp;b &lt;"c"&gt;</VALUE></PROPERTY>' +
        '<PROPERTY NAME="Count" TYPE="uint16"><VALUE>3</VALUE></PROPERTY>' +
        '<PROPERTY.ARRAY NAME="Tags" TYPE="string"><VALUE.ARRAY><VALUE>x</VALUE><VALUE>y</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>' +
        '<PROPERTY.REFERENCE NAME="Owner" REFERENCECLASS="CIM_ComputerSystem"><VALUE.REFERENCE><INSTANCEPATH>' +
        '<NAMESPACEPATH><HOST>HV01</HOST><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="virtualization"/><NAMESPACE NAME="v2"/></LOCALNAMESPACEPATH></NAMESPACEPATH>' +
        '<INSTANCENAME CLASSNAME="Msvm_ComputerSystem"><KEYBINDING NAME="CreationClassName"><KEYVALUE VALUETYPE="string">Msvm_ComputerSystem</KEYVALUE></KEYBINDING>' +
        '<KEYBINDING NAME="Name"><KEYVALUE VALUETYPE="string">VM1</KEYVALUE></KEYBINDING></INSTANCENAME>' +
        '</INSTANCEPATH></VALUE.REFERENCE></PROPERTY.REFERENCE>' +
        '<PROPERTY NAME="Missing" TYPE="datetime"></PROPERTY>' +
        '</INSTANCE>',
    );
  });

  it('round-trips every kind of value without a descriptor', () => {
    const nested: CimInstance = { className: 'CIM_Error', properties: { Message: 'line1\r\nline2 & <3>', Code: 7 } };
    const instance: CimInstance = {
      className: 'Test_All',
      properties: {
        S: '  spaced  ',
        B: false,
        I: -5,
        R: 1.25,
        Inf: -Infinity,
        Big: 18446744073709551615n,
        DT: CimDateTime.parse('20240501120000.123456-300'),
        Ref: CimReference.to('X', { A: 1, B: true, C: 'q"uote', D: CimReference.to('Y', { K: 'v' }) }, { namespace: 'root/cimv2' }),
        ClassRef: CimReference.to('Z', {}, { namespace: 'root/cimv2' }),
        Single: CimReference.to('W', {}, { singleton: true }),
        Emb: nested,
        Arr: [1, null, 3],
        Refs: [CimReference.to('R', { K: 'v' }), null],
        Empty: [],
        Nul: null,
      },
    };
    const text = instanceToCimXml(instance);
    expect(text).toContain('EmbeddedObject="object"');
    expect(text).toContain('&amp;lt;3&amp;gt;');
    const back = instanceFromCimXml(text);
    expect(back.className).toBe('Test_All');
    const p = back.properties;
    expect(p.S).toBe('  spaced  ');
    expect(p.B).toBe(false);
    expect(p.I).toBe(-5n); // inferred sint64
    expect(p.R).toBe(1.25);
    expect(p.Inf).toBe(-Infinity);
    expect(p.Big).toBe(18446744073709551615n);
    expect((p.DT as CimDateTime).toString()).toBe('20240501120000.123456-300');
    const ref = p.Ref as CimReference;
    expect(ref.equals(instance.properties.Ref)).toBe(true);
    expect(ref.keys.D).toBeInstanceOf(CimReference);
    expect(ref.namespace).toBe('root/cimv2');
    expect((p.ClassRef as CimReference).isClassPath).toBe(true);
    expect((p.Single as CimReference).isSingleton).toBe(true);
    expect(p.Emb).toEqual({ className: 'CIM_Error', properties: { Message: 'line1\r\nline2 & <3>', Code: 7n } });
    expect(p.Arr).toEqual([1n, null, 3n]);
    expect(p.Refs).toEqual([CimReference.to('R', { K: 'v' }), null]);
    expect(p.Empty).toEqual([]);
    expect(p.Nul).toBeNull();
  });

  it('refuses characters XML cannot carry', () => {
    expect(() => instanceToCimXml({ className: 'X', properties: { S: 'bell\u0007' } })).toThrow(CimValueError);
  });
});

describe('instanceFromCimXml', () => {
  it('reads WMI-style text: qualifiers, system properties, NULLs, arrays, embedded instances', () => {
    const embedded =
      '&lt;INSTANCE CLASSNAME="Msvm_ResourceAllocationSettingData"&gt;&lt;PROPERTY NAME="ResourceType" TYPE="uint16"&gt;&lt;VALUE&gt;31&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;';
    const text = `<?xml version="1.0" encoding="UTF-8"?>
<INSTANCE CLASSNAME="Msvm_VirtualSystemSettingData">
  <QUALIFIER NAME="dynamic" PROPAGATED="true" TYPE="boolean" TOSUBCLASS="false"><VALUE>TRUE</VALUE></QUALIFIER>
  <PROPERTY NAME="__PATH" CLASSORIGIN="___SYSTEM" TYPE="string"><VALUE>\\\\HV\\root\\virtualization\\v2:Msvm_VirtualSystemSettingData.InstanceID="Microsoft:1"</VALUE></PROPERTY>
  <PROPERTY NAME="AutomaticRecoveryAction" CLASSORIGIN="Msvm_VirtualSystemSettingData" PROPAGATED="true" TYPE="uint16"><VALUE>3</VALUE></PROPERTY>
  <PROPERTY NAME="Caption" CLASSORIGIN="CIM_ManagedElement" PROPAGATED="true" TYPE="string"><QUALIFIER NAME="MaxLen" TYPE="uint32"><VALUE>64</VALUE></QUALIFIER></PROPERTY>
  <PROPERTY NAME="CreationTime" TYPE="datetime"><VALUE>20240501120000.000000-000</VALUE></PROPERTY>
  <PROPERTY NAME="ElementName" TYPE="string"><VALUE>web &amp; db</VALUE></PROPERTY>
  <PROPERTY NAME="Notes" TYPE="string"></PROPERTY>
  <PROPERTY.ARRAY NAME="BootOrder" TYPE="uint16"><VALUE.ARRAY><VALUE>2</VALUE><VALUE>1</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>
  <PROPERTY.ARRAY NAME="Empty" TYPE="string"></PROPERTY.ARRAY>
  <PROPERTY NAME="Setting" TYPE="string" EmbeddedObject="instance"><VALUE>${embedded}</VALUE></PROPERTY>
  <PROPERTY NAME="Hex" TYPE="uint32"><VALUE>0x1F</VALUE></PROPERTY>
  <PROPERTY.REFERENCE NAME="Parent" REFERENCECLASS="CIM_ManagedElement"></PROPERTY.REFERENCE>
</INSTANCE>`;
    const inst = instanceFromCimXml(text);
    expect(inst.className).toBe('Msvm_VirtualSystemSettingData');
    const p = inst.properties;
    expect(p.__PATH).toBe('\\\\HV\\root\\virtualization\\v2:Msvm_VirtualSystemSettingData.InstanceID="Microsoft:1"');
    expect(p.AutomaticRecoveryAction).toBe(3);
    expect(p.Caption).toBeNull();
    expect((p.CreationTime as CimDateTime).toString()).toBe('20240501120000.000000-000');
    expect(p.ElementName).toBe('web & db');
    expect(p.Notes).toBeNull();
    expect(p.BootOrder).toEqual([2, 1]);
    expect(p.Empty).toBeNull();
    expect(p.Setting).toEqual({ className: 'Msvm_ResourceAllocationSettingData', properties: { ResourceType: 31 } });
    expect(p.Hex).toBe(31);
    expect(p.Parent).toBeNull();
  });

  it('reads WMI DTD extensions for embedded objects and reference arrays', () => {
    const inst = instanceFromCimXml(
      '<INSTANCE CLASSNAME="X">' +
        '<PROPERTY.OBJECT NAME="One"><VALUE.OBJECT><INSTANCE CLASSNAME="E"><PROPERTY NAME="A" TYPE="string"><VALUE>a</VALUE></PROPERTY></INSTANCE></VALUE.OBJECT></PROPERTY.OBJECT>' +
        '<PROPERTY.OBJECT NAME="None"></PROPERTY.OBJECT>' +
        '<PROPERTY.OBJECTARRAY NAME="Many"><VALUE.OBJECTARRAY><VALUE.OBJECT><INSTANCE CLASSNAME="E"/></VALUE.OBJECT><VALUE.NULL/></VALUE.OBJECTARRAY></PROPERTY.OBJECTARRAY>' +
        '<PROPERTY.REFARRAY NAME="Refs"><VALUE.REFARRAY><VALUE.REFERENCE><INSTANCENAME CLASSNAME="R"><KEYBINDING NAME="K"><KEYVALUE>v</KEYVALUE></KEYBINDING></INSTANCENAME></VALUE.REFERENCE></VALUE.REFARRAY></PROPERTY.REFARRAY>' +
        '</INSTANCE>',
    );
    expect(inst.properties.One).toEqual({ className: 'E', properties: { A: 'a' } });
    expect(inst.properties.None).toBeNull();
    expect(inst.properties.Many).toEqual([{ className: 'E', properties: {} }, null]);
    expect((inst.properties.Refs as CimReference[])[0]!.toString()).toBe('R.K="v"');
  });

  it('keeps the path of named instances', () => {
    const inst = instanceFromCimXml(
      '<VALUE.NAMEDINSTANCE><INSTANCENAME CLASSNAME="X"><KEYBINDING NAME="Id"><KEYVALUE VALUETYPE="numeric">12</KEYVALUE></KEYBINDING></INSTANCENAME>' +
        '<INSTANCE CLASSNAME="X"><PROPERTY NAME="Id" TYPE="uint32"><VALUE>12</VALUE></PROPERTY></INSTANCE></VALUE.NAMEDINSTANCE>',
    );
    expect(inst.path?.toString()).toBe('X.Id=12');
    expect(inst.properties.Id).toBe(12);
  });

  it('rejects malformed text and bad values with CimValueError', () => {
    const cases: [string, RegExp][] = [
      ['<INSTANCE CLASSNAME="X"><PROPERTY NAME="A"></INSTANCE>', /invalid CIM-XML/],
      ['not xml at all', /invalid CIM-XML/],
      ['<CLASS NAME="X"/>', /expected INSTANCE, found CLASS/],
      ['<INSTANCE/>', /missing CLASSNAME/],
      ['<INSTANCE CLASSNAME="X"><PROPERTY NAME="A" TYPE="uint8"><VALUE>256</VALUE></PROPERTY></INSTANCE>', /X\.A: uint8 out of range/],
      ['<INSTANCE CLASSNAME="X"><PROPERTY NAME="A" TYPE="boolean"><VALUE>yes</VALUE></PROPERTY></INSTANCE>', /X\.A: invalid boolean/],
      ['<INSTANCE CLASSNAME="X"><PROPERTY NAME="A" TYPE="datetime"><VALUE>now</VALUE></PROPERTY></INSTANCE>', /X\.A: invalid datetime/],
      ['<INSTANCE CLASSNAME="X"><PROPERTY NAME="A" TYPE="string" EmbeddedObject="object"><VALUE>&lt;nope</VALUE></PROPERTY></INSTANCE>', /X\.A: invalid embedded/],
      ['<INSTANCE CLASSNAME="X"><METHOD NAME="A"/></INSTANCE>', /unexpected METHOD/],
      ['<INSTANCE CLASSNAME="X"/><INSTANCE CLASSNAME="Y"/>', /CIM-XML/],
    ];
    for (const [text, message] of cases) {
      expect(() => instanceFromCimXml(text), text).toThrow(CimValueError);
      expect(() => instanceFromCimXml(text), text).toThrow(message);
    }
  });
});

describe('instanceFromCimXml on hostile text (embedded instances come from the network)', () => {
  it('refuses a DTD and entity declarations instead of expanding them', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE INSTANCE [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      '<INSTANCE CLASSNAME="X"><PROPERTY NAME="P" TYPE="string"><VALUE>&b;</VALUE></PROPERTY></INSTANCE>';
    expect(() => instanceFromCimXml(laughs)).toThrow(CimValueError);
    expect(() => instanceFromCimXml(laughs)).toThrow(/DOCTYPE|DTD/i);
  });

  it('bounds how deep embedded instances may nest, and reads what is within the bound', () => {
    const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const nest = (levels: number): string => {
      let text = '<INSTANCE CLASSNAME="Leaf"><PROPERTY NAME="Name" TYPE="string"><VALUE>leaf</VALUE></PROPERTY></INSTANCE>';
      for (let i = 0; i < levels; i++) {
        text = `<INSTANCE CLASSNAME="Box"><PROPERTY NAME="Inner" TYPE="string" EmbeddedObject="instance"><VALUE>${escape(text)}</VALUE></PROPERTY></INSTANCE>`;
      }
      return text;
    };
    let inner: CimInstance = instanceFromCimXml(nest(8));
    for (let i = 0; i < 8; i++) inner = inner.properties['Inner'] as CimInstance;
    expect(inner).toMatchObject({ className: 'Leaf', properties: { Name: 'leaf' } });
    expect(() => instanceFromCimXml(nest(40))).toThrow(CimValueError);
  });
});
