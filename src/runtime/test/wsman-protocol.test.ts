/**
 * The shared WS-Management codecs, both directions: resource URIs, envelopes
 * and headers, EPRs, instance XML, method bodies and faults. What one side
 * writes, the other reads back to the same values.
 */
import { describe, expect, it } from 'vitest';
import { CimDateTime } from '../src/datetime.js';
import { CimNotFoundError, CimProtocolError, CimSessionError, CimStatus, CimTimeoutError } from '../src/errors.js';
import { CimReference } from '../src/reference.js';
import type { CimInstance, CimValue } from '../src/session.js';
import { buildRequest, buildResponse, formatDuration, parseDuration, readEnvelope } from '../src/wsman/envelope.js';
import { eprContentXml, eprToReference, readEpr, referenceToEpr } from '../src/wsman/epr.js';
import { errorToFault, faultAction, faultStatus, faultToError, faultXml, readFault } from '../src/wsman/fault.js';
import { faults } from '../src/wsman/server/faults.js';
import {
  instanceFromXml,
  instanceToXml,
  methodBody,
  methodInputXml,
  methodOutputFromXml,
  methodOutputXml,
  propertiesFromXml,
} from '../src/wsman/instance-xml.js';
import {
  ACTION,
  NS,
  classResourceUri,
  invokeAction,
  invokeResponseAction,
  parseResourceUri,
  wildcardResourceUri,
} from '../src/wsman/namespaces.js';
import { parseXml } from '../src/xml.js';
import { unmarshalResult } from '../src/marshal.js';
import { CIM_ConcreteJob, registry } from './fixtures.js';

const V2 = 'root/virtualization/v2';
const WMI = { dialect: 'wmi', defaultNamespace: V2 } as const;
const DMTF = { dialect: 'dmtf', defaultNamespace: V2 } as const;

/** Wire values with datetimes and references as text, so equality is by value. */
function plain(v: CimValue | undefined): unknown {
  if (v instanceof CimDateTime) return `datetime:${v.toString()}`;
  if (v instanceof CimReference) return `ref:${v.toString()}`;
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    const inst = v as CimInstance;
    return { className: inst.className, namespace: inst.namespace, properties: Object.fromEntries(Object.entries(inst.properties).map(([k, x]) => [k, plain(x)])) };
  }
  return v;
}

/** Wraps body XML in an envelope declaring `a:`/`w:` and parses it back. */
function throughEnvelope(body: string) {
  return readEnvelope(buildResponse({ action: 'urn:test', messageId: 'uuid:1' }, body)).payload!;
}

describe('resource URIs', () => {
  it('builds and reads the WMI and DMTF forms, wildcards included', () => {
    expect(classResourceUri('Msvm_ComputerSystem', 'root\\virtualization\\v2', 'wmi')).toBe(
      'http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/Msvm_ComputerSystem',
    );
    expect(classResourceUri('CIM_ComputerSystem', V2, 'dmtf')).toBe('http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ComputerSystem');
    expect(wildcardResourceUri(V2, 'wmi')).toBe('http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/*');
    expect(wildcardResourceUri(V2, 'dmtf')).toBe('http://schemas.dmtf.org/wbem/wscim/1/*');
    expect(parseResourceUri('http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/Msvm_ComputerSystem')).toEqual({
      dialect: 'wmi',
      className: 'Msvm_ComputerSystem',
      namespace: V2,
      wildcard: false,
    });
    expect(parseResourceUri('http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/*')).toEqual({ dialect: 'wmi', className: undefined, namespace: V2, wildcard: true });
    expect(parseResourceUri('http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_X')).toEqual({ dialect: 'dmtf', className: 'CIM_X', namespace: undefined, wildcard: false });
    expect(parseResourceUri('http://schemas.dmtf.org/wbem/wscim/1/*')).toMatchObject({ dialect: 'dmtf', wildcard: true });
    expect(parseResourceUri('http://example.com/x')).toBeUndefined();
    expect(parseResourceUri('http://schemas.microsoft.com/wbem/wsman/1/wmi/root/../Msvm_X')).toBeUndefined();
    expect(() => classResourceUri('Bad Name', V2, 'wmi')).toThrow(/invalid class name/);
    expect(invokeAction('urn:r', 'RequestStateChange')).toBe('urn:r/RequestStateChange');
    expect(invokeResponseAction('urn:r', 'RequestStateChange')).toBe('urn:r/RequestStateChangeResponse');
  });
});

