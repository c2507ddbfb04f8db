/**
 * Names are data: a property, key or parameter called `__proto__` (or `constructor`,
 * `toString`) is kept as an own property like any other, never taken as the object's
 * prototype. Such names arrive from the network (a server's instances and EPRs) and
 * from schemas.
 */
import { describe, expect, it } from 'vitest';
import { instanceFromCimXml } from '../src/cimxml.js';
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
