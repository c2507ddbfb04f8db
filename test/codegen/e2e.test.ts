/**
 * End to end through the in-memory session, importing the committed generated
 * package by its name (`hyperv-v2`, a workspace package) as a user would. The
 * package is built (`tsc -p generated/hyperv-v2`) first when its `dist/` is
 * missing or older than its sources.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CimDateTime, CimJobError, CimReference } from '@mofc/runtime';
import { InMemorySession } from '@mofc/runtime/memory';
import type * as HyperV from 'hyperv-v2';

const root = path.resolve(import.meta.dirname, '../..');
const pkgDir = path.join(root, 'generated/hyperv-v2');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  const dist = path.join(pkgDir, 'dist', 'index.js');
  if (fs.existsSync(dist) && fs.statSync(dist).mtimeMs >= newestMtime(path.join(pkgDir, 'src'))) return;
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', pkgDir], { stdio: 'pipe' });
}

let hv: typeof HyperV;

beforeAll(async () => {
  ensureBuilt();
  hv = await import('hyperv-v2');
}, 180_000);

describe('generated hyperv-v2 through InMemorySession', () => {
  it('creates instances and reads them back typed (uint64, datetime, arrays, NULL)', async () => {
    const { Msvm_ComputerSystem, registry } = hv;
    const session = new InMemorySession({ registry, namespace: 'root/virtualization/v2' });
    const big = 2n ** 53n + 7n;
    const changed = CimDateTime.parse('20240131123456.123456+060');
    const path1 = await Msvm_ComputerSystem.create(session, {
      CreationClassName: 'Msvm_ComputerSystem',
      Name: 'VM-1',
      ElementName: 'web server',
      OnTimeInMilliseconds: big,
      ProcessID: 4242,
      TimeOfLastConfigurationChange: changed,
      OperationalStatus: [2, 32768],
      EnabledState: hv.CIM_EnabledLogicalElement_EnabledState.Enabled,
    });
    await Msvm_ComputerSystem.create(session, { CreationClassName: 'Msvm_ComputerSystem', Name: 'VM-2', OnTimeInMilliseconds: 5 });
    expect(path1.className).toBe('Msvm_ComputerSystem');

    const all: HyperV.Msvm_ComputerSystem[] = [];
    for await (const vm of Msvm_ComputerSystem.enumerate(session)) all.push(vm);
    expect(all.map((vm) => vm.Name).sort()).toEqual(['VM-1', 'VM-2']);

    const vm1 = await Msvm_ComputerSystem.get(session, Msvm_ComputerSystem.ref({ CreationClassName: 'Msvm_ComputerSystem', Name: 'VM-1' }));
    expect(vm1.__CLASS).toBe('Msvm_ComputerSystem');
    expect(vm1.OnTimeInMilliseconds).toBe(big);
    expect(typeof vm1.OnTimeInMilliseconds).toBe('bigint');
    expect(vm1.TimeOfLastConfigurationChange?.equals(changed)).toBe(true);
    expect(vm1.OperationalStatus).toEqual([2, 32768]);
    expect(vm1.EnabledState).toBe(2);
    expect(vm1.ProcessID).toBe(4242);
    // NULL (never set) stays absent.
    expect('InstallDate' in vm1).toBe(false);
    const vm2 = all.find((vm) => vm.Name === 'VM-2')!;
    expect(vm2.OnTimeInMilliseconds).toBe(5n);
    expect(vm2.ElementName).toBeUndefined();
  });

  it('follows an association from one end to the other, typed', async () => {
    const { Msvm_CollectedReferencePoints, Msvm_ReferencePointCollection, Msvm_VirtualSystemReferencePoint, registry } = hv;
    const session = new InMemorySession({ registry, namespace: 'root/virtualization/v2' });
    const collection = await Msvm_ReferencePointCollection.create(session, {
      CollectionID: 'c1',
      VirtualSystemCollectionId: 'vsc1',
      ElementName: 'nightly',
    });
    const points: CimReference<HyperV.Msvm_VirtualSystemReferencePoint>[] = [];
    for (const id of ['rp1', 'rp2']) {
      points.push(await Msvm_VirtualSystemReferencePoint.create(session, { InstanceID: id, VirtualSystemIdentifier: 'vm-1', ElementName: `point ${id}` }));
    }
    for (const member of points) await Msvm_CollectedReferencePoints.create(session, { Collection: collection, Member: member });

    const found: HyperV.Msvm_VirtualSystemReferencePoint[] = [];
    for await (const point of Msvm_CollectedReferencePoints.followFromCollection(session, collection)) found.push(point);
    expect(found.map((p) => p.InstanceID).sort()).toEqual(['rp1', 'rp2']);
    expect(found[0]!.__CLASS).toBe('Msvm_VirtualSystemReferencePoint');

    const back: HyperV.Msvm_ReferencePointCollection[] = [];
    for await (const c of Msvm_CollectedReferencePoints.followFromMember(session, points[0]!)) back.push(c);
    expect(back.map((c) => c.ElementName)).toEqual(['nightly']);

    const links: HyperV.Msvm_CollectedReferencePoints[] = [];
    for await (const link of Msvm_CollectedReferencePoints.referencesFromCollection(session, collection)) links.push(link);
    expect(links).toHaveLength(2);
    expect(links[0]!.Collection).toBeInstanceOf(CimReference);
  });

  it('invokes ExportReferencePoint through a provider implementing the generated interface, and waits for its job', async () => {
    const { Msvm_CollectionReferencePointService, Msvm_ConcreteJob, registry } = hv;
    const session = new InMemorySession({ registry, namespace: 'root/virtualization/v2' });
    const received: HyperV.Msvm_CollectionReferencePointService_ExportReferencePoint_Args[] = [];
    let jobs = 0;
    const provider: HyperV.Msvm_CollectionReferencePointServiceProvider = {
      async ExportReferencePoint(_target, args) {
        received.push(args);
        if (args.ExportDirectory === 'sync') return { ReturnValue: 0 };
        if (args.ExportDirectory === 'denied') return { ReturnValue: 32769 };
        jobs += 1;
        const failed = args.ExportDirectory === 'Z:\\full';
        const running = args.ExportDirectory === 'slow';
        const job = await Msvm_ConcreteJob.create(session, {
          InstanceID: `job-${jobs}`,
          Name: 'export',
          JobState: running ? 4 : failed ? 10 : 7,
          PercentComplete: running ? 10 : failed ? 40 : 100,
          ErrorCode: failed ? 32768 : 0,
          ...(failed ? { ErrorDescription: 'disk full' } : {}),
          TimeBeforeRemoval: CimDateTime.interval({ minutes: 5 }),
        });
        return { ReturnValue: 4096, Job: job };
      },
    };
    session.registerProvider('Msvm_CollectionReferencePointService', Msvm_CollectionReferencePointService.bindProvider(provider));

    const service = await Msvm_CollectionReferencePointService.create(session, {
      CreationClassName: 'Msvm_CollectionReferencePointService',
      Name: 'vmms',
      SystemCreationClassName: 'Msvm_ComputerSystem',
      SystemName: 'HOST',
    });
    const collection = hv.Msvm_ReferencePointCollection.ref({ CollectionID: 'c1', VirtualSystemCollectionId: 'vsc1' });
    const settings: HyperV.Msvm_CollectionReferencePointExportSettingDataInit = {
      ElementName: 'export settings',
      BaseReferencePointCollection: 'base',
      VirtualMachinesToDisksToExport: [{ VirtualMachineId: 'vm-1', DisksToExport: ['a.vhdx', 'b.vhdx'] }],
    };

    const progress: number[] = [];
    const result = await Msvm_CollectionReferencePointService.ExportReferencePointAndWait(
      session,
      service,
      { ReferencePointCollection: collection, ExportDirectory: 'D:\\export', ExportSettingData: settings },
      { timeoutMs: 5_000, pollIntervalMs: 5, onProgress: (percent) => progress.push(percent) },
    );
    expect(progress).toEqual([100]);
    expect(result.ReturnValue).toBe(hv.Msvm_CollectionReferencePointService_ExportReferencePoint_ReturnValue.MethodParametersCheckedJobStarted);
    expect(result.Job).toBeInstanceOf(CimReference);
    expect(result.Job!.className).toBe('Msvm_ConcreteJob');
    // The finished job, typed as the parameter's class (CIM_ConcreteJob), its real class in __CLASS.
    expect(result.finishedJob?.__CLASS).toBe('Msvm_ConcreteJob');
    expect(result.finishedJob?.JobState).toBe(hv.CIM_ConcreteJob_JobState.Completed);
    expect(result.finishedJob?.PercentComplete).toBe(100);
    expect(result.finishedJob?.TimeBeforeRemoval?.isInterval).toBe(true);

    // What the provider saw: typed, unmarshaled values.
    const args = received[0]!;
    expect(args.ReferencePointCollection).toBeInstanceOf(CimReference);
    expect(args.ReferencePointCollection!.className).toBe('Msvm_ReferencePointCollection');
    expect(args.ReferencePointCollection!.key('CollectionID')).toBe('c1');
    expect(args.ExportDirectory).toBe('D:\\export');
    expect(args.ExportSettingData).toMatchObject({
      __CLASS: 'Msvm_CollectionReferencePointExportSettingData',
      ElementName: 'export settings',
      BaseReferencePointCollection: 'base',
      VirtualMachinesToDisksToExport: [{ __CLASS: 'Msvm_VirtualMachineToDisks', VirtualMachineId: 'vm-1', DisksToExport: ['a.vhdx', 'b.vhdx'] }],
    });

    // Synchronous completion: no job, ReturnValue 0.
    const sync = await Msvm_CollectionReferencePointService.ExportReferencePoint(session, service, { ExportDirectory: 'sync' });
    expect(sync).toEqual({ ReturnValue: 0 });

    // A failed job becomes a CimJobError carrying ErrorCode/ErrorDescription.
    const failure = await Msvm_CollectionReferencePointService.ExportReferencePointAndWait(
      session,
      service,
      { ExportDirectory: 'Z:\\full' },
      { timeoutMs: 5_000, pollIntervalMs: 5 },
    ).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CimJobError);
    expect((failure as CimJobError).errorDescription).toBe('disk full');

    // Another return value is an error in the job-aware form, data in the plain one.
    await expect(
      Msvm_CollectionReferencePointService.ExportReferencePointAndWait(session, service, { ExportDirectory: 'denied' }, { timeoutMs: 1_000 }),
    ).rejects.toThrow(/32769/);
    expect((await Msvm_CollectionReferencePointService.ExportReferencePoint(session, service, { ExportDirectory: 'denied' })).ReturnValue).toBe(32769);

    // A job that never ends: the timeout, or the caller's signal, stops the wait.
    await expect(
      Msvm_CollectionReferencePointService.ExportReferencePointAndWait(session, service, { ExportDirectory: 'slow' }, { timeoutMs: 50, pollIntervalMs: 5 }),
    ).rejects.toMatchObject({ name: 'CimJobTimeoutError', code: 'CIM_TIMEOUT' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled by the user')), 30);
    await expect(
      Msvm_CollectionReferencePointService.ExportReferencePointAndWait(
        session,
        service,
        { ExportDirectory: 'slow' },
        { timeoutMs: 5_000, pollIntervalMs: 5, signal: controller.signal },
      ),
    ).rejects.toThrow('cancelled by the user');
  });

  it('modifies and deletes through the typed operations', async () => {
    const { Msvm_ComputerSystem, registry } = hv;
    const session = new InMemorySession({ registry, namespace: 'root/virtualization/v2' });
    const vm = await Msvm_ComputerSystem.create(session, { CreationClassName: 'Msvm_ComputerSystem', Name: 'VM-9', ElementName: 'old' });
    await Msvm_ComputerSystem.modify(session, { CreationClassName: 'Msvm_ComputerSystem', Name: 'VM-9', ElementName: 'new', NumberOfNumaNodes: 2 });
    const read = await Msvm_ComputerSystem.get(session, vm);
    expect(read.ElementName).toBe('new');
    expect(read.NumberOfNumaNodes).toBe(2);
    await Msvm_ComputerSystem.delete(session, vm);
    await expect(Msvm_ComputerSystem.get(session, vm)).rejects.toMatchObject({ name: 'CimNotFoundError' });
  });

  it('imports one class without the rest of the schema (subpath export)', async () => {
    const mod = await import('hyperv-v2/classes/Msvm_CollectionReferencePointService');
    expect(mod.Msvm_CollectionReferencePointService.descriptor.name).toBe('Msvm_CollectionReferencePointService');
    expect(typeof mod.Msvm_CollectionReferencePointService.ExportReferencePointAndWait).toBe('function');
  });
});