describe('envelopes', () => {
  it('reads back every header a request carries', () => {
    const xml = buildRequest(
      {
        to: 'http://h:5985/wsman',
        resourceUri: 'urn:r',
        action: ACTION.get,
        messageId: 'uuid:A',
        maxEnvelopeSize: 153600,
        operationTimeoutMs: 90_500,
        locale: 'de-DE',
        selectors: [{ name: 'Name', value: 'a<b' }],
        options: [{ name: 'opt', value: 'v', type: 'xs:string' }],
      },
      '<n:Enumerate/>',
    );
    const env = readEnvelope(xml);
    expect(env).toMatchObject({
      action: ACTION.get,
      messageId: 'uuid:A',
      to: 'http://h:5985/wsman',
      replyTo: 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous',
      resourceUri: 'urn:r',
      selectors: [{ name: 'Name', value: 'a<b' }],
      options: [{ name: 'opt', value: 'v', type: 'xs:string' }],
      maxEnvelopeSize: 153600,
      operationTimeoutMs: 90_500,
      locale: 'de-DE',
    });
    expect(env.payload).toMatchObject({ local: 'Enumerate', ns: NS.enumeration });
    const reply = readEnvelope(buildResponse({ action: ACTION.getResponse, messageId: 'uuid:B', relatesTo: 'uuid:A' }, ''));
    expect(reply).toMatchObject({ action: ACTION.getResponse, relatesTo: 'uuid:A', payload: undefined });
  });

  it('writes and reads xs:duration timeouts', () => {
    expect(formatDuration(60_000)).toBe('PT60.000S');
    expect(formatDuration(1_234)).toBe('PT1.234S');
    expect(parseDuration('PT60.000S')).toBe(60_000);
    expect(parseDuration('P1DT1H1M1.5S')).toBe(90_061_500);
    expect(parseDuration('PT')).toBeUndefined();
    expect(parseDuration('P1Y')).toBeUndefined();
  });

  it('refuses what is not a SOAP 1.2 envelope', () => {
    expect(() => readEnvelope('<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body/></Envelope>')).toThrow(/only SOAP 1.2/);
    expect(() => readEnvelope(`<s:Envelope xmlns:s="${NS.soap}"/>`)).toThrow(/without a Body/);
    expect(() => readEnvelope(`<s:Envelope xmlns:s="${NS.soap}" xmlns:w="${NS.wsman}"><s:Header><w:MaxEnvelopeSize>big</w:MaxEnvelopeSize></s:Header><s:Body/></s:Envelope>`)).toThrow(
      CimProtocolError,
    );
  });
});

describe('EPRs', () => {
  const job = CimReference.to('Msvm_ConcreteJob', { InstanceID: 'J1' }, { namespace: V2 });
  const nested = CimReference.to(
    'Msvm_SettingsDefineState',
    { ManagedElement: job, SettingData: CimReference.to('Msvm_VirtualSystemSettingData', { InstanceID: 'Microsoft:X' }), Count: 3, On: true },
    { namespace: V2 },
  );

  it('round-trips a reference with nested references, in both dialects', () => {
    for (const options of [WMI, DMTF]) {
      const epr = referenceToEpr(nested, options);
      const el = throughEnvelope(`<x:R xmlns:x="urn:x">${eprContentXml(epr)}</x:R>`);
      const back = eprToReference(readEpr(el));
      expect(back.className).toBe('Msvm_SettingsDefineState');
      expect(back.namespace).toBe(V2);
      expect(Object.keys(back.keys)).toEqual(['ManagedElement', 'SettingData', 'Count', 'On']);
      expect(back.keys.ManagedElement).toBeInstanceOf(CimReference);
      expect((back.keys.ManagedElement as CimReference).equals(job)).toBe(true);
      expect((back.keys.SettingData as CimReference).namespace).toBe(V2);
      // Selector values are text: typing them is the marshaler's job.
      expect(back.keys.Count).toBe('3');
      expect(back.keys.On).toBe('true');
      expect(back.equals(nested)).toBe(true);
    }
    expect(referenceToEpr(job, DMTF).selectors).toEqual([
      { name: 'InstanceID', value: 'J1' },
      { name: '__cimnamespace', value: V2 },
    ]);
  });

  it('refuses an EPR without a resource URI or with duplicate selectors', () => {
    expect(() => readEpr(throughEnvelope('<x:R xmlns:x="urn:x"><a:Address>a</a:Address></x:R>'))).toThrow(/without a:ReferenceParameters/);
    const dup = '<x:R xmlns:x="urn:x"><a:ReferenceParameters><w:ResourceURI>http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/X</w:ResourceURI><w:SelectorSet><w:Selector Name="A">1</w:Selector><w:Selector Name="A">2</w:Selector></w:SelectorSet></a:ReferenceParameters></x:R>';
    expect(() => eprToReference(readEpr(throughEnvelope(dup)))).toThrow(/duplicate selector A/);
  });
});

