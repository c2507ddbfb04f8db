/**
 * The generics generated classes are built from: `ref` keeps only keys (an
 * instance read from a server can be passed as it is), descriptor inheritance.
 */
import { describe, expect, it } from 'vitest';
import type { ClassDescriptor } from '../src/descriptor.js';
import { ClassRegistry } from '../src/registry.js';
import { CimReference } from '../src/reference.js';
import { CimMarshalError } from '../src/errors.js';
import { inherit, instanceOperations, referenceTo } from '../src/operations.js';

const Base: ClassDescriptor = {
  name: 'CIM_Service',
  namespace: 'root/virtualization/v2',
  keys: ['CreationClassName', 'Name'],
  properties: [
    { name: 'CreationClassName', type: 'string', key: true },
    { name: 'Name', type: 'string', key: true },
    { name: 'ElementName', type: 'string' },
    { name: 'EnabledState', type: 'uint16' },
  ],
  methods: [],
};
const Sub: ClassDescriptor = { ...Base, name: 'Msvm_CollectionReferencePointService', superclass: Base };
const Counter: ClassDescriptor = {
  name: 'T_Counter',
  namespace: 'root/test',
  keys: ['Id'],
  properties: [
    { name: 'Id', type: 'uint64', key: true },
    { name: 'Owner', type: 'reference', refClass: 'CIM_Service', key: false },
  ],
  methods: [],
};

describe('ref', () => {
  it('keeps only the key properties of an instance read from a server', () => {
    const service = { __CLASS: 'Msvm_CollectionReferencePointService', CreationClassName: 'Msvm_CollectionReferencePointService', Name: 'svc', ElementName: 'Export service', EnabledState: 2 };
    const ref = instanceOperations(Sub).ref(service);
    expect(ref.className).toBe('Msvm_CollectionReferencePointService');
    expect(ref.keys).toEqual({ CreationClassName: 'Msvm_CollectionReferencePointService', Name: 'svc' });
    expect(ref.namespace).toBe('root/virtualization/v2');
  });

  it("names the instance's own class when the registry knows it as a subclass", () => {
    const registry = new ClassRegistry([Base, Sub]);
    const ref = referenceTo(Base, { __CLASS: 'Msvm_CollectionReferencePointService', CreationClassName: 'X', Name: 'n', ElementName: 'e' }, registry);
    expect(ref.className).toBe('Msvm_CollectionReferencePointService');
    expect(Object.keys(ref.keys)).toEqual(['CreationClassName', 'Name']);
  });

  it('falls back to the declared class when __CLASS names a class it cannot check', () => {
    expect(referenceTo(Base, { __CLASS: 'Unknown_Class', CreationClassName: 'X', Name: 'n' }).className).toBe('CIM_Service');
  });

  it('marshals keys as their declared types and rejects values of the wrong type', () => {
    expect(referenceTo(Counter, { Id: 5 }).keys).toEqual({ Id: 5n });
    expect(referenceTo(Counter, { Id: 2n ** 60n }).keys).toEqual({ Id: 2n ** 60n });
    expect(() => referenceTo(Counter, { Id: 'five' })).toThrow(CimMarshalError);
  });

  it('leaves absent keys out, as a path to fill in later would', () => {
    const ref = referenceTo(Base, { Name: 'only' });
    expect(ref).toBeInstanceOf(CimReference);
    expect(ref.keys).toEqual({ Name: 'only' });
  });
});

describe('inherit', () => {
  it("replaces redeclared entries in place and appends new ones, in the model's flattened order", () => {
    const base = [{ name: 'A', v: 1 }, { name: 'B', v: 1 }];
    expect(inherit(base, [{ name: 'B', v: 2 }, { name: 'C', v: 1 }])).toEqual([{ name: 'A', v: 1 }, { name: 'B', v: 2 }, { name: 'C', v: 1 }]);
  });
});
