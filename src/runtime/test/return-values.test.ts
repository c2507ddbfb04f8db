import { describe, expect, it } from 'vitest';
import type { MethodDescriptor } from '../src/descriptor.js';
import { HYPERV_RETURN_VALUES, isRetryableReturnValue, returnValueName } from '../src/return-values.js';
import { returnValueName as fromIndex } from '../src/index.js';
import { InMemorySession } from '../src/memory-session.js';
import { bindProvider } from '../src/provider.js';
import { CimReference } from '../src/reference.js';
import { CimMethodError } from '../src/errors.js';
import { callMethodAndWait } from '../src/invoke.js';
import { ExportReferencePoint, Msvm_CollectionReferencePointService as Service, registry } from './fixtures.js';

const method = (names: Record<string, string>): MethodDescriptor => ({ name: 'M', returns: { type: 'uint32' }, parameters: [], returnValueNames: names });

/** CreateReferencePoint's ValueMap, in schema order: `..` comes before 4096 and the ranges. */
const createReferencePoint = method({
  '0': 'Completed with No Error',
  '1': 'Not Supported',
  '4': 'Invalid Parameter',
  '..': 'DMTF Reserved',
  '4096': 'Method Parameters Checked - Job Started',
  '4097..32767': 'Method Reserved',
  '32768..65535': 'Vendor Specific',
});

describe('returnValueName', () => {
  it('checks the ValueMap `..` entry last, after every explicit value and range', () => {
    expect(returnValueName(createReferencePoint, 4096)).toBe('Method Parameters Checked - Job Started');
    expect(returnValueName(createReferencePoint, 4097)).toBe('Method Reserved');
    expect(returnValueName(createReferencePoint, 40000n)).toBe('Vendor Specific');
    expect(returnValueName(createReferencePoint, 7)).toBe('DMTF Reserved');
    expect(returnValueName(createReferencePoint, 4)).toBe('Invalid Parameter');
    expect(returnValueName(method({ '10..': 'Ten and up', '..': 'Other' }), 11)).toBe('Ten and up');
    expect(returnValueName(method({ '..20': 'Up to twenty', '..': 'Other' }), 21)).toBe('Other');
    expect(returnValueName(method({}), 1)).toBeUndefined();
    expect(returnValueName({ name: 'M', returns: { type: 'uint32' }, parameters: [] }, 1)).toBeUndefined();
  });

  it("names Hyper-V's common codes 32768–32779 on Msvm_ classes when the ValueMap does not list them", () => {
    expect(Object.keys(HYPERV_RETURN_VALUES).map(Number)).toEqual([32768, 32769, 32770, 32771, 32772, 32773, 32774, 32775, 32776, 32777, 32778, 32779]);
    const exportRp = method({ '0': 'Completed with No Error', '4096': 'Method Parameters Checked - Job Started' });
    expect(returnValueName(exportRp, 32779, 'Msvm_CollectionReferencePointService')).toBe('File not found');
    expect(returnValueName(exportRp, 32774n, 'msvm_x')).toBe('System is in use');
    // Before a range: "Vendor Specific" says less than Hyper-V's own name.
    expect(returnValueName(createReferencePoint, 32775, 'Msvm_CollectionReferencePointService')).toBe('Invalid state for this operation');
    // An explicit value in the method's ValueMap wins.
    expect(returnValueName(method({ '32775': 'Invalid state' }), 32775, 'Msvm_X')).toBe('Invalid state');
    // Not Hyper-V's class, or out of the common range: no Hyper-V name.
    expect(returnValueName(exportRp, 32779, 'CIM_Service')).toBeUndefined();
    expect(returnValueName(exportRp, 32779)).toBeUndefined();
    expect(returnValueName(createReferencePoint, 32780, 'Msvm_X')).toBe('Vendor Specific');
    // The package exports this very function.
    expect(fromIndex).toBe(returnValueName);
  });

  it('marks 32774 and 32775 retryable on Hyper-V classes only', () => {
    expect(isRetryableReturnValue(32774, 'Msvm_X')).toBe(true);
    expect(isRetryableReturnValue(32775n, 'Msvm_X')).toBe(true);
    expect(isRetryableReturnValue(32773, 'Msvm_X')).toBe(false);
    expect(isRetryableReturnValue(32774, 'CIM_X')).toBe(false);
  });
});

describe('CimMethodError from a job-aware call', () => {
  it('is named and marked retryable', async () => {
    const reg = registry();
    const session = new InMemorySession({ registry: reg });
    const target = CimReference.to('Msvm_CollectionReferencePointService', { CreationClassName: 'c', Name: 'n', SystemCreationClassName: 's', SystemName: 'h' });
    session.put({ className: target.className, properties: { ...target.keys } });
    const codes = [32774, 32779];
    session.registerProvider(Service.name, bindProvider(Service, { ExportReferencePoint: () => ({ ReturnValue: codes.shift() }) }, reg));
    const call = () => callMethodAndWait(session, Service, ExportReferencePoint.name, target, {}, { registry: reg, timeoutMs: 1000 }).catch((e: unknown) => e as CimMethodError);
    const busy = await call();
    expect(busy).toBeInstanceOf(CimMethodError);
    expect(busy).toMatchObject({ returnValue: 32774, returnValueName: 'System is in use', retryable: true });
    expect(busy.message).toBe('Msvm_CollectionReferencePointService.ExportReferencePoint returned 32774 (System is in use)');
    // The fixture's own ValueMap names 32779..32800 "Some Range"; ranges come after Hyper-V's names.
    expect(await call()).toMatchObject({ returnValue: 32779, returnValueName: 'File not found', retryable: false });
  });
});