describe('instance XML', () => {
  const instance: CimInstance = {
    className: 'Msvm_VirtualSystemSettingData',
    namespace: V2,
    properties: {
      ElementName: 'a & <b>',
      Empty: '',
      Notes: ['one', 'two'],
      Single: ['only'],
      Count: 42,
      Big: 18446744073709551615n,
      Ratio: -Infinity,
      Flag: false,
      Created: CimDateTime.parse('20240102030405.123456-060'),
      Never: CimDateTime.parse('00000000000000.000000+000'),
      Span: CimDateTime.interval({ days: 1, seconds: 2 }),
      Missing: null,
      Owner: CimReference.to('Msvm_ComputerSystem', { CreationClassName: 'Msvm_ComputerSystem', Name: 'VM1' }, { namespace: V2 }),
      Embedded: { className: 'Msvm_Setting', namespace: V2, properties: { Deep: { className: 'Msvm_Inner', namespace: V2, properties: { X: '1' } }, Y: ['a', 'b'] } },
      WithNulls: ['x', null],
    },
  };

  it('writes and reads back every kind of value (text, arrays, NULL, datetimes, references, nested objects)', () => {
    const el = throughEnvelope(instanceToXml(instance, WMI));
    const back = instanceFromXml(el);
    expect(plain(back)).toEqual({
      className: 'Msvm_VirtualSystemSettingData',
      namespace: V2,
      properties: {
        ElementName: 'a & <b>',
        Empty: '',
        Notes: ['one', 'two'],
        // A one-element array cannot be told from a scalar on the wire; the descriptor decides later.
        Single: 'only',
        Count: '42',
        Big: '18446744073709551615',
        Ratio: '-INF',
        Flag: 'false',
        Created: 'datetime:20240102030405.123456-060',
        Never: 'datetime:00000000000000.000000+000',
        Span: 'datetime:00000001000002.000000:000',
        Missing: null,
        Owner: 'ref:root\\virtualization\\v2:Msvm_ComputerSystem.CreationClassName="Msvm_ComputerSystem",Name="VM1"',
        Embedded: {
          className: 'Msvm_Setting',
          namespace: V2,
          properties: { Deep: { className: 'Msvm_Inner', namespace: V2, properties: { X: '1' } }, Y: ['a', 'b'] },
        },
        WithNulls: ['x', null],
      },
    });
  });

  it('takes the real class from xsi:type, else from the element, and the namespace from the URI', () => {
    const sub = `<p:CIM_ComputerSystem xmlns:p="http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/CIM_ComputerSystem" xmlns:q="http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/Msvm_ComputerSystem" xmlns:xsi="${NS.xsi}" xsi:type="q:Msvm_ComputerSystem_Type"><p:Name>x</p:Name></p:CIM_ComputerSystem>`;
    expect(instanceFromXml(throughEnvelope(sub))).toMatchObject({ className: 'Msvm_ComputerSystem', namespace: V2, properties: { Name: 'x' } });
    const dmtf = '<p:CIM_X xmlns:p="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_X"><p:A>1</p:A></p:CIM_X>';
    expect(instanceFromXml(throughEnvelope(dmtf))).toEqual({ className: 'CIM_X', properties: { A: '1' } });
  });

  it('writes NULLs as xsi:nil or leaves them out, as asked', () => {
    expect(instanceToXml({ className: 'X', properties: { A: null } }, WMI)).toContain('<p:A xsi:nil="true"/>');
    expect(instanceToXml({ className: 'X', properties: { A: null } }, { ...WMI, nulls: 'omit' })).not.toContain('<p:A');
  });

  it('method bodies: INPUT omits NULL parameters, OUTPUT carries ReturnValue and outputs', () => {
    const uri = classResourceUri('Msvm_VirtualSystemManagementService', V2, 'wmi');
    const input = throughEnvelope(methodInputXml(uri, 'DefineSystem', { SystemSettings: '<INSTANCE CLASSNAME="X"/>', ReferenceConfiguration: null, ResourceSettings: ['a', 'b'] }, WMI));
    expect(input.local).toBe('DefineSystem_INPUT');
    expect(input.ns).toBe(uri);
    expect(propertiesFromXml(input)).toEqual({ SystemSettings: '<INSTANCE CLASSNAME="X"/>', ResourceSettings: ['a', 'b'] });
    const job = CimReference.to('Msvm_ConcreteJob', { InstanceID: 'J' }, { namespace: V2 });
    const output = throughEnvelope(methodOutputXml(uri, 'DefineSystem', 4096, { Job: job, ResultingSystem: null }, WMI));
    const { returnValue, outParameters } = methodOutputFromXml(methodBody(output, '_OUTPUT'));
    expect(returnValue).toBe('4096');
    expect(Object.keys(outParameters)).toEqual(['Job']);
    expect((outParameters.Job as CimReference).equals(job)).toBe(true);
    expect(() => methodBody(output, '_INPUT')).toThrow(/expected a <…_INPUT> element/);
  });

  it('an embedded output types the same from CIM-XML text (escaped) and from nested XML', () => {
    const text = throughEnvelope(
      '<p:GetError_OUTPUT xmlns:p="urn:p"><p:Error>&lt;INSTANCE CLASSNAME="CIM_Error"&gt;&lt;PROPERTY NAME="Message" TYPE="string"&gt;&lt;VALUE&gt;boom&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;PROPERTY NAME="CIMStatusCode" TYPE="uint32"&gt;&lt;VALUE&gt;6&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;</p:Error><p:ReturnValue>0</p:ReturnValue></p:GetError_OUTPUT>',
    );
    const nested = throughEnvelope(
      `<p:GetError_OUTPUT xmlns:p="urn:p" xmlns:xsi="${NS.xsi}"><p:Error xmlns:q="http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/CIM_Error" xsi:type="q:CIM_Error_Type"><q:Message>boom</q:Message><q:CIMStatusCode>6</q:CIMStatusCode></p:Error><p:ReturnValue>0</p:ReturnValue></p:GetError_OUTPUT>`,
    );
    for (const el of [text, nested]) {
      const typed = unmarshalResult(CIM_ConcreteJob, 'GetError', methodOutputFromXml(methodBody(el, '_OUTPUT')), registry());
      expect(typed).toEqual({ ReturnValue: 0, Error: { __CLASS: 'CIM_Error', Message: 'boom', CIMStatusCode: 6 } });
    }
  });

  it('gathers repeated elements into one array, consecutive or not', () => {
    const el = throughEnvelope('<p:X xmlns:p="urn:p"><p:A>1</p:A><p:B>b</p:B><p:A>2</p:A><p:A>3</p:A><p:B>c</p:B><p:C>x</p:C><p:C>y</p:C></p:X>');
    expect(propertiesFromXml(el)).toEqual({ A: ['1', '2', '3'], B: ['b', 'c'], C: ['x', 'y'] });
  });

  it('reads embedded-instance text in CDATA as the same string', () => {
    const el = throughEnvelope('<p:M_INPUT xmlns:p="urn:p"><p:S><![CDATA[<INSTANCE CLASSNAME="X"><PROPERTY NAME="A" TYPE="string"><VALUE>1 & 2</VALUE></PROPERTY></INSTANCE>]]></p:S></p:M_INPUT>');
    expect(propertiesFromXml(el)).toEqual({ S: '<INSTANCE CLASSNAME="X"><PROPERTY NAME="A" TYPE="string"><VALUE>1 & 2</VALUE></PROPERTY></INSTANCE>' });
  });

  it('a bad datetime or an unplaceable embedded object is a protocol error', () => {
    expect(() => instanceFromXml(throughEnvelope(`<p:X xmlns:p="urn:p" xmlns:cim="${NS.cim}"><p:D><cim:Datetime>yesterday</cim:Datetime></p:D></p:X>`))).toThrow(/invalid cim:Datetime "yesterday"/);
    expect(() => instanceFromXml(throughEnvelope('<p:X xmlns:p="urn:p"><p:E><q:Y xmlns:q="urn:q">1</q:Y></p:E></p:X>'))).toThrow(/cannot tell the class of the embedded object/);
  });
});

