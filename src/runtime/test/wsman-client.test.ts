/**
 * `WsmanSession` against a scripted loopback server replaying the vectors in
 * fixtures/wsman: requests byte for byte (MessageID and `a:To` normalized),
 * replies decoded exactly, and the HTTP-level behaviour (timeouts, abort with
 * Release, retries, 401, TLS, limits).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CimAuthenticationError,
  CimDateTime,
  CimNotFoundError,
  CimProtocolError,
  CimReference,
  CimSessionError,
  CimStatus,
  CimTimeoutError,
  CimTransportError,
  ClassRegistry,
  WsmanSession,
  callMethod,
  unmarshalInstance,
  type CimInstance,
  type CimValue,
  type ClassDescriptor,
  type WsmanSessionOptions,
} from '../src/index.js';
import { CIM_ConcreteJob, Msvm_CollectionReferencePointService, NS, registry } from './fixtures.js';
import { fixture, normalize, requestFixture, startStub, type Reply, type Stub } from './wsman-stub.js';

const stubs: Stub[] = [];
const sessions: WsmanSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
  for (const s of stubs.splice(0)) await s.close();
});

async function setup(replies: Reply[] | ((req: { body: string }, i: number) => Reply), options: Partial<WsmanSessionOptions> = {}) {
  const stub = await startStub(replies);
  stubs.push(stub);
  const warnings: string[] = [];
  const session = new WsmanSession({
    url: stub.url,
    username: 'hvadmin',
    password: 's3cret!',
    authentication: 'basic',
    namespace: NS,
    locale: 'en-US',
    maxElements: 2,
    onWarning: (m) => warnings.push(m),
    ...options,
  });
  sessions.push(session);
  return { stub, session, warnings };
}

const soap = (name: string): Reply => ({ body: fixture(name) });

/** Wire values with datetimes and references as comparable text. */
function plain(v: CimValue | undefined): unknown {
  if (v instanceof CimDateTime) return `datetime:${v.toString()}`;
  if (v instanceof CimReference) return `ref:${v.toString()}`;
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object' && !(v instanceof CimReference)) {
    const inst = v as CimInstance;
    return { className: inst.className, namespace: inst.namespace, properties: Object.fromEntries(Object.entries(inst.properties).map(([k, x]) => [k, plain(x)])) };
  }
  return v;
}

const VM = CimReference.to('Msvm_ComputerSystem', { CreationClassName: 'Msvm_ComputerSystem', Name: '6A1F9A12-3C44-4E0B-9C1B-5D2B8E1F0A77' }, { namespace: NS });

const Msvm_ComputerSystem: ClassDescriptor = {
  name: 'Msvm_ComputerSystem',
  namespace: NS,
  keys: ['CreationClassName', 'Name'],
  properties: [
    { name: 'Caption', type: 'string' },
    { name: 'CreationClassName', type: 'string', key: true },
    { name: 'ElementName', type: 'string' },
    { name: 'EnabledState', type: 'uint16' },
    { name: 'InstallDate', type: 'datetime' },
    { name: 'Name', type: 'string', key: true },
    { name: 'OnTimeInMilliseconds', type: 'uint64' },
    { name: 'OperationalStatus', type: 'uint16', isArray: true },
    { name: 'AvailableRequestedStates', type: 'uint16', isArray: true },
    { name: 'TimeOfLastConfigurationChange', type: 'datetime' },
    { name: 'TimeOfLastStateChange', type: 'datetime' },
  ],
  methods: [],
};

