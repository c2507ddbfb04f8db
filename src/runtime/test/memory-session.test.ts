import { describe, expect, it } from 'vitest';
import { InMemorySession } from '../src/memory-session.js';
import { bindProvider, type CimProvider } from '../src/provider.js';
import { CimReference } from '../src/reference.js';
import { CimMarshalError, CimNotFoundError, CimSessionError, CimStatus, CimTimeoutError } from '../src/errors.js';
import {
  callMethod,
  createTypedInstance,
  deleteTypedInstance,
  enumerateTypedInstances,
  getTypedInstance,
  modifyTypedInstance,
  typedAssociators,
  typedReferences,
} from '../src/invoke.js';
import type { CimInstance } from '../src/session.js';
import { ALL, CIM_Collection, Msvm_CollectionReferencePointService as Service, NS, Test_Element, Test_Member, Test_SubElement, registry } from './fixtures.js';

async function collect(it: AsyncIterable<CimInstance>): Promise<CimInstance[]> {
  const out: CimInstance[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const names = (xs: CimInstance[]) => xs.map((x) => x.properties.Name ?? x.properties.InstanceID).sort();

function seeded(): InMemorySession {
  const s = new InMemorySession({ classes: ALL });
  s.put({ className: 'Test_Element', properties: { Name: 'a', Size: 1, Label: 'Alpha' } });
  s.put({ className: 'Test_Element', properties: { Name: 'b', Size: 2, Label: "O'Brien" } });
  s.put({ className: 'Test_SubElement', properties: { Name: 'c', Size: 3, Extra: true } });
  s.put({ className: 'Msvm_ReferencePointCollection', properties: { InstanceID: 'rp1' } });
  s.put({ className: 'Msvm_ReferencePointCollection', properties: { InstanceID: 'rp2' } });
  const rp1 = CimReference.to('Msvm_ReferencePointCollection', { InstanceID: 'rp1' });
  const rp2 = CimReference.to('Msvm_ReferencePointCollection', { InstanceID: 'rp2' });
  const el = (n: string, c = 'Test_Element') => CimReference.to(c, { Name: n });
  s.put({ className: 'Test_Member', properties: { Collection: rp1, Member: el('a') } });
  s.put({ className: 'Test_Member', properties: { Collection: rp1, Member: el('c', 'Test_SubElement') } });
  s.put({ className: 'Test_Member', properties: { Collection: rp2, Member: el('b') } });
  s.put({ className: 'Test_Owner', properties: { Collection: rp2, Member: el('a') } });
  return s;
}

describe('InMemorySession CRUD', () => {
  it('creates, gets, modifies and deletes instances', async () => {
    const s = new InMemorySession({ classes: ALL });
    const path = await s.createInstance({ className: 'Test_Element', properties: { Name: 'x', Size: 1 } });
    expect(path.toString('dmtf')).toBe('root/virtualization/v2:Test_Element.Name="x"');
    const got = await s.getInstance(CimReference.to('Test_Element', { Name: 'x' }));
    expect(got.properties).toEqual({ Name: 'x', Size: 1 });
    expect(got.path?.equals(path)).toBe(true);
    expect(got.namespace).toBe(NS);
    await expect(s.createInstance({ className: 'Test_Element', properties: { Name: 'x' } })).rejects.toMatchObject({ status: CimStatus.ALREADY_EXISTS });
    await s.modifyInstance({ className: 'Test_Element', properties: { Name: 'x', Label: 'L', Size: 9 } }, { propertyList: ['Label'] });
    expect((await s.getInstance(path)).properties).toEqual({ Name: 'x', Size: 1, Label: 'L' });
    await s.modifyInstance({ className: 'Test_Element', properties: { Name: 'x', Size: 9 } });
    expect((await s.getInstance(path)).properties).toEqual({ Name: 'x', Size: 9, Label: 'L' });
    await s.deleteInstance(path);
    await expect(s.getInstance(path)).rejects.toBeInstanceOf(CimNotFoundError);
    await expect(s.deleteInstance(path)).rejects.toMatchObject({ code: 'CIM_NOT_FOUND', status: 6 });
    await expect(s.modifyInstance({ className: 'Test_Element', properties: { Name: 'x' } })).rejects.toBeInstanceOf(CimNotFoundError);
  });

  it('rejects unknown and abstract classes and missing keys', async () => {
    const s = new InMemorySession({ classes: ALL });
    await expect(s.createInstance({ className: 'Nope', properties: {} })).rejects.toMatchObject({ status: CimStatus.INVALID_CLASS });
    await expect(s.createInstance({ className: 'CIM_Collection', properties: { InstanceID: 'x' } })).rejects.toThrow(/abstract/);
    await expect(s.createInstance({ className: 'Test_Element', properties: { Size: 1 } })).rejects.toMatchObject({
      status: CimStatus.INVALID_PARAMETER,
      message: expect.stringContaining('Test_Element.Name'),
    });
  });

  it('stores deep-frozen copies: no aliasing with callers', async () => {
    const s = new InMemorySession({ classes: ALL });
    const props = { Name: 'x', Tags: ['a'] as string[] };
    const path = s.put({ className: 'Test_Element', properties: props });
    props.Tags.push('b');
    (props as Record<string, unknown>).Size = 5;
    const got = await s.getInstance(path);
    expect(got.properties).toEqual({ Name: 'x', Tags: ['a'] });
    expect(Object.isFrozen(got)).toBe(true);
    expect(Object.isFrozen(got.properties)).toBe(true);
    expect(Object.isFrozen(got.properties.Tags)).toBe(true);
    expect(() => {
      (got.properties as Record<string, unknown>).Name = 'y';
    }).toThrow(TypeError);
  });

  it('finds an instance through a base-class path', async () => {
    const s = seeded();
    const got = await s.getInstance(CimReference.to('Test_Element', { Name: 'c' }));
    expect(got.className).toBe('Test_SubElement');
    await expect(s.getInstance(CimReference.to('Test_SubElement', { Name: 'a' }))).rejects.toBeInstanceOf(CimNotFoundError);
    await expect(s.getInstance(CimReference.to('Test_Element', { Name: 'a' }, { namespace: 'root/other' }))).rejects.toBeInstanceOf(CimNotFoundError);
  });
});

describe('InMemorySession queries', () => {
  it('enumerates deep by default, shallow on request', async () => {
    const s = seeded();
    expect(names(await collect(s.enumerateInstances('Test_Element')))).toEqual(['a', 'b', 'c']);
    expect(names(await collect(s.enumerateInstances('Test_Element', { deep: false })))).toEqual(['a', 'b']);
    expect(names(await collect(s.enumerateInstances('CIM_Collection')))).toEqual(['rp1', 'rp2']);
    expect(await collect(s.enumerateInstances('Test_Element', { namespace: 'root/other' }))).toEqual([]);
    await expect(collect(s.enumerateInstances('Nope'))).rejects.toMatchObject({ status: CimStatus.INVALID_CLASS });
  });

  it('evaluates the WQL subset', async () => {
    const s = seeded();
    const q = async (filter: string) => names(await collect(s.enumerateInstances('Test_Element', { filter })));
    expect(await q('SELECT * FROM Test_Element')).toEqual(['a', 'b', 'c']);
    expect(await q("SELECT * FROM Test_Element WHERE Name = 'A'")).toEqual(['a']);
    expect(await q('select * from test_element where Size >= 2 and Name <> "c"')).toEqual(['b']);
    expect(await q("SELECT * FROM Test_Element WHERE Label = 'O\\'Brien'")).toEqual(['b']);
    expect(await q('SELECT * FROM Test_Element WHERE Label IS NULL')).toEqual(['c']);
    expect(await q('SELECT * FROM Test_Element WHERE Label IS NOT NULL AND Size < 2')).toEqual(['a']);
    expect(await q('SELECT * FROM Test_SubElement WHERE Extra = TRUE')).toEqual(['c']);
    const projected = await collect(s.enumerateInstances('Test_Element', { filter: "SELECT Size FROM Test_Element WHERE Name = 'a'" }));
    expect(projected[0]!.properties).toEqual({ Name: 'a', Size: 1 });
    for (const bad of [
      'SELECT * FROM Test_Element WHERE Name = "a" OR Name = "b"',
      'SELECT * FROM Test_Element WHERE Name LIKE "a%"',
      'DELETE FROM Test_Element',
      'SELECT * FROM Test_Element WHERE NOT Size = 1',
      "SELECT * FROM Test_Element WHERE Name = 'a",
      'SELECT * FROM Test_Element WHERE (Size = 1)',
    ]) {
      await expect(collect(s.enumerateInstances('Test_Element', { filter: bad })), bad).rejects.toMatchObject({ status: CimStatus.INVALID_QUERY });
    }
  });

  it('computes associators with assocClass, resultClass, role and resultRole', async () => {
    const s = seeded();
    const rp1 = CimReference.to('Msvm_ReferencePointCollection', { InstanceID: 'rp1' });
    const a = CimReference.to('Test_Element', { Name: 'a' });
    expect(names(await collect(s.associators(rp1)))).toEqual(['a', 'c']);
    expect(names(await collect(s.associators(rp1, { resultClass: 'Test_SubElement' })))).toEqual(['c']);
    expect(names(await collect(s.associators(a)))).toEqual(['rp1', 'rp2']);
    expect(names(await collect(s.associators(a, { assocClass: 'Test_Owner' })))).toEqual(['rp2']);
    expect(names(await collect(s.associators(a, { role: 'Member', resultRole: 'Collection' })))).toEqual(['rp1', 'rp2']);
    expect(names(await collect(s.associators(a, { role: 'Collection' })))).toEqual([]);
    expect(names(await collect(s.associators(a, { resultRole: 'Member' })))).toEqual([]);
    // A subclass instance is found through a base-class path in the association.
    expect(names(await collect(s.associators(CimReference.to('Test_SubElement', { Name: 'c' }))))).toEqual(['rp1']);
  });

  it('computes references with resultClass and role', async () => {
    const s = seeded();
    const a = CimReference.to('Test_Element', { Name: 'a' });
    const refs = await collect(s.references(a));
    expect(refs.map((r) => r.className).sort()).toEqual(['Test_Member', 'Test_Owner']);
    expect((await collect(s.references(a, { resultClass: 'Test_Owner' }))).map((r) => r.className)).toEqual(['Test_Owner']);
    expect(await collect(s.references(a, { role: 'Collection' }))).toEqual([]);
    expect((await collect(s.references(a, { role: 'member' }))).length).toBe(2);
  });

  it('reads typed instances', async () => {
    const s = seeded();
    const reg = registry();
    const a = await getTypedInstance(s, Test_Element, CimReference.to('Test_Element', { Name: 'a' }), { registry: reg });
    expect(a).toEqual({ __CLASS: 'Test_Element', Name: 'a', Size: 1, Label: 'Alpha' });
    const all: unknown[] = [];
    for await (const e of enumerateTypedInstances(s, Test_Element, { registry: reg, filter: 'SELECT * FROM Test_Element WHERE Size > 1' })) all.push(e);
    expect(all).toEqual([
      { __CLASS: 'Test_Element', Name: 'b', Size: 2, Label: "O'Brien" },
      { __CLASS: 'Test_SubElement', Name: 'c', Size: 3, Extra: true },
    ]);
  });
});

describe('typed instance operations', () => {
  it('creates, modifies, deletes and traverses typed instances', async () => {
    const s = seeded();
    const reg = registry();
    const path = await createTypedInstance<{ Name: string }>(s, Test_Element, { Name: 'n', Size: 5 }, { registry: reg });
    expect(path.toString('dmtf')).toBe('root/virtualization/v2:Test_Element.Name="n"');
    await modifyTypedInstance(s, Test_Element, { Name: 'n', Label: 'new', Size: 6 }, { registry: reg, propertyList: ['Label'] });
    expect(await getTypedInstance(s, Test_Element, path)).toEqual({ __CLASS: 'Test_Element', Name: 'n', Size: 5, Label: 'new' });
    await deleteTypedInstance(s, Test_Element, CimReference.to('Test_Element', { Name: 'n' }));
    await expect(getTypedInstance(s, Test_Element, path)).rejects.toBeInstanceOf(CimNotFoundError);

    const rp1 = CimReference.to('Msvm_ReferencePointCollection', { InstanceID: 'rp1' });
    const members: unknown[] = [];
    for await (const m of typedAssociators(s, rp1, Test_Member, 'Collection', Test_Element, 'Member', { registry: reg })) members.push(m);
    expect(members).toEqual([
      { __CLASS: 'Test_Element', Name: 'a', Size: 1, Label: 'Alpha' },
      { __CLASS: 'Test_SubElement', Name: 'c', Size: 3, Extra: true },
    ]);
    const links: Record<string, unknown>[] = [];
    for await (const l of typedReferences<Record<string, unknown>>(s, rp1, Test_Member, 'Collection', { registry: reg })) links.push(l);
    expect(links.map((l) => (l.Member as CimReference).keys.Name)).toEqual(['a', 'c']);
    const collections: unknown[] = [];
    for await (const c of typedAssociators(s, CimReference.to('Test_Element', { Name: 'b' }), Test_Member, 'Member', CIM_Collection, 'Collection')) collections.push(c);
    expect(collections).toEqual([{ __CLASS: 'Msvm_ReferencePointCollection', InstanceID: 'rp2' }]);
  });
});

describe('InMemorySession methods, providers, cancellation', () => {
  const servicePath = CimReference.to('Msvm_CollectionReferencePointService', {
    CreationClassName: 'Msvm_CollectionReferencePointService',
    Name: 'svc',
    SystemCreationClassName: 'Msvm_ComputerSystem',
    SystemName: 'HV01',
  });

  function withService(provider: CimProvider): InMemorySession {
    const s = seeded();
    s.put({ className: 'Msvm_CollectionReferencePointService', properties: { ...servicePath.keys } });
    s.registerProvider('CIM_ManagedElement', provider); // found up the hierarchy
    return s;
  }

  it('dispatches to a typed provider through bindProvider', async () => {
    const reg = registry();
    const calls: unknown[] = [];
    const impl = {
      ExportReferencePoint(target: CimReference, args: Record<string, unknown>) {
        calls.push({ target: target.toString('dmtf'), args });
        if (args.ExportDirectory === 'bad') return { ReturnValue: 32773 };
        return { ReturnValue: 0 };
      },
    };
    const s = withService(bindProvider(Service, impl, reg));
    const rp = CimReference.to('Msvm_ReferencePointCollection', { InstanceID: 'rp1' });
    const result = await callMethod(s, Service, 'ExportReferencePoint', servicePath, {
      ReferencePointCollection: rp,
      ExportDirectory: 'D:\\out',
      ExportSettingData: { CopyVmStorage: true },
    }, { registry: reg });
    expect(result).toEqual({ ReturnValue: 0 });
    expect(calls).toEqual([
      {
        target: `root/virtualization/v2:${servicePath.toString('dmtf')}`,
        args: {
          ReferencePointCollection: rp,
          ExportDirectory: 'D:\\out',
          ExportSettingData: { __CLASS: 'Msvm_CollectionReferencePointExportSettingData', CopyVmStorage: true },
        },
      },
    ]);
    expect(await callMethod(s, Service, 'ExportReferencePoint', servicePath, { ExportDirectory: 'bad' }, { registry: reg })).toEqual({ ReturnValue: 32773 });
  });

  it('reports missing instances, methods and providers', async () => {
    const s = withService(bindProvider(Service, {}, registry()));
    await expect(s.invokeMethod(servicePath, 'ExportReferencePoint', {})).rejects.toMatchObject({ status: CimStatus.METHOD_NOT_AVAILABLE });
    await expect(s.invokeMethod(servicePath, 'Nope', {})).rejects.toMatchObject({ status: CimStatus.METHOD_NOT_FOUND });
    const ghost = CimReference.to('Msvm_CollectionReferencePointService', { ...servicePath.keys, Name: 'ghost' });
    await expect(s.invokeMethod(ghost, 'ExportReferencePoint', {})).rejects.toBeInstanceOf(CimNotFoundError);
    await expect(seeded().invokeMethod(CimReference.to('Test_Element', { Name: 'a' }), 'X', {})).rejects.toBeInstanceOf(CimSessionError);
    const bad = withService(bindProvider(Service, { ExportReferencePoint: () => ({ ReturnValue: 0 }) }, registry()));
    await expect(bad.invokeMethod(servicePath, 'ExportReferencePoint', { ExportDirectory: 5 })).rejects.toBeInstanceOf(CimMarshalError);
  });

  it('rejects at once on an already-aborted signal, with its reason', async () => {
    const s = seeded();
    const reason = new Error('stop');
    const signal = AbortSignal.abort(reason);
    const a = CimReference.to('Test_Element', { Name: 'a' });
    await expect(s.getInstance(a, { signal })).rejects.toBe(reason);
    await expect(s.createInstance({ className: 'Test_Element', properties: { Name: 'z' } }, { signal })).rejects.toBe(reason);
    await expect(collect(s.enumerateInstances('Test_Element', { signal }))).rejects.toBe(reason);
    await expect(collect(s.associators(a, { signal }))).rejects.toBe(reason);
    await expect(s.invokeMethod(a, 'X', {}, { signal })).rejects.toBe(reason);
    await expect(s.getInstance(CimReference.to('Test_Element', { Name: 'z' }))).rejects.toBeInstanceOf(CimNotFoundError);
  });

  it('times out slow providers and aborts them through their signal', async () => {
    let providerSignal: AbortSignal | undefined;
    const s = withService({
      invokeMethod: (_t, _m, _p, options) => {
        providerSignal = options.signal;
        return new Promise(() => {}); // never settles
      },
    });
    const err = await s.invokeMethod(servicePath, 'ExportReferencePoint', {}, { timeoutMs: 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CimTimeoutError);
    expect((err as CimTimeoutError).timeoutMs).toBe(20);
    expect(providerSignal?.aborted).toBe(true);

    const controller = new AbortController();
    const pending = s.invokeMethod(servicePath, 'ExportReferencePoint', {}, { signal: controller.signal });
    controller.abort(new Error('user cancelled'));
    await expect(pending).rejects.toThrow('user cancelled');
    expect(providerSignal?.aborted).toBe(true);
    await expect(s.getInstance(servicePath, { timeoutMs: -1 })).rejects.toThrow(/timeoutMs/);
  });

  it('lets providers serve instances', async () => {
    const s = new InMemorySession({ classes: ALL });
    let n = 0;
    s.registerProvider('Test_Element', {
      getInstance: (path) => ({ className: 'Test_Element', properties: { Name: path.key('Name') as string, Size: ++n } }),
    });
    const a = CimReference.to('Test_Element', { Name: 'a' });
    expect((await s.getInstance(a)).properties.Size).toBe(1);
    expect((await s.getInstance(a)).properties.Size).toBe(2);
  });

  it('adds provider-served instances to enumerations, typed providers included', async () => {
    const s = seeded();
    const reg = registry();
    s.registerProvider(
      'Test_SubElement',
      bindProvider(Test_SubElement, {
        *enumerateInstances() {
          yield { Name: 'p1', Size: 10, Extra: false };
          yield { Name: 'p2', Size: 20 };
        },
      }, reg),
    );
    expect(names(await collect(s.enumerateInstances('Test_Element')))).toEqual(['a', 'b', 'c', 'p1', 'p2']);
    expect(names(await collect(s.enumerateInstances('Test_Element', { filter: 'SELECT * FROM Test_Element WHERE Size > 15' })))).toEqual(['p2']);
    expect(names(await collect(s.enumerateInstances('Test_Element', { deep: false })))).toEqual(['a', 'b']);
    const served = (await collect(s.enumerateInstances('Test_SubElement'))).find((i) => i.properties.Name === 'p1')!;
    expect(served.className).toBe('Test_SubElement');
    expect(Object.isFrozen(served.properties)).toBe(true);
  });

  it('closes', async () => {
    const s = seeded();
    await s.close();
    await expect(s.getInstance(CimReference.to('Test_Element', { Name: 'a' }))).rejects.toThrow(/closed/);
  });
});
