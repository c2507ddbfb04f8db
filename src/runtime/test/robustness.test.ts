/**
 * "No input makes it crash or hang": random text into every parser must either
 * succeed or fail with a CimError, never a TypeError/RangeError or a stall.
 */
import { describe, expect, it } from 'vitest';
import { CimDateTime } from '../src/datetime.js';
import { CimReference } from '../src/reference.js';
import { instanceFromCimXml } from '../src/cimxml.js';
import { parseWql } from '../src/wql.js';
import { CimError } from '../src/errors.js';
import { unmarshalInstance } from '../src/marshal.js';
import { Test_AllTypes, registry } from './fixtures.js';
import { WsmanSession } from '../src/wsman/client/session.js';
import { fixture, startStub } from './wsman-stub.js';
import { InMemorySession } from '../src/memory-session.js';
import { createWsmanServer } from '../src/wsman/server/server.js';
import { buildRequest, newMessageId, readEnvelope } from '../src/wsman/envelope.js';
import { ACTION, WQL_DIALECT, classResourceUri, invokeAction } from '../src/wsman/namespaces.js';
import { instanceToXml, methodInputXml } from '../src/wsman/instance-xml.js';
import { NS as TEST_NS } from './fixtures.js';
import { seededRandom } from './random.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function mutate(base: string, random: () => number, alphabet: string): string {
  const chars = [...base];
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (chars.length + 1));
    const c = alphabet[Math.floor(random() * alphabet.length)]!;
    const op = random();
    if (op < 0.33) chars.splice(at, 1);
    else if (op < 0.66) chars.splice(at, 0, c);
    else chars[at] = c;
  }
  return chars.join('');
}

function survives(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof CimError)) throw e;
  }
}

const seeds = {
  datetime: ['20240501120000.123456+120', '00000001020304.000005:000', '2024-05-01T12:00:00.5+02:00', 'P1DT2H3M4.000005S'],
  path: [
    '\\\\HOST\\root\\virtualization\\v2:Msvm_ComputerSystem.CreationClassName="Msvm_ComputerSystem",Name="x\\"y"',
    '//h/root/cimv2:C.A=1,B=TRUE',
    'C=@',
  ],
  xml: [
    '<INSTANCE CLASSNAME="X"><PROPERTY NAME="A" TYPE="uint8"><VALUE>3</VALUE></PROPERTY><PROPERTY.ARRAY NAME="B" TYPE="string"><VALUE.ARRAY><VALUE>a</VALUE><VALUE.NULL/></VALUE.ARRAY></PROPERTY.ARRAY><PROPERTY.REFERENCE NAME="R"><VALUE.REFERENCE><INSTANCENAME CLASSNAME="Y"><KEYBINDING NAME="K"><KEYVALUE VALUETYPE="numeric">1</KEYVALUE></KEYBINDING></INSTANCENAME></VALUE.REFERENCE></PROPERTY.REFERENCE></INSTANCE>',
  ],
  wql: ["SELECT * FROM Test_Element WHERE Name = 'a' AND Size >= 2", 'SELECT A, B FROM C WHERE D IS NOT NULL'],
};

