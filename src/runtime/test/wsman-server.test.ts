/**
 * createWsmanServer over real HTTP on loopback, driven with raw envelopes in
 * the shapes WinRM clients send (built with the shared codecs, read back with
 * them): every operation, the enumeration contexts' lifecycle, and the fault
 * each bad request gets — after which the server must still answer.
 */
import * as http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CimDateTime, CimReference, type CimInstance, type CimProvider } from '../src/index.js';
import { InMemorySession } from '../src/memory.js';
import { createWsmanServer, type WsmanServer } from '../src/wsman/server/server.js';
import { basicAuth } from '../src/wsman/server/auth.js';
import { buildRequest, newMessageId, readEnvelope, type Envelope, type WsmanOption } from '../src/wsman/envelope.js';
import { ACTION, NS as WSNS, WQL_DIALECT, classResourceUri, invokeAction, wildcardResourceUri } from '../src/wsman/namespaces.js';
import { eprContentXml, referenceToEpr, type Selector } from '../src/wsman/epr.js';
import { readFault } from '../src/wsman/fault.js';
import { instanceFromXml, itemFromXml, methodOutputFromXml } from '../src/wsman/instance-xml.js';
import { child } from '../src/xml.js';
import { instanceToCimXml } from '../src/cimxml.js';
import { NS, registry as fixtureRegistry, Msvm_CollectionReferencePointExportSettingData } from './fixtures.js';

const uri = (className: string): string => classResourceUri(className, NS, 'wmi');
const WILDCARD = wildcardResourceUri(NS, 'wmi');

interface Reply {
  readonly status: number;
  readonly text: string;
  readonly envelope: Envelope;
}

let server: WsmanServer;
let session: InMemorySession;
let released: string[];
let actions: string[];
/** Where requests go when not to `server` (the relay test). */
let endpoint: string | undefined;

