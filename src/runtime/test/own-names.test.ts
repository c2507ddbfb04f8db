/**
 * Names are data: a property, key or parameter called `__proto__` (or `constructor`,
 * `toString`) is kept as an own property like any other, never taken as the object's
 * prototype. Such names arrive from the network (a server's instances and EPRs) and
 * from schemas.
 */
import { describe, expect, it } from 'vitest';
import { instanceFromCimXml } from '../src/cimxml.js';
import type { ClassDescriptor } from '../src/descriptor.js';
import { marshalArguments, marshalInstance, unmarshalInstance, unmarshalResult } from '../src/marshal.js';
import { InMemorySession } from '../src/memory-session.js';
import { ClassRegistry } from '../src/registry.js';
import { parseSeed, SeedError } from '../src/wsman/server/seed.js';
import { createWsmanServer } from '../src/wsman/server/server.js';
import { WsmanSession } from '../src/wsman/client/session.js';
import { CimReference } from '../src/reference.js';
import { eprToReference } from '../src/wsman/epr.js';
import { propertiesFromXml } from '../src/wsman/instance-xml.js';
import { parseXml } from '../src/xml.js';

const OWN_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

function expectPlainWithOwn(object: object, entries: Record<string, unknown>): void {
  expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
  for (const [name, value] of Object.entries(entries)) {
    expect(Object.hasOwn(object, name), name).toBe(true);
    expect(Object.getOwnPropertyDescriptor(object, name)?.value, name).toEqual(value);
  }
}

describe('names that Object.prototype also has', () => {
  it('WS-Management instance properties, scalar and array', () => {
    const xml = `<p:X xmlns:p="urn:x">${OWN_NAMES.map((n) => `<p:${n}>v-${n}</p:${n}>`).join('')}<p:__proto__>second</p:__proto__></p:X>`;
    const properties = propertiesFromXml(parseXml(xml));
    expectPlainWithOwn(properties, { ['__proto__']: ['v-__proto__', 'second'], constructor: 'v-constructor', toString: 'v-toString', hasOwnProperty: 'v-hasOwnProperty' });
  });

  it('CIM-XML instance properties', () => {
    const xml = `<INSTANCE CLASSNAME="X">${OWN_NAMES.map((n) => `<PROPERTY NAME="${n}" TYPE="string"><VALUE>v-${n}</VALUE></PROPERTY>`).join('')}</INSTANCE>`;
    const instance = instanceFromCimXml(xml);
    expectPlainWithOwn(instance.properties, Object.fromEntries(OWN_NAMES.map((n) => [n, `v-${n}`])));
  });

  it('reference keys: from a path, from an EPR, and given as an object', () => {
    const parsed = CimReference.parse('root/cimv2:X.__proto__="a",constructor="b"');
    expectPlainWithOwn(parsed.keys, { ['__proto__']: 'a', constructor: 'b' });
    expect(parsed.isSingleton).toBe(false);
    expect(parsed.toString()).toBe(String.raw`root\cimv2:X.__proto__="a",constructor="b"`);

    const fromEpr = eprToReference({
      address: 'http://h/wsman',
      resourceUri: 'http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/X',
      selectors: [{ name: '__proto__', value: 'a' }],
    });
    expectPlainWithOwn(fromEpr.keys, { ['__proto__']: 'a' });

    const given = new CimReference('X', JSON.parse('{"__proto__":"a"}') as Record<string, string>);
    expectPlainWithOwn(given.keys, { ['__proto__']: 'a' });
  });
});

/** A schema whose property and parameter names Object.prototype also has. */
const Odd_Names: ClassDescriptor = {
  name: 'Odd_Names',
  namespace: 'root/test',
  keys: ['Name'],
  properties: [
    { name: 'Name', type: 'string', key: true },
    { name: '__proto__', type: 'string' },
    { name: 'constructor', type: 'uint16' },
    { name: 'toString', type: 'string' },
  ],
  methods: [
    {
      name: 'Do',
      returns: { type: 'uint32' },
      parameters: [
        { name: '__proto__', type: 'string', in: true, out: false },
        { name: 'constructor', type: 'uint32', in: false, out: true },
      ],
    },
  ],
};
const Odd_Required: ClassDescriptor = { ...Odd_Names, name: 'Odd_Required', properties: Odd_Names.properties.map((p) => (p.name === '__proto__' ? { ...p, required: true } : p)) };
const oddRegistry = new ClassRegistry([Odd_Names, Odd_Required]);

