/**
 * The runtime on the descriptors the generator really emits (the committed
 * hyperv-v2 package), not on hand-written ones: cross-stage facts such as the
 * order of a ValueMap's entries, which keys a class has, and how embedded
 * instances are declared surface here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { instanceFromCimXml, marshalArguments, returnValueName, type ClassDescriptor, type MethodDescriptor } from '@mofc/runtime';
import type * as HyperV from 'hyperv-v2';
import { loadHyperV } from '../wsman/hyperv-fixture.js';

let hv: typeof HyperV;
beforeAll(async () => {
  hv = await loadHyperV();
}, 300_000);

function methodsWithNames(): { cls: ClassDescriptor; method: MethodDescriptor }[] {
  const out: { cls: ClassDescriptor; method: MethodDescriptor }[] = [];
  for (const cls of hv.registry.all()) for (const method of cls.methods) if (method.returnValueNames) out.push({ cls, method });
  return out;
}

describe('return values named from the generated ValueMaps', () => {
  it("names every explicit value by its own entry, whatever the ValueMap's order ('..' is the fallback)", () => {
    const checked = methodsWithNames();
    expect(checked.length).toBeGreaterThan(300);
    const wrong: string[] = [];
    for (const { cls, method } of checked) {
      for (const [key, name] of Object.entries(method.returnValueNames!)) {
        if (!/^\d+$/.test(key)) continue;
        const got = returnValueName(method, BigInt(key), cls.name);
        if (got !== name) wrong.push(`${cls.name}.${method.name}(${key}): ${String(got)}, not ${name}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("names a value inside a range by the range, even where '..' comes first in the schema", () => {
    const { method } = methodsWithNames().find(({ cls, method }) => cls.name === 'Msvm_CollectionReferencePointService' && method.name === 'CreateReferencePoint')!;
    expect(Object.keys(method.returnValueNames!).indexOf('..')).toBeLessThan(Object.keys(method.returnValueNames!).indexOf('4097..32767'));
    expect(returnValueName(method, 4097, 'Msvm_CollectionReferencePointService')).toBe('Method Reserved');
    expect(returnValueName(method, 7, 'Msvm_CollectionReferencePointService')).toBe('DMTF Reserved');
  });
});

describe('generated classes through the runtime', () => {
  it('ref() of an instance as read keeps only its class keys', () => {
    const read = {
      __CLASS: 'Msvm_CollectionReferencePointService',
      CreationClassName: 'Msvm_CollectionReferencePointService',
      Name: 'svc',
      SystemCreationClassName: 'Msvm_ComputerSystem',
      SystemName: 'HOST',
      ElementName: 'Reference point service',
      EnabledState: 2,
    } as unknown as HyperV.Msvm_CollectionReferencePointService;
    const ref = hv.Msvm_CollectionReferencePointService.ref(read);
    expect(ref.className).toBe('Msvm_CollectionReferencePointService');
    expect(Object.keys(ref.keys).sort()).toEqual(['CreationClassName', 'Name', 'SystemCreationClassName', 'SystemName']);
    expect(ref.namespace).toBe('root/virtualization/v2');
  });

  it("marshals ExportReferencePoint's arguments as the schema declares them: REF, string, embedded instance with only what was given", () => {
    const descriptor = hv.Msvm_CollectionReferencePointService.descriptor;
    const method = descriptor.methods.find((m) => m.name === 'ExportReferencePoint')!;
    const wire = marshalArguments(
      descriptor,
      method,
      {
        ReferencePointCollection: hv.Msvm_ReferencePointCollection.ref({ CollectionID: 'RPC-1', VirtualSystemCollectionId: 'GROUP-1' }),
        ExportDirectory: 'D:\\exports',
        ExportSettingData: { ElementName: 'nightly', BaseReferencePointCollection: null },
      },
      hv.registry,
    );
    expect(Object.keys(wire)).toEqual(['ReferencePointCollection', 'ExportDirectory', 'ExportSettingData']);
    const embedded = instanceFromCimXml(wire['ExportSettingData'] as string);
    expect(embedded.className).toBe('Msvm_CollectionReferencePointExportSettingData');
    // Given: ElementName, and an explicit NULL; left out: everything else (WMI's defaults apply).
    expect(embedded.properties).toEqual({ ElementName: 'nightly', BaseReferencePointCollection: null });
  });
});