async function post(body: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(endpoint ?? server.url, { method: 'POST', body, headers: { 'Content-Type': 'application/soap+xml;charset=UTF-8', ...headers } });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

async function send(
  action: string,
  resourceUri: string,
  body: string,
  options: { selectors?: Selector[]; maxEnvelopeSize?: number; timeoutMs?: number; options?: WsmanOption[] } = {},
): Promise<Reply> {
  const request = buildRequest(
    {
      to: endpoint ?? server.url,
      resourceUri,
      action,
      messageId: newMessageId(),
      maxEnvelopeSize: options.maxEnvelopeSize ?? 512000,
      locale: 'en-US',
      ...(options.selectors ? { selectors: options.selectors } : {}),
      ...(options.timeoutMs !== undefined ? { operationTimeoutMs: options.timeoutMs } : {}),
      ...(options.options ? { options: options.options } : {}),
    },
    body,
  );
  const { status, text } = await post(request);
  return { status, text, envelope: readEnvelope(text) };
}

function fault(reply: Reply): ReturnType<typeof readFault> {
  expect(reply.status).toBe(500);
  const f = child(reply.envelope.body, WSNS.soap, 'Fault');
  expect(f).toBeDefined();
  return readFault(f!);
}

const sel = (pairs: Record<string, string>): Selector[] => Object.entries(pairs).map(([name, value]) => ({ name, value }));

const enumerateBody = (filter?: string, maxElements = 2, extra = ''): string =>
  `<n:Enumerate>${extra}<w:OptimizeEnumeration/><w:MaxElements>${maxElements}</w:MaxElements>` +
  (filter === undefined ? '' : `<w:Filter Dialect="${WQL_DIALECT}">${filter.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</w:Filter>`) +
  '</n:Enumerate>';
const pullBody = (context: string, maxElements = 2): string =>
  `<n:Pull><n:EnumerationContext>${context}</n:EnumerationContext><n:MaxElements>${maxElements}</n:MaxElements></n:Pull>`;

/** Enumerate + Pull until EndOfSequence; returns the instances and the number of pages. */
async function enumerateAll(resourceUri: string, filter?: string, maxElements = 2): Promise<{ items: CimInstance[]; pages: number }> {
  let reply = await send(ACTION.enumerate, resourceUri, enumerateBody(filter, maxElements));
  expect(reply.status, reply.text).toBe(200);
  let response = reply.envelope.payload!;
  const items: CimInstance[] = (child(response, WSNS.wsman, 'Items')?.children ?? []).map((e) => instanceFromXml(e));
  let pages = 1;
  let done = child(response, WSNS.wsman, 'EndOfSequence') !== undefined;
  let context = child(response, WSNS.enumeration, 'EnumerationContext')!.text;
  while (!done) {
    reply = await send(ACTION.pull, resourceUri, pullBody(context, maxElements));
    expect(reply.status, reply.text).toBe(200);
    response = reply.envelope.payload!;
    items.push(...child(response, WSNS.enumeration, 'Items')!.children.map((e) => instanceFromXml(e)));
    pages++;
    done = child(response, WSNS.enumeration, 'EndOfSequence') !== undefined;
    context = child(response, WSNS.enumeration, 'EnumerationContext')?.text ?? context;
  }
  return { items, pages };
}

/** Proves the server still serves after a bad request. */
async function stillServes(): Promise<void> {
  const reply = await send(ACTION.get, uri('Test_Element'), '', { selectors: sel({ Name: 'e1' }) });
  expect(reply.status, reply.text).toBe(200);
  expect(instanceFromXml(reply.envelope.payload!).properties['Name']).toBe('e1');
}

beforeEach(async () => {
  session = new InMemorySession({ registry: fixtureRegistry(), namespace: NS });
  for (let i = 1; i <= 7; i++) session.put({ className: i === 7 ? 'Test_SubElement' : 'Test_Element', properties: { Name: `e${i}`, Size: i * 10, Label: i % 2 ? 'odd' : 'even', ...(i === 7 ? { Extra: true } : {}) } });
  session.put({ className: 'Msvm_ReferencePointCollection', properties: { InstanceID: 'rp-1', ElementName: 'points' } });
  for (const name of ['e1', 'e2']) {
    session.put({
      className: 'Test_Member',
      properties: { Collection: CimReference.to('Msvm_ReferencePointCollection', { InstanceID: 'rp-1' }, { namespace: NS }), Member: CimReference.to('Test_Element', { Name: name }, { namespace: NS }) },
    });
  }
  session.put({ className: 'Msvm_CollectionReferencePointService', properties: { CreationClassName: 'Msvm_CollectionReferencePointService', Name: 'svc', SystemCreationClassName: 'Msvm_ComputerSystem', SystemName: 'HOST' } });
  released = [];
  actions = [];
  server = await createWsmanServer({
    session,
    machine: 'TESTHOST',
    maxOpenEnumerations: 4,
    onOperation: (e) => {
      if (e.context) released.push(e.context);
      else actions.push(e.action.replace(/^.*\//, ''));
    },
  });
});

afterEach(async () => {
  await server.close();
});

describe('Get', () => {
  it('answers with the instance, every property of the class, NULL ones as xsi:nil', async () => {
    const reply = await send(ACTION.get, uri('Test_Element'), '', { selectors: sel({ Name: 'e3' }) });
    expect(reply.status).toBe(200);
    expect(reply.envelope.action).toBe(ACTION.getResponse);
    expect(reply.envelope.relatesTo).toMatch(/^uuid:/);
    const instance = instanceFromXml(reply.envelope.payload!);
    expect(instance).toMatchObject({ className: 'Test_Element', namespace: NS, properties: { Name: 'e3', Size: '30', Label: 'odd' } });
    const sub = instanceFromXml((await send(ACTION.get, uri('Test_Element'), '', { selectors: sel({ Name: 'e7' }) })).envelope.payload!);
    expect(sub.className).toBe('Test_SubElement');
    expect(sub.properties).toEqual({ Extra: 'true', Label: 'odd', Name: 'e7', Size: '70' });
    const svc = instanceFromXml(
      (await send(ACTION.get, uri('Msvm_CollectionReferencePointService'), '', {
        selectors: sel({ CreationClassName: 'Msvm_CollectionReferencePointService', Name: 'svc', SystemCreationClassName: 'Msvm_ComputerSystem', SystemName: 'HOST' }),
      })).envelope.payload!,
    );
    expect(svc.properties).toMatchObject({ Caption: null, ElementName: null, Name: 'svc' });
  });

  it('refuses an option marked MustComply with InvalidOptions and ignores any other option (MS-WSMV 3.1.4.1.10)', async () => {
    const get = (options: WsmanOption[]): Promise<Reply> => send(ACTION.get, uri('Test_Element'), '', { selectors: sel({ Name: 'e1' }), options });
    const refused = fault(await get([{ name: 'wmi:Anything', value: 'x' }, { name: 'ShowExtensions', value: 'true', mustComply: true }]));
    expect(refused).toMatchObject({ code: 'Sender', subcode: 'InvalidOptions', wsmanCode: 2150858833, detail: 'http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/NotSupported' });
    expect(refused.reason).toContain('ShowExtensions');
    // MS-WSMV writes the attribute mustComply; an OptionSet marked mustUnderstand is read all the same.
    const lowerCase = buildRequest({ to: server.url, resourceUri: uri('Test_Element'), action: ACTION.get, messageId: newMessageId(), selectors: sel({ Name: 'e1' }), options: [{ name: 'X', value: '1' }] }, '')
      .replace('<w:OptionSet>', '<w:OptionSet s:mustUnderstand="true">')
      .replace('<w:Option Name="X"', '<w:Option Name="X" mustComply="1"');
    const lowerCaseReply = await post(lowerCase);
    expect(fault({ ...lowerCaseReply, envelope: readEnvelope(lowerCaseReply.text) })).toMatchObject({ subcode: 'InvalidOptions' });
    const ignored = await get([{ name: 'wmi:Anything', value: 'x', type: 'xs:string' }, { name: 'Y', value: 'false', mustComply: false }]);
    expect(ignored.status, ignored.text).toBe(200);
    expect(instanceFromXml(ignored.envelope.payload!).properties['Name']).toBe('e1');
  });

  it('faults on a missing instance, wrong selectors, an unknown class or namespace, as WinRM does', async () => {
    const missing = fault(await send(ACTION.get, uri('Test_Element'), '', { selectors: sel({ Name: 'nope' }) }));
    expect(missing).toMatchObject({ code: 'Sender', wsmanCode: 2150858752, wmiError: 0x80041002, machine: 'TESTHOST' });
    const extra = fault(await send(ACTION.get, uri('Test_Element'), '', { selectors: sel({ Name: 'e1', Size: '3' }) }));
    expect(extra).toMatchObject({ subcode: 'InvalidSelectors', wsmanCode: 2150858843 });
    expect(extra.message).toContain('Size is not a key of Test_Element');
    const none = fault(await send(ACTION.get, uri('Test_Element'), ''));
    expect(none).toMatchObject({ subcode: 'InvalidSelectors', wsmanCode: 2150858842 });
    const dup = fault(await send(ACTION.get, uri('Test_Element'), '', { selectors: [...sel({ Name: 'e1' }), ...sel({ name: 'e2' })] }));
    expect(dup).toMatchObject({ subcode: 'InvalidSelectors', wsmanCode: 2150858847 });
    const mistyped = fault(await send(ACTION.get, uri('Test_AllTypes'), '', { selectors: sel({ Id: 'x' }) }));
    expect(mistyped.subcode).toBe('InvalidSelectors');
    const unknownClass = fault(await send(ACTION.get, uri('Msvm_NoSuchThing'), '', { selectors: sel({ Name: 'e1' }) }));
    expect(unknownClass).toMatchObject({ subcode: 'DestinationUnreachable', wmiError: 0x80041010 });
    const unknownNs = fault(await send(ACTION.get, classResourceUri('Test_Element', 'root/cimv2', 'wmi'), '', { selectors: sel({ Name: 'e1' }) }));
    expect(unknownNs).toMatchObject({ subcode: 'DestinationUnreachable', wmiError: 0x8004100e });
    const badUri = fault(await send(ACTION.get, 'http://example.com/not/a/cim/uri', '', { selectors: sel({ Name: 'e1' }) }));
    expect(badUri).toMatchObject({ subcode: 'DestinationUnreachable', wsmanCode: 2150858811 });
    await stillServes();
  });

  it('serves the DMTF resource URI form with __cimnamespace', async () => {
    const selectors = [...sel({ Name: 'e2' }), { name: '__cimnamespace', value: NS }];
    const reply = await send(ACTION.get, classResourceUri('Test_Element', NS, 'dmtf'), '', { selectors });
    expect(reply.status, reply.text).toBe(200);
    expect(instanceFromXml(reply.envelope.payload!).properties['Name']).toBe('e2');
  });
});

describe('Enumerate and Pull', () => {
  it('pages a WQL enumeration on the namespace wildcard URI across several Pulls', async () => {
    const { items, pages } = await enumerateAll(WILDCARD, "SELECT * FROM Test_Element WHERE Label = 'odd'", 1);
    expect(items.map((i) => i.properties['Name'])).toEqual(['e1', 'e3', 'e5', 'e7']);
    expect(items[3]!.className).toBe('Test_SubElement');
    expect(pages).toBe(4); // the page with the last item says EndOfSequence
    expect(server.enumerations.open).toBe(0);
  });

  it('enumerates a class URI without a filter, subclasses included, and honours MaxElements', async () => {
    const { items, pages } = await enumerateAll(uri('Test_Element'), undefined, 3);
    expect(items).toHaveLength(7);
    expect(pages).toBe(3);
  });

  it('answers EnumerateObjectAndEPR items with the instance and its EPR', async () => {
    const reply = await send(ACTION.enumerate, uri('Test_Element'), enumerateBody(undefined, 1, '<w:EnumerationMode>EnumerateObjectAndEPR</w:EnumerationMode>'));
    const item = child(reply.envelope.payload!, WSNS.wsman, 'Items')!.children[0]!;
    expect(item.local).toBe('Item');
    const instance = itemFromXml(item);
    expect(instance.path?.className).toBe('Test_Element');
    expect(instance.path?.keys).toEqual({ Name: instance.properties['Name'] });
  });

  it('without OptimizeEnumeration returns only a context, and the first Pull has the items', async () => {
    const reply = await send(ACTION.enumerate, uri('Test_Element'), '<n:Enumerate/>');
    expect(child(reply.envelope.payload!, WSNS.wsman, 'Items')).toBeUndefined();
    const context = child(reply.envelope.payload!, WSNS.enumeration, 'EnumerationContext')!.text;
    const page = await send(ACTION.pull, uri('Test_Element'), pullBody(context, 50));
    expect(child(page.envelope.payload!, WSNS.enumeration, 'Items')!.children).toHaveLength(7);
    expect(child(page.envelope.payload!, WSNS.enumeration, 'EndOfSequence')).toBeDefined();
  });

  it('answers ASSOCIATORS OF and REFERENCES OF queries', async () => {
    const source = '{Msvm_ReferencePointCollection.InstanceID="rp-1"}';
    const assoc = await enumerateAll(WILDCARD, `ASSOCIATORS OF ${source} WHERE AssocClass = Test_Member ResultClass = Test_Element Role = Collection ResultRole = Member`);
    expect(assoc.items.map((i) => i.properties['Name']).sort()).toEqual(['e1', 'e2']);
    const refs = await enumerateAll(WILDCARD, `REFERENCES OF {Test_Element.Name="e2"} WHERE ResultClass = Test_Member`);
    expect(refs.items).toHaveLength(1);
    expect(refs.items[0]!.className).toBe('Test_Member');
    expect(refs.items[0]!.properties['Member']).toBeInstanceOf(CimReference);
    const none = await enumerateAll(WILDCARD, `ASSOCIATORS OF ${source} WHERE ResultClass = Msvm_ConcreteJob`);
    expect(none.items).toEqual([]);
  });

  it('ends a context on Release (the client stopped early), after which Pull faults', async () => {
    const first = await send(ACTION.enumerate, uri('Test_Element'), enumerateBody(undefined, 2));
    const context = child(first.envelope.payload!, WSNS.enumeration, 'EnumerationContext')!.text;
    expect(server.enumerations.open).toBe(1);
    const rel = await send(ACTION.release, uri('Test_Element'), `<n:Release><n:EnumerationContext>${context}</n:EnumerationContext></n:Release>`);
    expect(rel.status).toBe(200);
    expect(rel.envelope.action).toBe(ACTION.releaseResponse);
    expect(released).toEqual([context]);
    expect(server.enumerations).toMatchObject({ open: 0, released: 1 });
    const late = fault(await send(ACTION.pull, uri('Test_Element'), pullBody(context)));
    expect(late).toMatchObject({ code: 'Receiver', subcode: 'InvalidEnumerationContext', wsmanCode: 2150858779 });
    const forged = fault(await send(ACTION.pull, uri('Test_Element'), pullBody('uuid:00000000-0000-0000-0000-000000000000')));
    expect(forged.subcode).toBe('InvalidEnumerationContext');
  });

  it('bounds the open contexts: one more than the limit is a QuotaLimit fault', async () => {
    for (let i = 0; i < 4; i++) expect((await send(ACTION.enumerate, uri('Test_Element'), enumerateBody(undefined, 1))).status).toBe(200);
    expect(fault(await send(ACTION.enumerate, uri('Test_Element'), enumerateBody(undefined, 1)))).toMatchObject({ subcode: 'QuotaLimit', wsmanCode: 2150858815 });
    await stillServes();
  });

  it('faults on bad filters: dialect, WQL syntax, unknown class, class URI mismatch, wildcard without filter', async () => {
    const dialect = fault(await send(ACTION.enumerate, WILDCARD, '<n:Enumerate><w:Filter Dialect="http://example.com/xpath">/a</w:Filter></n:Enumerate>'));
    expect(dialect.subcode).toBe('FilterDialectRequestedUnavailable');
    const syntax = fault(await send(ACTION.enumerate, WILDCARD, enumerateBody('SELECT * FROM Test_Element WHERE Size = 1 OR Size = 2')));
    expect(syntax).toMatchObject({ subcode: 'CannotProcessFilter', wmiError: 0x80041017 });
    const unknown = fault(await send(ACTION.enumerate, WILDCARD, enumerateBody('SELECT * FROM Nope_Class')));
    expect(unknown.wmiError).toBe(0x80041010);
    const mismatch = fault(await send(ACTION.enumerate, uri('Test_Member'), enumerateBody('SELECT * FROM Test_Element')));
    expect(mismatch.subcode).toBe('CannotProcessFilter');
    const bare = fault(await send(ACTION.enumerate, WILDCARD, '<n:Enumerate><w:OptimizeEnumeration/></n:Enumerate>'));
    expect(bare.subcode).toBe('CannotProcessFilter');
    const assoc = fault(await send(ACTION.enumerate, WILDCARD, enumerateBody('ASSOCIATORS OF {Test_Element.Name="e1"} WHERE ClassDefsOnly')));
    expect(assoc.message).toContain('ClassDefsOnly is not supported');
    expect(server.enumerations.open).toBe(0);
    await stillServes();
  });

  it('splits pages by the client MaxEnvelopeSize and faults when one item cannot fit', async () => {
    session.put({ className: 'Test_Element', properties: { Name: 'big', Label: 'x'.repeat(20_000) } });
    const reply = await send(ACTION.enumerate, WILDCARD, enumerateBody("SELECT * FROM Test_Element WHERE Name = 'big'"), { maxEnvelopeSize: 16_384 });
    expect(fault(reply)).toMatchObject({ subcode: 'EncodingLimit', wsmanCode: 2150858824 });
    const small = await send(ACTION.enumerate, uri('Test_Element'), enumerateBody(undefined, 100), { maxEnvelopeSize: 8192 });
    expect(small.status).toBe(200);
    const count = child(small.envelope.payload!, WSNS.wsman, 'Items')!.children.length;
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(8);
    expect(Buffer.byteLength(small.text)).toBeLessThanOrEqual(8192);
    expect(fault(await send(ACTION.get, uri('Test_Element'), '', { selectors: sel({ Name: 'e1' }), maxEnvelopeSize: 100 }))).toMatchObject({
      subcode: 'EncodingLimit',
      wsmanCode: 2150858878,
    });
  });
});

describe('Invoke', () => {
  const target = sel({ CreationClassName: 'Msvm_CollectionReferencePointService', Name: 'svc', SystemCreationClassName: 'Msvm_ComputerSystem', SystemName: 'HOST' });
  const exportUri = uri('Msvm_CollectionReferencePointService');

  function exportBody(settings: string): string {
    const ref = referenceToEpr(CimReference.to('Msvm_ReferencePointCollection', { InstanceID: 'rp-1' }, { namespace: NS }), { dialect: 'wmi', defaultNamespace: NS });
    return (
      `<p:ExportReferencePoint_INPUT xmlns:p="${exportUri}">` +
      `<p:ReferencePointCollection>${eprContentXml(ref)}</p:ReferencePointCollection>` +
      `<p:ExportDirectory>D:\\exports</p:ExportDirectory>` +
      `<p:ExportSettingData>${settings}</p:ExportSettingData>` +
      `</p:ExportReferencePoint_INPUT>`
    );
  }

  it('passes typed REF and embedded-instance parameters (escaped or CDATA) to the provider, and returns REF outputs as EPRs', async () => {
    const calls: { target: CimReference; params: Readonly<Record<string, unknown>> }[] = [];
    const provider: CimProvider = {
      invokeMethod(t, method, params) {
        calls.push({ target: t, params });
        expect(method).toBe('ExportReferencePoint');
        return { returnValue: 4096, outParameters: { Job: CimReference.to('Msvm_ConcreteJob', { InstanceID: 'job-1' }, { namespace: NS }) } };
      },
    };
    session.registerProvider('Msvm_CollectionReferencePointService', provider);
    const settings = instanceToCimXml(
      { className: 'Msvm_CollectionReferencePointExportSettingData', properties: { CopySnapshotConfiguration: 2, CreateVmExportSubdirectory: true } },
      Msvm_CollectionReferencePointExportSettingData,
    );
    const escaped = settings.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    for (const form of [escaped, `<![CDATA[${settings}]]>`]) {
      const reply = await send(invokeAction(exportUri, 'ExportReferencePoint'), exportUri, exportBody(form), { selectors: target });
      expect(reply.status, reply.text).toBe(200);
      expect(reply.envelope.action).toBe(`${exportUri}/ExportReferencePointResponse`);
      const out = methodOutputFromXml(reply.envelope.payload!);
      expect(out.returnValue).toBe('4096');
      expect(out.outParameters['Job']).toEqual(CimReference.to('Msvm_ConcreteJob', { InstanceID: 'job-1' }, { namespace: NS }));
    }
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.target.keys['Name']).toBe('svc');
      expect(call.params['ReferencePointCollection']).toEqual(CimReference.to('Msvm_ReferencePointCollection', { InstanceID: 'rp-1' }, { namespace: NS }));
      expect(call.params['ExportDirectory']).toBe('D:\\exports');
      // The embedded instance reaches the provider as CIM-XML text, typed values inside.
      expect(call.params['ExportSettingData']).toContain('CopySnapshotConfiguration');
    }
  });

  it('types static-method parameters and answers datetime outputs as cim:Datetime', async () => {
    session.registerProvider('Msvm_CollectionReferencePointService', {
      invokeMethod(t, _method, params) {
        expect(t.isClassPath).toBe(true);
        expect(params['Count']).toBe(41n);
        return { returnValue: null, outParameters: { Count: 42n, When: CimDateTime.parse('20240501120000.000000+000') } };
      },
    });
    const body = `<p:Ping_INPUT xmlns:p="${exportUri}"><p:Count>41</p:Count></p:Ping_INPUT>`;
    const reply = await send(invokeAction(exportUri, 'Ping'), exportUri, body);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.text).toContain('<cim:Datetime>2024-05-01T12:00:00Z</cim:Datetime>');
    expect(methodOutputFromXml(reply.envelope.payload!).outParameters['Count']).toBe('42');
  });

  it('without a provider answers WinRM-shaped "not supported"; bad parameters and unknown methods fault', async () => {
    const settings = '&lt;INSTANCE CLASSNAME="Msvm_CollectionReferencePointExportSettingData"/&gt;';
    const none = fault(await send(invokeAction(exportUri, 'ExportReferencePoint'), exportUri, exportBody(settings), { selectors: target }));
    expect(none).toMatchObject({ code: 'Sender', subcode: 'ActionNotSupported', wmiError: 0x80041055 });
    session.registerProvider('Msvm_CollectionReferencePointService', { invokeMethod: () => ({ returnValue: 0, outParameters: {} }) });
    const unknownParam = fault(
      await send(invokeAction(exportUri, 'Ping'), exportUri, `<p:Ping_INPUT xmlns:p="${exportUri}"><p:Bogus>1</p:Bogus></p:Ping_INPUT>`),
    );
    expect(unknownParam).toMatchObject({ subcode: 'InvalidParameter', wmiError: 0x80041008 });
    const badValue = fault(await send(invokeAction(exportUri, 'Ping'), exportUri, `<p:Ping_INPUT xmlns:p="${exportUri}"><p:Count>-1</p:Count></p:Ping_INPUT>`));
    expect(badValue.subcode).toBe('InvalidParameter');
    const wrongBody = fault(await send(invokeAction(exportUri, 'Ping'), exportUri, `<p:Other_INPUT xmlns:p="${exportUri}"/>`));
    expect(wrongBody.subcode).toBe('SchemaValidationError');
    const noTarget = fault(await send(invokeAction(exportUri, 'ExportReferencePoint'), exportUri, exportBody(settings)));
    expect(noTarget).toMatchObject({ subcode: 'InvalidSelectors', wsmanCode: 2150858842 });
    const noMethod = fault(await send(invokeAction(exportUri, 'NoSuchMethod'), exportUri, `<p:NoSuchMethod_INPUT xmlns:p="${exportUri}"/>`, { selectors: target }));
    expect(noMethod.wmiError).toBe(0x80041031);
    await stillServes();
  });
});