describe('parsers survive arbitrary input', () => {
  const random = rng(20240501);
  it('CimDateTime', () => {
    for (let i = 0; i < 3000; i++) {
      const text = mutate(seeds.datetime[i % seeds.datetime.length]!, random, '0123456789+-:.*TZPDHMS x');
      survives(() => CimDateTime.parse(text).toString());
      survives(() => CimDateTime.fromXsd(text).toXsd());
    }
  });
  it('CimReference', () => {
    for (let i = 0; i < 3000; i++) {
      const text = mutate(seeds.path[i % seeds.path.length]!, random, '\\/"\':.,=@ aZ09_-');
      survives(() => {
        const r = CimReference.parse(text);
        // Whatever parses must print to something that parses to an equal reference.
        expect(CimReference.parse(r.toString()).equals(r)).toBe(true);
      });
    }
  });
  it('CIM-XML', () => {
    const reg = registry();
    for (let i = 0; i < 1500; i++) {
      const text = mutate(seeds.xml[0]!, random, '<>/"=&;#x ABCDEFGHIKLMNOPRSTUVY.09');
      survives(() => unmarshalInstance(Test_AllTypes, instanceFromCimXml(text), reg));
    }
  });
  it('WQL', () => {
    for (let i = 0; i < 1500; i++) {
      survives(() => parseWql(mutate(seeds.wql[i % seeds.wql.length]!, random, "'\"=<>!*, ()ANDORISNULaz09")));
    }
  });
  it('rejects non-strings cleanly', () => {
    for (const v of [undefined, null, 42, {}, []]) {
      survives(() => CimDateTime.parse(v as never));
      survives(() => CimDateTime.fromXsd(v as never));
      survives(() => CimReference.parse(v as never));
      survives(() => instanceFromCimXml(v as never));
    }
  });

  it('WS-Management replies: a damaged reply to get, enumerate, invoke or delete ends in a result or a CimError', async () => {
    const replies: Record<string, string> = {
      Get: fixture('get-computersystem.response.xml'),
      Enumerate: fixture('enumerate-computersystem.response.xml'),
      Pull: fixture('pull-computersystem-2.response.xml'),
      Release: fixture('release.response.xml'),
      Delete: fixture('delete.response.xml'),
      ExportReferencePoint: fixture('invoke-exportreferencepoint.response.xml'),
      fault: fixture('fault-invalid-parameter.response.xml'),
    };
    const alphabet = '<>/"\'=&;#x: aZ09.-';
    const stub = await startStub((request) => {
      const action = /\/([A-Za-z]+)<\/a:Action>/.exec(request.body)?.[1] ?? 'Get';
      const fault = random() < 0.1;
      // Mostly one to three edits: enough left intact that decoding gets past the envelope.
      return { status: fault ? 500 : 200, body: mutate(fault ? replies['fault']! : (replies[action] ?? replies['Get']!), random, alphabet) };
    });
    const session = new WsmanSession({ url: stub.url, username: 'u', password: 'p', authentication: 'basic', onWarning: () => {}, timeoutMs: 5000 });
    const target = CimReference.to('Msvm_ComputerSystem', { CreationClassName: 'Msvm_ComputerSystem', Name: 'vm' }, { namespace: 'root/virtualization/v2' });
    let succeeded = 0;
    try {
      for (let i = 0; i < 600; i++) {
        const operation = i % 4;
        try {
          if (operation === 0) await session.getInstance(target);
          else if (operation === 1) for await (const _ of session.enumerateInstances('Msvm_ComputerSystem', { namespace: 'root/virtualization/v2' })) void _;
          else if (operation === 2) await session.invokeMethod(target, 'ExportReferencePoint', { ExportDirectory: 'D:\\out' });
          else await session.deleteInstance(target);
          succeeded++;
        } catch (error) {
          if (!(error instanceof CimError)) throw error;
        }
      }
    } finally {
      await session.close();
      await stub.close();
    }
    // Edits in text nodes and insignificant places leave a good share readable.
    expect(succeeded).toBeGreaterThan(30);
  });

  it('WS-Management requests: a damaged request gets a SOAP reply or an HTTP error, and the server keeps serving', async () => {
    const session = new InMemorySession({ registry: registry(), namespace: TEST_NS });
    for (const name of ['e1', 'e2', 'e3']) session.put({ className: 'Test_Element', properties: { Name: name, Size: 1, Label: 'x' } });
    const service = { CreationClassName: 'Msvm_CollectionReferencePointService', Name: 'svc', SystemCreationClassName: 'Msvm_ComputerSystem', SystemName: 'HOST' };
    session.put({ className: 'Msvm_CollectionReferencePointService', properties: service });
    const server = await createWsmanServer({ session, machine: 'FUZZ' });
    const uri = (className: string) => classResourceUri(className, TEST_NS, 'wmi');
    const request = (action: string, className: string, body: string, selectors?: { name: string; value: string }[]) =>
      buildRequest({ to: server.url, resourceUri: uri(className), action, messageId: newMessageId(), maxEnvelopeSize: 512000, locale: 'en-US', ...(selectors ? { selectors } : {}) }, body);
    const xmlOptions = { dialect: 'wmi', defaultNamespace: TEST_NS } as const;
    const requests = [
      request(ACTION.get, 'Test_Element', '', [{ name: 'Name', value: 'e1' }]),
      request(ACTION.enumerate, 'Test_Element', `<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>2</w:MaxElements><w:Filter Dialect="${WQL_DIALECT}">SELECT * FROM Test_Element WHERE Size = 1</w:Filter></n:Enumerate>`),
      request(ACTION.pull, 'Test_Element', '<n:Pull><n:EnumerationContext>uuid:00000000-0000-0000-0000-000000000000</n:EnumerationContext><w:MaxElements>2</w:MaxElements></n:Pull>'),
      request(ACTION.create, 'Test_Element', instanceToXml({ className: 'Test_Element', properties: { Name: 'new', Size: 2 } }, xmlOptions)),
      request(ACTION.put, 'Test_Element', instanceToXml({ className: 'Test_Element', properties: { Name: 'e2', Size: 3 } }, xmlOptions), [{ name: 'Name', value: 'e2' }]),
      request(ACTION.delete, 'Test_Element', '', [{ name: 'Name', value: 'e3' }]),
      request(
        invokeAction(uri('Msvm_CollectionReferencePointService'), 'ExportReferencePoint'),
        'Msvm_CollectionReferencePointService',
        methodInputXml(uri('Msvm_CollectionReferencePointService'), 'ExportReferencePoint', { ExportDirectory: 'D:\\out' }, xmlOptions),
        Object.entries(service).map(([name, value]) => ({ name, value })),
      ),
    ];
    const alphabet = '<>/"\'=&;#x: aZ09.-';
    try {
      for (let i = 0; i < 500; i++) {
        const body = mutate(requests[i % requests.length]!, random, alphabet);
        const response = await fetch(server.url, { method: 'POST', body, headers: { 'Content-Type': 'application/soap+xml;charset=UTF-8' } });
        const text = await response.text();
        expect([200, 400, 500], `request ${i}`).toContain(response.status);
        // What the server answers with 200 or 500 is a SOAP envelope (a result or a fault).
        if (response.status !== 400) expect(() => readEnvelope(text), `request ${i}: ${text.slice(0, 200)}`).not.toThrow();
      }
      const intact = await fetch(server.url, { method: 'POST', body: requests[0]!, headers: { 'Content-Type': 'application/soap+xml;charset=UTF-8' } });
      expect(intact.status).toBe(200);
      await intact.text();
    } finally {
      await server.close();
    }
  });

  it('WS-Management enumerations: any number of instances through pages of any size and envelope limit comes back whole, once each', async () => {
    const next = seededRandom(20261201);
    const int = (n: number) => Math.floor(next() * n);
    for (let run = 0; run < 40; run++) {
      const session = new InMemorySession({ registry: registry(), namespace: TEST_NS });
      for (let i = 0, n = int(40); i < n; i++) {
        // Some instances big enough that a page holds only a few of them.
        const name = `e${i}${'x'.repeat(int(2) === 0 ? 2000 + int(3000) : int(10))}`;
        session.put({ className: i % 3 === 0 ? 'Test_SubElement' : 'Test_Element', properties: { Name: name, Size: int(5), Label: 'L'.repeat(int(200)) } });
      }
      const server = await createWsmanServer({ session, maxElements: 1 + int(10), ...(next() < 0.5 ? { maxEnvelopeSize: 16384 + int(8000) } : {}) });
      const client = new WsmanSession({ url: server.url, username: 'u', password: 'p', authentication: 'basic', namespace: TEST_NS, onWarning: () => {}, maxElements: 1 + int(8), maxEnvelopeSize: 16384 + int(16000) });
      const options = next() < 0.5 ? { filter: `SELECT * FROM Test_Element WHERE Size = ${int(5)}` } : {};
      try {
        const names = async (source: AsyncIterable<{ properties: Record<string, unknown> }>) => {
          const out: string[] = [];
          for await (const instance of source) out.push(String(instance.properties['Name']));
          return out.sort();
        };
        expect(await names(client.enumerateInstances('Test_Element', options)), `run ${run}`).toEqual(await names(session.enumerateInstances('Test_Element', options)));
      } finally {
        await client.close();
        await server.close();
      }
    }
  });
});