describe('WsmanSession: requests and replies as WinRM writes them', () => {
  it('Get: sends the vector request and decodes a real-host-shaped reply (xsi:type, p: prefixes, 7-digit fractions, nil, arrays)', async () => {
    const { stub, session } = await setup([soap('get-computersystem.response.xml')]);
    const inst = await session.getInstance(VM, { timeoutMs: 30_000 });
    expect(normalize(stub.requests[0]!.body)).toBe(requestFixture('get-computersystem.request.xml'));
    expect(stub.requests[0]!.headers['content-type']).toBe('application/soap+xml;charset=UTF-8');
    expect(stub.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('hvadmin:s3cret!').toString('base64')}`);
    expect(plain(inst)).toEqual({
      className: 'Msvm_ComputerSystem',
      namespace: NS,
      properties: {
        AssignedNumaNodeList: '0',
        AvailableRequestedStates: null,
        Caption: 'Virtual Machine',
        CreationClassName: 'Msvm_ComputerSystem',
        Dedicated: '0',
        Description: 'Microsoft Virtual Machine',
        ElementName: 'web-01 & friends',
        EnabledDefault: '2',
        EnabledState: '2',
        HealthState: '5',
        InstallDate: 'datetime:20240301081530.123456+000',
        Name: '6A1F9A12-3C44-4E0B-9C1B-5D2B8E1F0A77',
        OnTimeInMilliseconds: '98765432101',
        OperationalStatus: ['2', '32768'],
        OtherEnabledState: null,
        ProcessID: '4242',
        RequestedState: '5',
        TimeOfLastConfigurationChange: 'datetime:20240302174500.987654-480',
        TimeOfLastStateChange: 'datetime:00000000000000.000000+000',
      },
    });
    expect(inst.path?.equals(VM)).toBe(true);
    // The text values type through the ordinary unmarshaler.
    const typed = unmarshalInstance<Record<string, unknown>>(Msvm_ComputerSystem, inst);
    expect(typed.OnTimeInMilliseconds).toBe(98765432101n);
    expect(typed.OperationalStatus).toEqual([2, 32768]);
    expect(typed.EnabledState).toBe(2);
    expect(typed.AvailableRequestedStates).toBeUndefined();
    expect((typed.TimeOfLastStateChange as CimDateTime).isZero).toBe(true);
  });

  it('Enumerate with a WQL filter goes to the namespace wildcard URI and pulls every page until EndOfSequence (no Release)', async () => {
    const { stub, session } = await setup([
      soap('enumerate-computersystem.response.xml'),
      soap('pull-computersystem-1.response.xml'),
      soap('pull-computersystem-2.response.xml'),
    ]);
    const got: CimInstance[] = [];
    for await (const i of session.enumerateInstances('Msvm_ComputerSystem', { filter: 'SELECT * FROM Msvm_ComputerSystem WHERE Caption = "Virtual Machine"' })) got.push(i);
    expect(stub.requests.map((r) => normalize(r.body))).toEqual([
      requestFixture('enumerate-computersystem.request.xml'),
      requestFixture('pull-computersystem-1.request.xml'),
      requestFixture('pull-computersystem-2.request.xml'),
    ]);
    expect(got.map((i) => i.properties.ElementName)).toEqual(['web-01', 'web-02', 'db-01', 'db-02', 'build-01']);
    expect(got.every((i) => i.className === 'Msvm_ComputerSystem' && i.namespace === NS)).toBe(true);
    expect(got[4]!.path?.toString()).toBe('root\\virtualization\\v2:Msvm_ComputerSystem.CreationClassName="Msvm_ComputerSystem",Name="3E4F5A6B-7C8D-4E9F-A0B1-C2D3E4F5A6B7"');
    expect(plain(got[1])).toEqual({
      className: 'Msvm_ComputerSystem',
      namespace: NS,
      properties: {
        Caption: 'Virtual Machine',
        CreationClassName: 'Msvm_ComputerSystem',
        ElementName: 'web-02',
        EnabledState: '3',
        Name: '0B7C2E5D-8A11-4F61-B2D3-7E9A4C6F1D22',
        OperationalStatus: '2',
      },
    });
  });

  it('sends Release when the caller stops early', async () => {
    const { stub, session } = await setup([soap('enumerate-computersystem.response.xml'), soap('release.response.xml')]);
    for await (const i of session.enumerateInstances('Msvm_ComputerSystem')) {
      expect(i.properties.ElementName).toBe('web-01');
      break;
    }
    expect(stub.requests.map((r) => normalize(r.body))).toEqual([requestFixture('enumerate-class.request.xml'), requestFixture('release.request.xml')]);
  });

  it('aborting mid-enumeration rejects with the signal reason and sends Release', async () => {
    const { stub, session } = await setup([soap('enumerate-computersystem.response.xml'), { hang: true }, soap('release.response.xml')]);
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const i of session.enumerateInstances('Msvm_ComputerSystem', { signal: controller.signal })) seen.push(String(i.properties.ElementName));
    })();
    await stub.waitFor(2); // the Pull is in flight
    const reason = new Error('user cancelled');
    controller.abort(reason);
    await expect(run).rejects.toBe(reason);
    expect(seen).toEqual(['web-01', 'web-02']);
    expect(stub.requests).toHaveLength(3);
    expect(normalize(stub.requests[2]!.body)).toBe(requestFixture('release.request.xml'));
  });

  it('Invoke ExportReferencePoint: REF and embedded-instance inputs in declaration order, REF Job output typed', async () => {
    const { stub, session } = await setup([soap('invoke-exportreferencepoint.response.xml')]);
    const service = CimReference.to(
      'Msvm_CollectionReferencePointService',
      { CreationClassName: 'Msvm_CollectionReferencePointService', Name: 'vmms', SystemCreationClassName: 'Msvm_ComputerSystem', SystemName: 'HV-HOST-01' },
      { namespace: NS },
    );
    const result = await callMethod<{ ReturnValue: number; Job?: CimReference }>(
      session,
      Msvm_CollectionReferencePointService,
      'ExportReferencePoint',
      service,
      {
        // Given out of order: the request carries declaration order.
        ExportSettingData: { ElementName: 'nightly export', CopyVmStorage: true, CopySnapshotConfiguration: 2, Caption: null },
        ExportDirectory: 'D:\\exports',
        ReferencePointCollection: CimReference.to('Msvm_ReferencePointCollection', { InstanceID: 'Microsoft:RP-1' }, { namespace: NS }),
      },
      { registry: registry() },
    );
    expect(normalize(stub.requests[0]!.body)).toBe(requestFixture('invoke-exportreferencepoint.request.xml'));
    expect(result.ReturnValue).toBe(4096);
    expect(result.Job).toBeInstanceOf(CimReference);
    expect(result.Job!.className).toBe('Msvm_ConcreteJob');
    expect(result.Job!.namespace).toBe(NS);
    expect(result.Job!.keys).toEqual({ InstanceID: 'B1E6A0F5-4C2D-4E8B-9A7F-3D5C1E2B0A99' });
    expect(CIM_ConcreteJob.keys).toEqual(['InstanceID']);
  });
});

describe('WsmanSession: faults become typed errors', () => {
  it.each([
    ['fault-not-found.response.xml', CimNotFoundError, CimStatus.NOT_FOUND, { subcode: 'InvalidSelectors', wsmanCode: 2150858843, wmiError: 0x80041002, message: 'Not found' }],
    ['fault-access-denied.response.xml', CimSessionError, CimStatus.ACCESS_DENIED, { subcode: 'AccessDenied', wsmanCode: 5 }],
    ['fault-invalid-class.response.xml', CimSessionError, CimStatus.INVALID_CLASS, { subcode: 'DestinationUnreachable', wmiError: 0x80041010, detail: 'http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/InvalidResourceURI' }],
    ['fault-invalid-enumeration-context.response.xml', CimSessionError, CimStatus.FAILED, { subcode: 'InvalidEnumerationContext', code: 'Receiver' }],
    ['fault-action-not-supported.response.xml', CimSessionError, CimStatus.NOT_SUPPORTED, { subcode: 'ActionNotSupported', wsmanCode: 2150858771 }],
    ['fault-invalid-parameter.response.xml', CimSessionError, CimStatus.INVALID_PARAMETER, { subcode: 'InvalidParameter', wmiError: 0x80041034 }],
    ['fault-internal-error.response.xml', CimSessionError, CimStatus.FAILED, { subcode: 'InternalError', wmiError: 0x80041001, message: 'Generic failure' }],
    ['fault-cannot-process-filter.response.xml', CimSessionError, CimStatus.INVALID_QUERY, { subcode: 'CannotProcessFilter', wmiError: 0x80041017, message: 'Invalid query', machine: undefined }],
  ] as const)('%s', async (file, errorClass, status, fault) => {
    const { session } = await setup([{ status: 500, body: fixture(file) }]);
    const err = await session.getInstance(VM).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(errorClass);
    expect((err as CimSessionError).status).toBe(status);
    const want: Record<string, unknown> = { machine: 'hv-host-01.contoso.com', ...fault };
    const got = (err as CimSessionError).fault as unknown as Record<string, unknown>;
    expect(Object.fromEntries(Object.keys(want).map((k) => [k, got[k]]))).toEqual(want);
    expect((err as Error).message).toMatch(/^Get root\\virtualization\\v2:Msvm_ComputerSystem\..* failed: /);
  });

  it('a TimedOut fault is a CimTimeoutError carrying the operation timeout', async () => {
    const { session } = await setup([{ status: 500, body: fixture('fault-timeout.response.xml') }]);
    const err = await session.getInstance(VM, { timeoutMs: 1500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CimTimeoutError);
    expect((err as CimTimeoutError).timeoutMs).toBe(1500);
    expect((err as Error).message).toContain('WinRM 2150858793 (0x80338029)');
  });

  it('names the WinRM and WMI codes in the message', async () => {
    const { session } = await setup([{ status: 500, body: fixture('fault-not-found.response.xml') }]);
    await expect(session.getInstance(VM)).rejects.toThrow('failed: Not found [InvalidSelectors, WinRM 2150858843 (0x8033805B), WMI 0x80041002 WBEM_E_NOT_FOUND]');
  });
});

describe('WsmanSession: HTTP', () => {
  it('times out a request the server never answers', async () => {
    const { session } = await setup([{ hang: true }]);
    const err = await session.getInstance(VM, { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CimTimeoutError);
    expect((err as CimTimeoutError).timeoutMs).toBe(150);
  });

  it('retries an idempotent Get after a connection reset, but never an Invoke', async () => {
    const { stub, session } = await setup([{ reset: true }, soap('get-computersystem.response.xml')]);
    expect((await session.getInstance(VM)).properties.ElementName).toBe('web-01 & friends');
    expect(stub.requests).toHaveLength(2);

    const second = await setup([{ reset: true }, soap('invoke-exportreferencepoint.response.xml')]);
    const err = await second.session.invokeMethod(VM, 'RequestStateChange', { RequestedState: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CimTransportError);
    expect((err as CimTransportError).host).toBe(new URL(second.stub.url).host);
    expect(second.stub.requests).toHaveLength(1);
  });

  it('gives up after the retries and names the host and cause', async () => {
    const { stub, session } = await setup(() => ({ reset: true }));
    const err = await session.getInstance(VM).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CimTransportError);
    expect((err as Error).message).toMatch(new RegExp(`^cannot talk to 127\\.0\\.0\\.1:\\d+: .*(socket|ECONNRESET|closed)`, 'i'));
    expect(stub.requests).toHaveLength(3);
  });

  it('keeps at most maxConnections requests open per host; the rest queue', async () => {
    const { stub, session } = await setup(() => ({ body: fixture('get-computersystem.response.xml'), delayMs: 30 }), { maxConnections: 2 });
    const got = await Promise.all(Array.from({ length: 6 }, () => session.getInstance(VM)));
    expect(got).toHaveLength(6);
    expect(stub.requests).toHaveLength(6);
    expect(stub.maxInFlight).toBeLessThanOrEqual(2);
  });

  it('HTTP 401 is an authentication error naming host and user, never the password', async () => {
    const { stub, session } = await setup([{ status: 401, body: '', contentType: 'text/plain' }]);
    const err = await session.getInstance(VM).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CimAuthenticationError);
    const host = new URL(stub.url).host;
    expect(err).toMatchObject({ host, username: 'hvadmin', status: CimStatus.ACCESS_DENIED });
    expect((err as Error).message).toContain(host);
    expect((err as Error).message).toContain('hvadmin');
    expect(JSON.stringify(err) + String((err as Error).stack)).not.toContain('s3cret');
  });

  it('refuses a connection that cannot be made, naming the host', async () => {
    const { stub } = await setup([]);
    const url = stub.url;
    await stub.close();
    stubs.splice(0);
    const session = new WsmanSession({ url, username: 'u', password: 'p', authentication: 'basic', onWarning: () => {} });
    sessions.push(session);
    const err = await session.getInstance(VM).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CimTransportError);
    expect((err as Error).message).toMatch(/cannot talk to 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  });

  it.each([
    ['malformed XML', '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>', /malformed XML/],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "aaaa">]><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body/></s:Envelope>', /DOCTYPE is not allowed/],
    ['not an envelope', '<html/>', /expected a SOAP envelope, found <html>/],
    ['an empty Get body', '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body/></s:Envelope>', /empty response body/],
  ])('a reply with %s is a CimProtocolError', async (_what, body, message) => {
    const { session } = await setup([{ body }]);
    const err = await session.getInstance(VM).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CimProtocolError);
    expect((err as Error).message).toMatch(message);
  });

  it('refuses a reply that relates to another request', async () => {
    const other = fixture('get-computersystem.response.xml').replace('uuid:00000000-0000-0000-0000-000000000000', 'uuid:11111111-1111-1111-1111-111111111111');
    const { session } = await setup([{ body: other }]);
    await expect(session.getInstance(VM)).rejects.toThrow(/the reply relates to uuid:11111111-1111-1111-1111-111111111111, not to this request/);
  });

  it('refuses a reply larger than maxResponseBytes', async () => {
    const { session } = await setup([soap('get-computersystem.response.xml')], { maxResponseBytes: 1000 });
    await expect(session.getInstance(VM)).rejects.toThrow(/exceeds the limit of 1000/);
  });

  it('an HTTP error without a SOAP body is a transport error with the status', async () => {
    const { session } = await setup([{ status: 503, body: 'busy', contentType: 'text/plain' }]);
    const err = await session.getInstance(VM).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CimTransportError);
    expect((err as CimTransportError).httpStatus).toBe(503);
  });

  it('plain HTTP needs an explicit authentication; Basic over it warns', async () => {
    expect(() => new WsmanSession({ url: 'http://hv01:5985/wsman', username: 'u', password: 'p' })).toThrow(/plain HTTP to hv01:5985 without an explicit authentication/);
    const warnings: string[] = [];
    const s = new WsmanSession({ url: 'http://hv01:5985/wsman', username: 'u', password: 'p', authentication: 'basic', onWarning: (m) => warnings.push(m) });
    sessions.push(s);
    expect(warnings).toEqual(['WS-Management: Basic authentication over plain HTTP to hv01:5985: the password travels unencrypted']);
    const quiet: string[] = [];
    const t = new WsmanSession({ url: 'https://hv01:5986/wsman', username: 'u', password: 'p', onWarning: (m) => quiet.push(m) });
    sessions.push(t);
    expect(quiet).toEqual([]);
  });
});

describe('WsmanSession: other operations', () => {
  it('gives up on a server that answers Pull after Pull with nothing, and releases the context', async () => {
    const empty = fixture('pull-computersystem-1.response.xml').replace(/<n:Items>[\s\S]*<\/n:Items>/, '<n:Items/>');
    const { stub, session } = await setup((req) => (req.body.includes('/enumeration/Release<') ? soap('release.response.xml') : req.body.includes('/enumeration/Enumerate<') ? { body: empty.replace(/PullResponse/g, 'EnumerateResponse') } : { body: empty }));
    const run = (async () => {
      for await (const _ of session.enumerateInstances('Msvm_ComputerSystem')) throw new Error('no items expected');
    })();
    await expect(run).rejects.toThrow(/64 Pull replies in a row without items or EndOfSequence/);
    expect(stub.requests.at(-1)!.body).toContain('<n:Release>');
  });

  it('DMTF dialect: cim-schema resource URI with a __cimnamespace selector', async () => {
    const { stub, session } = await setup([soap('get-computersystem.response.xml')], { dialect: 'dmtf' });
    await session.getInstance(VM);
    const body = stub.requests[0]!.body;
    expect(body).toContain('<w:ResourceURI s:mustUnderstand="true">http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/Msvm_ComputerSystem</w:ResourceURI>');
    expect(body).toContain(
      '<w:SelectorSet><w:Selector Name="CreationClassName">Msvm_ComputerSystem</w:Selector><w:Selector Name="Name">6A1F9A12-3C44-4E0B-9C1B-5D2B8E1F0A77</w:Selector><w:Selector Name="__cimnamespace">root/virtualization/v2</w:Selector></w:SelectorSet>',
    );
  });

  it('associators and references are WQL filters on the wildcard URI', async () => {
    const single = { body: fixture('pull-computersystem-2.response.xml').replace(/PullResponse/g, 'EnumerateResponse') };
    const { stub, session } = await setup([single, single]);
    const a: CimInstance[] = [];
    for await (const i of session.associators(VM, { assocClass: 'Msvm_SystemDevice', resultClass: 'Msvm_Memory', role: 'GroupComponent', resultRole: 'PartComponent' })) a.push(i);
    for await (const i of session.references(VM, { resultClass: 'Msvm_SystemDevice', role: 'GroupComponent' })) a.push(i);
    expect(a).toHaveLength(2);
    const [assoc, refs] = stub.requests.map((r) => r.body);
    expect(assoc).toContain('<w:ResourceURI s:mustUnderstand="true">http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/*</w:ResourceURI>');
    expect(assoc).toContain(
      '<w:Filter Dialect="http://schemas.microsoft.com/wbem/wsman/1/WQL">ASSOCIATORS OF {Msvm_ComputerSystem.CreationClassName="Msvm_ComputerSystem",Name="6A1F9A12-3C44-4E0B-9C1B-5D2B8E1F0A77"} WHERE AssocClass = Msvm_SystemDevice ResultClass = Msvm_Memory Role = GroupComponent ResultRole = PartComponent</w:Filter>',
    );
    expect(refs).toContain(
      '<w:Filter Dialect="http://schemas.microsoft.com/wbem/wsman/1/WQL">REFERENCES OF {Msvm_ComputerSystem.CreationClassName="Msvm_ComputerSystem",Name="6A1F9A12-3C44-4E0B-9C1B-5D2B8E1F0A77"} WHERE ResultClass = Msvm_SystemDevice Role = GroupComponent</w:Filter>',
    );
    expect(() => session.associators(VM, { resultClass: 'X WHERE 1=1' })).toThrow(/invalid ResultClass/);
  });

  it('deep: false keeps only the class itself', async () => {
    const { session } = await setup([{ body: fixture('pull-computersystem-2.response.xml').replace(/PullResponse/g, 'EnumerateResponse') }]);
    const got: CimInstance[] = [];
    for await (const i of session.enumerateInstances('CIM_ComputerSystem', { deep: false })) got.push(i);
    expect(got).toEqual([]);
  });

  it('Create, Put and Delete', async () => {
    const created = fixture('create.response.xml');
    const { stub, session } = await setup(
      [{ body: created }, { body: fixture('get-computersystem.response.xml').replace(/GetResponse/, 'PutResponse') }, { body: fixture('delete.response.xml') }],
      { registry: new ClassRegistry([Msvm_ComputerSystem]) },
    );
    const path = await session.createInstance({ className: 'Msvm_ComputerSystem', properties: { ElementName: 'new', Caption: null } });
    expect(path.toString()).toBe('root\\virtualization\\v2:Msvm_ComputerSystem.CreationClassName="Msvm_ComputerSystem",Name="NEW-VM-1"');
    await session.modifyInstance(
      { className: 'Msvm_ComputerSystem', properties: { CreationClassName: 'Msvm_ComputerSystem', Name: 'NEW-VM-1', ElementName: 'renamed', Caption: 'c' } },
      { propertyList: ['ElementName'] },
    );
    await session.deleteInstance(path);
    expect(stub.requests.map((r) => normalize(r.body))).toEqual([
      requestFixture('create.request.xml'),
      requestFixture('put.request.xml'),
      requestFixture('delete.request.xml'),
    ]);
  });
});

describe('WsmanSession: HTTPS', () => {
  let dir: string;
  let cert: string;
  let key: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mofc-wsman-tls-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ], { stdio: 'pipe' });
    cert = fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
    key = fs.readFileSync(path.join(dir, 'key.pem'), 'utf8');
    return () => fs.rmSync(dir, { recursive: true, force: true });
  });

  async function tlsServer(): Promise<{ url: string; close: () => Promise<void> }> {
    const server = https.createServer({ cert, key }, (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const id = /<a:MessageID>(uuid:[0-9A-F-]+)<\/a:MessageID>/.exec(body)?.[1] ?? '';
        const reply = fixture('get-computersystem.response.xml').replace('uuid:00000000-0000-0000-0000-000000000000', id);
        res.writeHead(200, { 'content-type': 'application/soap+xml;charset=UTF-8' }).end(reply);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    return {
      url: `https://127.0.0.1:${port}/wsman`,
      close: () => new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    };
  }

  it('verifies certificates by default; trusts a given CA; can be told not to verify', async () => {
    const server = await tlsServer();
    try {
      const strict = new WsmanSession({ url: server.url, username: 'u', password: 'p' });
      sessions.push(strict);
      const err = await strict.getInstance(VM).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CimTransportError);
      expect((err as Error).message).toMatch(/^TLS error talking to 127\.0\.0\.1:\d+: .*(SELF_SIGNED|self-signed)/i);

      const trusting = new WsmanSession({ url: server.url, username: 'u', password: 'p', tls: { ca: cert } });
      sessions.push(trusting);
      expect((await trusting.getInstance(VM)).className).toBe('Msvm_ComputerSystem');

      const lax = new WsmanSession({ url: server.url, username: 'u', password: 'p', tls: { rejectUnauthorized: false } });
      sessions.push(lax);
      expect((await lax.getInstance(VM)).className).toBe('Msvm_ComputerSystem');
    } finally {
      for (const s of sessions.splice(0)) await s.close();
      await server.close();
    }
  });
});