describe('Put, Create, Delete', () => {
  const body = (props: string): string => `<p:Test_Element xmlns:p="${uri('Test_Element')}">${props}</p:Test_Element>`;

  it('creates, modifies and deletes instances', async () => {
    const created = await send(ACTION.create, uri('Test_Element'), body('<p:Name>new</p:Name><p:Size>5</p:Size>'));
    expect(created.status, created.text).toBe(200);
    expect(created.text).toContain('ResourceCreated');
    expect(created.text).toContain('<w:Selector Name="Name">new</w:Selector>');
    const stored = await session.getInstance(CimReference.to('Test_Element', { Name: 'new' }, { namespace: NS }));
    expect(stored.properties['Size']).toBe(5);

    const put = await send(ACTION.put, uri('Test_Element'), body('<p:Label>changed</p:Label>'), { selectors: sel({ Name: 'new' }) });
    expect(put.status, put.text).toBe(200);
    expect(instanceFromXml(put.envelope.payload!).properties).toMatchObject({ Label: 'changed', Size: '5' });

    expect(fault(await send(ACTION.put, uri('Test_Element'), body('<p:Size>many</p:Size>'), { selectors: sel({ Name: 'new' }) })).subcode).toBe('InvalidRepresentation');
    expect(fault(await send(ACTION.put, uri('Test_Element'), body('<p:Name>other</p:Name>'), { selectors: sel({ Name: 'new' }) })).subcode).toBe('InvalidRepresentation');
    expect(fault(await send(ACTION.create, uri('Test_Element'), body('<p:Nope>1</p:Nope>'))).subcode).toBe('InvalidRepresentation');

    const deleted = await send(ACTION.delete, uri('Test_Element'), '', { selectors: sel({ Name: 'new' }) });
    expect(deleted.status).toBe(200);
    expect(deleted.envelope.action).toBe(ACTION.deleteResponse);
    expect(fault(await send(ACTION.delete, uri('Test_Element'), '', { selectors: sel({ Name: 'new' }) })).wmiError).toBe(0x80041002);
  });
});