describe('a schema with names that Object.prototype also has', () => {
  it('marshals an instance that sets none of them: nothing is read from the prototype', () => {
    const wire = marshalInstance(Odd_Names, { Name: 'n' });
    expect(Object.keys(wire.properties)).toEqual(['Name']);
    expectPlainWithOwn(wire.properties, { Name: 'n' });
  });

  it('marshals and unmarshals an instance that sets them, as own properties', () => {
    const typed = JSON.parse('{"Name":"n","__proto__":"p","constructor":7,"toString":"t"}') as object;
    const wire = marshalInstance(Odd_Names, typed);
    expectPlainWithOwn(wire.properties, { Name: 'n', ['__proto__']: 'p', constructor: 7, toString: 't' });
    const back = unmarshalInstance<Record<string, unknown>>(Odd_Names, wire);
    expectPlainWithOwn(back, { Name: 'n', ['__proto__']: 'p', constructor: 7, toString: 't' });
  });

  it('method arguments and results', () => {
    const args = marshalArguments(Odd_Names, 'Do', JSON.parse('{"__proto__":"in"}') as object);
    expectPlainWithOwn(args, { ['__proto__']: 'in' });
    expect(Object.keys(marshalArguments(Odd_Names, 'Do', {}))).toEqual([]);
    const result = unmarshalResult<Record<string, unknown>>(Odd_Names, 'Do', { returnValue: 0, outParameters: { constructor: 5 } });
    expectPlainWithOwn(result, { ReturnValue: 0, constructor: 5 });
  });

  it('the in-memory session stores and returns them', async () => {
    const session = new InMemorySession({ classes: [Odd_Names] });
    const properties = JSON.parse('{"Name":"n","__proto__":"p","constructor":7}') as Record<string, string | number>;
    session.put({ className: 'Odd_Names', properties });
    const stored = await session.getInstance(CimReference.to('Odd_Names', { Name: 'n' }));
    expectPlainWithOwn(stored.properties, { Name: 'n', ['__proto__']: 'p', constructor: 7 });
  });

  it('a seed file gives them as own properties, and a missing required one is still missing', () => {
    const [seeded] = parseSeed('{"instances":[{"class":"Odd_Names","properties":{"Name":"n","__proto__":"p"}}]}', oddRegistry);
    expectPlainWithOwn(seeded!.properties, { Name: 'n', ['__proto__']: 'p' });
    expect(() => parseSeed('{"instances":[{"class":"Odd_Required","properties":{"Name":"n"}}]}', oddRegistry)).toThrow(SeedError);
    expect(() => parseSeed('{"instances":[{"class":"Odd_Required","properties":{"Name":"n"}}]}', oddRegistry)).toThrow(/required property Odd_Required.__proto__ is missing/);
  });

  it('a WS-Management server and client: a key and a property named so', async () => {
    const Odd_Keyed: ClassDescriptor = {
      name: 'Odd_Keyed',
      namespace: 'root/test',
      keys: ['__proto__'],
      properties: [
        { name: '__proto__', type: 'string', key: true },
        { name: 'constructor', type: 'uint16' },
      ],
      methods: [],
    };
    const store = new InMemorySession({ registry: new ClassRegistry([Odd_Keyed]), namespace: 'root/test' });
    store.put({ className: 'Odd_Keyed', properties: JSON.parse('{"__proto__":"k","constructor":7}') as Record<string, string | number> });
    const server = await createWsmanServer({ session: store });
    const client = new WsmanSession({ url: server.url, username: 'u', password: 'p', authentication: 'basic', namespace: 'root/test', onWarning: () => {} });
    try {
      // The selector reaches the server's key lookup; the reply's properties come back as own data.
      const path = new CimReference('Odd_Keyed', JSON.parse('{"__proto__":"k"}') as Record<string, string>, { namespace: 'root/test' });
      const got = await client.getInstance(path);
      expectPlainWithOwn(got.properties, { ['__proto__']: 'k', constructor: '7' });
    } finally {
      await client.close();
      await server.close();
    }
  });
});