describe('faults', () => {
  it.each([
    [new CimNotFoundError('no such VM'), CimNotFoundError, CimStatus.NOT_FOUND, 'InvalidSelectors', 'http://schemas.dmtf.org/wbem/wsman/1/wsman/fault'],
    [new CimSessionError('bad class', CimStatus.INVALID_CLASS), CimSessionError, CimStatus.INVALID_CLASS, 'DestinationUnreachable', 'http://schemas.xmlsoap.org/ws/2004/08/addressing/fault'],
    [new CimSessionError('bad query', CimStatus.INVALID_QUERY), CimSessionError, CimStatus.INVALID_QUERY, 'CannotProcessFilter', 'http://schemas.xmlsoap.org/ws/2004/09/enumeration/fault'],
    [new CimSessionError('nope', CimStatus.NOT_SUPPORTED), CimSessionError, CimStatus.NOT_SUPPORTED, 'ActionNotSupported', 'http://schemas.xmlsoap.org/ws/2004/08/addressing/fault'],
    [new CimSessionError('exists', CimStatus.ALREADY_EXISTS), CimSessionError, CimStatus.ALREADY_EXISTS, 'AlreadyExists', 'http://schemas.dmtf.org/wbem/wsman/1/wsman/fault'],
    [new CimSessionError('denied', CimStatus.ACCESS_DENIED), CimSessionError, CimStatus.ACCESS_DENIED, 'AccessDenied', 'http://schemas.dmtf.org/wbem/wsman/1/wsman/fault'],
    [new CimSessionError('param', CimStatus.INVALID_PARAMETER), CimSessionError, CimStatus.INVALID_PARAMETER, 'InvalidParameter', 'http://schemas.dmtf.org/wbem/wsman/1/wsman/fault'],
    [new Error('crash'), CimSessionError, CimStatus.FAILED, 'InternalError', 'http://schemas.dmtf.org/wbem/wsman/1/wsman/fault'],
  ] as const)('server writes, client reads: %s', (error, errorClass, status, subcode, action) => {
    const info = errorToFault(error, 'HV01');
    expect(faultAction(info)).toBe(action);
    const read = readFault(throughEnvelope(faultXml(info)));
    expect(read).toEqual(info);
    const back = faultToError(read, { operation: 'Get X' });
    expect(back).toBeInstanceOf(errorClass);
    expect((back as CimSessionError).status).toBe(status);
    expect(read.subcode).toBe(subcode);
    expect(back.message).toContain(error.message);
  });

  it('keeps a fault an error already carries (a proxied server re-sends what it was told)', () => {
    const original = readFault(throughEnvelope(faultXml({ code: 'Sender', subcode: 'InvalidSelectors', subcodeNamespace: NS.wsman, reason: 'r', wsmanCode: 2150858843, machine: 'M', message: 'm' })));
    const err = faultToError(original, { operation: 'Get' });
    expect(errorToFault(err, 'other')).toBe(original);
  });

  it('an option the server cannot comply with reads as NOT_SUPPORTED, by WinRM code or by subcode alone', () => {
    const info = readFault(throughEnvelope(faultXml({ ...faults.optionNotSupported('ShowExtensions').info, machine: 'HV01' })));
    expect(info).toMatchObject({ subcode: 'InvalidOptions', wsmanCode: 2150858833 });
    expect((faultToError(info, { operation: 'Get X' }) as CimSessionError).status).toBe(CimStatus.NOT_SUPPORTED);
    expect(faultStatus({ code: 'Sender', subcode: 'InvalidOptions', reason: 'r' })).toBe(CimStatus.NOT_SUPPORTED);
  });

  it('TimedOut becomes a CimTimeoutError only when the caller had a timeout', () => {
    const info = { code: 'Receiver', subcode: 'TimedOut', reason: 'slow' };
    expect(faultToError(info, { operation: 'Pull', timeoutMs: 5 })).toBeInstanceOf(CimTimeoutError);
    expect(faultToError(info, { operation: 'Pull' })).toBeInstanceOf(CimSessionError);
  });

  it('reads a minimal fault and a signed HRESULT', () => {
    const xml = `<s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Reason><s:Text>x</s:Text></s:Reason><s:Detail><f:WSManFault xmlns:f="${NS.wsmanFault}" Code="-2147217406" Machine="m"><f:Message>gone</f:Message></f:WSManFault></s:Detail></s:Fault>`;
    expect(readFault(parseXml(`<s:Envelope xmlns:s="${NS.soap}"><s:Body>${xml}</s:Body></s:Envelope>`).children[0]!.children[0]!)).toEqual({
      code: 'Receiver',
      subcode: undefined,
      subcodeNamespace: undefined,
      reason: 'x',
      wsmanCode: 0x80041002,
      message: 'gone',
      machine: 'm',
    });
  });
});