describe('timeouts', () => {
  it('answers TimedOut when the session is slower than OperationTimeout, and a later Pull continues the enumeration', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    session.registerProvider('Msvm_ConcreteJob', { getInstance: () => new Promise<never>(() => undefined) });
    // A session that streams (InMemorySession computes a result set before its first item).
    const enumerate = session.enumerateInstances.bind(session);
    session.enumerateInstances = (className, options) =>
      className !== 'Msvm_ConcreteJob'
        ? enumerate(className, options)
        : (async function* () {
            yield { className: 'Msvm_ConcreteJob', properties: { InstanceID: 'j1', JobState: 7 } };
            await gate;
            yield { className: 'Msvm_ConcreteJob', properties: { InstanceID: 'j2', JobState: 4 } };
          })();
    const slowGet = fault(await send(ACTION.get, uri('Msvm_ConcreteJob'), '', { selectors: sel({ InstanceID: 'j1' }), timeoutMs: 50 }));
    expect(slowGet).toMatchObject({ code: 'Receiver', subcode: 'TimedOut', wsmanCode: 2150858793 });

    const first = await send(ACTION.enumerate, uri('Msvm_ConcreteJob'), enumerateBody(undefined, 5), { timeoutMs: 50 });
    // The page holds what was ready in time.
    expect(first.status, first.text).toBe(200);
    expect(child(first.envelope.payload!, WSNS.wsman, 'Items')!.children).toHaveLength(1);
    const context = child(first.envelope.payload!, WSNS.enumeration, 'EnumerationContext')!.text;
    expect(fault(await send(ACTION.pull, uri('Msvm_ConcreteJob'), pullBody(context), { timeoutMs: 50 })).subcode).toBe('TimedOut');
    // A Pull waiting on the context; a second one at the same time is refused.
    const pulls = actions.filter((a) => a === 'Pull').length;
    const waiting = send(ACTION.pull, uri('Msvm_ConcreteJob'), pullBody(context), { timeoutMs: 60_000 });
    while (actions.filter((a) => a === 'Pull').length === pulls) await new Promise((resolve) => setImmediate(resolve));
    expect(fault(await send(ACTION.pull, uri('Msvm_ConcreteJob'), pullBody(context), { timeoutMs: 5000 }))).toMatchObject({ subcode: 'Concurrency', wsmanCode: 2150858758 });
    release();
    const second = await waiting;
    expect(second.status, second.text).toBe(200);
    expect(child(second.envelope.payload!, WSNS.enumeration, 'Items')!.children.map((e) => instanceFromXml(e).properties['InstanceID'])).toEqual(['j2']);
    expect(child(second.envelope.payload!, WSNS.enumeration, 'EndOfSequence')).toBeDefined();
  });
});

