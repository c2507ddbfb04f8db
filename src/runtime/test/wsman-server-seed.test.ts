/** Seed files: JSON → typed wire instances, checked against descriptors, errors naming the JSON path. */
import { describe, expect, it } from 'vitest';
import { CimDateTime, CimReference, instanceFromCimXml } from '../src/index.js';
import { InMemorySession } from '../src/memory.js';
import { parseSeed, seedInstances, SeedError } from '../src/wsman/server/seed.js';
import { NS, registry } from './fixtures.js';

function errorOf(document: unknown): SeedError {
  try {
    seedInstances(document, registry());
  } catch (error) {
    expect(error).toBeInstanceOf(SeedError);
    return error as SeedError;
  }
  throw new Error('expected a SeedError');
}

describe('seed files', () => {
  it('types every kind of value by the descriptors', () => {
    const [all, member] = seedInstances(
      {
        instances: [
          {
            class: 'Test_AllTypes',
            properties: {
              Id: 'a',
              Needed: 1,
              B: true,
              C: 'x',
              U8: 255,
              S64: '-9223372036854775808',
              U64: 9007199254740991,
              R64: 1.5,
              DT: '20240131123456.123456+060',
              Ref: { class: 'Msvm_ReferencePointCollection', keys: { InstanceID: 'rp' } },
              AnyRef: 'Test_Element.Name="e1"',
              Embedded: { CopyVmStorage: true },
              Nested: { __CLASS: 'Msvm_ConcreteJob', InstanceID: 'j', JobState: 7 },
              Numbers: [1, 2, 3],
              Bigs: ['18446744073709551615'],
            },
          },
          {
            class: 'Test_Member',
            properties: { Collection: 'Msvm_ReferencePointCollection.InstanceID="rp"', Member: { class: 'Test_Element', keys: { Name: 'e1' } } },
          },
        ],
      },
      registry(),
    );
    expect(all!.namespace).toBe(NS);
    const p = all!.properties;
    expect(p).toMatchObject({ Id: 'a', Needed: 1, B: true, U8: 255, S64: -9223372036854775808n, U64: 9007199254740991n, R64: 1.5, Numbers: [1, 2, 3], Bigs: [18446744073709551615n] });
    expect(p['DT']).toEqual(CimDateTime.parse('20240131123456.123456+060'));
    expect(p['Ref']).toEqual(CimReference.to('Msvm_ReferencePointCollection', { InstanceID: 'rp' }));
    expect(p['AnyRef']).toBeInstanceOf(CimReference);
    // embeddedAs 'string' → CIM-XML text; 'object' → a nested instance.
    expect(instanceFromCimXml(p['Embedded'] as string)).toMatchObject({ className: 'Msvm_CollectionReferencePointExportSettingData', properties: { CopyVmStorage: true } });
    expect(p['Nested']).toMatchObject({ className: 'Msvm_ConcreteJob', properties: { InstanceID: 'j', JobState: 7 } });
    expect(member!.properties['Member']).toEqual(CimReference.to('Test_Element', { Name: 'e1' }));
  });

  it('loads into an InMemorySession, associations included', async () => {
    const session = new InMemorySession({ registry: registry(), namespace: NS });
    const text = JSON.stringify({
      instances: [
        { class: 'Msvm_ReferencePointCollection', properties: { InstanceID: 'rp' } },
        { class: 'Test_Element', properties: { Name: 'e1', Size: 3 } },
        { class: 'Test_Member', properties: { Collection: { class: 'Msvm_ReferencePointCollection', keys: { InstanceID: 'rp' } }, Member: { class: 'Test_Element', keys: { Name: 'e1' } } } },
      ],
    });
    for (const instance of parseSeed(text, session.registry)) session.put(instance);
    const found = [];
    for await (const i of session.associators(CimReference.to('Msvm_ReferencePointCollection', { InstanceID: 'rp' }, { namespace: NS }))) found.push(i);
    expect(found.map((i) => i.properties['Name'])).toEqual(['e1']);
  });

  it('names the JSON path of every problem', () => {
    expect(errorOf([]).message).toBe('$: expected an object with "instances", got an array');
    expect(errorOf({ instances: {} }).message).toBe('$.instances: expected an array, got an object');
    expect(errorOf({ instances: [], extra: 1 }).jsonPath).toBe('$.extra');
    expect(errorOf({ instances: [{ class: 'Nope' }] }).message).toBe('$.instances[0].class: unknown class Nope');
    expect(errorOf({ instances: [{ class: 'CIM_Collection', properties: {} }] }).message).toContain('abstract');
    expect(errorOf({ instances: [{ class: 'Test_Element', properties: { Size: 1 } }] }).message).toBe('$.instances[0].properties: key property Test_Element.Name is missing');
    expect(errorOf({ instances: [{ class: 'Test_Element', properties: { Name: 'a', size: 1 } }] }).message).toBe(
      '$.instances[0].properties.size: Test_Element has no property size (did you mean Size?)',
    );
    expect(errorOf({ instances: [{ class: 'Test_Element', properties: { Name: 'a', Size: -1 } }] }).jsonPath).toBe('$.instances[0].properties.Size');
    expect(errorOf({ instances: [{ class: 'Test_Element', properties: { Name: 'a', Size: '12x' } }] }).message).toContain('expected uint32');
    expect(errorOf({ instances: [{ class: 'Test_Element', properties: { Name: 7 } }] }).message).toBe('$.instances[0].properties.Name: expected string, got number 7');
    expect(errorOf({ instances: [{ class: 'Test_AllTypes', properties: { Id: 'a', Needed: 1, U64: 2 ** 60 } }] }).message).toContain('write it as a decimal string');
    expect(errorOf({ instances: [{ class: 'Test_AllTypes', properties: { Id: 'a', Needed: 1, DT: 'yesterday' } }] }).jsonPath).toBe('$.instances[0].properties.DT');
    expect(errorOf({ instances: [{ class: 'Test_AllTypes', properties: { Id: 'a', Needed: 1, Numbers: [1, null] } }] }).jsonPath).toBe('$.instances[0].properties.Numbers[1]');
    expect(errorOf({ instances: [{ class: 'Test_AllTypes', properties: { Id: 'a' } }] }).message).toContain('required property Test_AllTypes.Needed is missing');
    expect(errorOf({ instances: [{ class: 'Test_AllTypes', properties: { Id: 'a', Needed: 1, Ref: { class: 'Test_Element', keys: { Name: 'x' } } } }] }).message).toContain(
      'expected a reference to CIM_Collection',
    );
    expect(errorOf({ instances: [{ class: 'Test_AllTypes', properties: { Id: 'a', Needed: 1, Ref: { klass: 'X' } } }] }).jsonPath).toBe('$.instances[0].properties.Ref.klass');
    expect(errorOf({ instances: [{ class: 'Test_AllTypes', properties: { Id: 'a', Needed: 1, Nested: { __CLASS: 'Test_Element', Name: 'x' } } }] }).message).toContain(
      'expected an instance of CIM_ConcreteJob, got Test_Element',
    );
    const dup = errorOf({ instances: [{ class: 'Test_Element', properties: { Name: 'a' } }, { class: 'Test_Element', properties: { Name: 'a' } }] });
    expect(dup.message).toBe('$.instances[1]: duplicate instance (same keys as $.instances[0])');
    expect(() => parseSeed('{"instances": [', registry())).toThrow(/^\$: invalid JSON/);
  });
});