describe('hostile and malformed requests', () => {
  it('faults on malformed XML, a DOCTYPE, a non-SOAP document, missing headers and unknown actions, and keeps serving', async () => {
    const bad = async (text: string): Promise<ReturnType<typeof readFault>> => {
      const r = await post(text);
      expect(r.status).toBe(500);
      return readFault(child(readEnvelope(r.text).body, WSNS.soap, 'Fault')!);
    };
    expect((await bad('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>')).subcode).toBe('SchemaValidationError');
    const doctype = await bad('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>');
    expect(doctype.reason).toContain('DOCTYPE is not allowed');
    expect((await bad('<html><body>hi</body></html>')).subcode).toBe('SchemaValidationError');
    expect((await bad('\u0000\u0001garbage')).subcode).toBe('SchemaValidationError');
    const deep = `<s:Envelope xmlns:s="${WSNS.soap}"><s:Body>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</s:Body></s:Envelope>`;
    expect((await bad(deep)).reason).toContain('nested deeper');
    const noAction = buildRequest({ to: server.url, resourceUri: uri('Test_Element'), action: '', messageId: newMessageId() }, '');
    expect((await bad(noAction)).subcode).toBe('MessageInformationHeaderRequired');
    const fragment = buildRequest({ to: server.url, resourceUri: uri('Test_Element'), action: ACTION.get, messageId: newMessageId(), selectors: sel({ Name: 'e1' }) }, '').replace(
      '</s:Header>',
      '<w:FragmentTransfer s:mustUnderstand="true">Size</w:FragmentTransfer></s:Header>',
    );
    expect(await bad(fragment)).toMatchObject({ code: 'MustUnderstand', wsmanCode: 2150858768 });
    const unknown = fault(await send('http://schemas.xmlsoap.org/ws/2004/09/transfer/Frobnicate', uri('Test_Element'), ''));
    expect(unknown).toMatchObject({ subcode: 'ActionNotSupported', wsmanCode: 2150858771 });
    const wrongType = await post('<x/>', { 'Content-Type': 'text/plain' });
    expect(wrongType.status).toBe(415);
    expect((await fetch(server.url)).status).toBe(405);
    expect((await fetch(server.url.replace('/wsman', '/other'), { method: 'POST', body: 'x' })).status).toBe(404);
    await stillServes();
  });

  it('refuses a 50 MB body with an EncodingLimit fault without buffering it, and keeps serving', async () => {
    const total = 50 * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const { port, pathname } = new URL(server.url);
    // Sent in chunks without Content-Length, so the server must count as it reads.
    const result = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, path: pathname, method: 'POST', headers: { 'Content-Type': 'application/soap+xml;charset=UTF-8' } }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (d: string) => (body += d));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      let sent = 0;
      const pump = (): void => {
        while (sent < total) {
          sent += chunk.length;
          if (!request.write(chunk)) {
            request.once('drain', pump);
            return;
          }
        }
        request.end();
      };
      pump();
    });
    expect(result.status).toBe(500);
    const info = readFault(child(readEnvelope(result.body).body, WSNS.soap, 'Fault')!);
    expect(info).toMatchObject({ subcode: 'EncodingLimit', wsmanCode: 2150858825, detail: 'http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/ServiceEnvelopeLimit' });
    // A declared Content-Length over the limit is refused the same way.
    const declared = await post(Buffer.alloc(600_000, 0x20));
    expect(declared.status).toBe(500);
    expect(declared.text).toContain('EncodingLimit');
    await stillServes();
  });
});

describe('Basic authentication', () => {
  it('answers 401 with a challenge without credentials or with wrong ones, and serves with the right ones', async () => {
    await server.close();
    server = await createWsmanServer({ session, auth: basicAuth({ username: 'Admin', password: 'pa:ss' }) });
    const request = buildRequest({ to: server.url, resourceUri: uri('Test_Element'), action: ACTION.get, messageId: newMessageId(), selectors: sel({ Name: 'e1' }) }, '');
    const none = await post(request);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Basic realm="WSMAN"');
    const basic = (user: string, password: string): Record<string, string> => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
    expect((await post(request, basic('Admin', 'wrong'))).status).toBe(401);
    expect((await post(request, { Authorization: 'Negotiate TlRMTVNTUAAB' })).status).toBe(401);
    const ok = await post(request, basic('admin', 'pa:ss'));
    expect(ok.status, ok.text).toBe(200);
    expect(instanceFromXml(readEnvelope(ok.text).payload!).properties['Name']).toBe('e1');
  });
});

describe('serving any session', () => {
  it('relays another WS-Management session, faults passing through with their codes', async () => {
    const { WsmanSession } = await import('../src/wsman/client/session.js');
    const upstream = new WsmanSession({ url: server.url, username: 'u', password: 'p', authentication: 'basic', namespace: NS, onWarning: () => undefined });
    const relay = await createWsmanServer({ session: upstream, registry: fixtureRegistry(), machine: 'RELAY' });
    try {
      endpoint = relay.url;
      await stillServes();
      const { items } = await enumerateAll(WILDCARD, "SELECT * FROM Test_Element WHERE Label = 'even'", 2);
      expect(items.map((i) => i.properties['Name'])).toEqual(['e2', 'e4', 'e6']);
      const missing = fault(await send(ACTION.get, uri('Test_Element'), '', { selectors: sel({ Name: 'nope' }) }));
      // The upstream's fault, machine included, not a new one made up by the relay.
      expect(missing).toMatchObject({ wsmanCode: 2150858752, wmiError: 0x80041002, machine: 'TESTHOST' });
    } finally {
      endpoint = undefined;
      await relay.close();
      await upstream.close();
    }
  });

  it('aborts the session call when the client goes away mid-request', async () => {
    let started!: () => void;
    const called = new Promise<void>((resolve) => (started = resolve));
    const aborted = new Promise<unknown>((resolve) => {
      session.registerProvider('Msvm_ConcreteJob', {
        getInstance: (_path, options) =>
          new Promise<never>(() => {
            options.signal?.addEventListener('abort', () => resolve(options.signal?.reason));
            started();
          }),
      });
    });
    const controller = new AbortController();
    const request = buildRequest({ to: server.url, resourceUri: uri('Msvm_ConcreteJob'), action: ACTION.get, messageId: newMessageId(), selectors: sel({ InstanceID: 'j' }) }, '');
    const pending = fetch(server.url, { method: 'POST', body: request, headers: { 'Content-Type': 'application/soap+xml;charset=UTF-8' }, signal: controller.signal }).catch((e: unknown) => e);
    await called;
    controller.abort();
    await pending;
    expect(String(await aborted)).toContain('client closed the connection');
    await stillServes();
  });
});
