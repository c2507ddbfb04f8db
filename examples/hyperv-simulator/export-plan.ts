/**
 * Checking an ExportReferencePoint call the way Hyper-V answers it, and
 * turning a valid one into a plan: which VMs, which files, where. Each
 * refusal is one of Hyper-V's documented method codes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CimReference } from '@mofc/runtime';
import type { Msvm_CollectionReferencePointService_ExportReferencePoint_Args, Msvm_ReferencePointCollection } from 'hyperv-v2';
import type { SimulatedHost, VirtualDisk, VmConfiguration } from './host.js';
import { HostPathError } from './paths.js';

/** Hyper-V's common method return codes the simulator answers with. */
export const ReturnCode = {
  Completed: 0,
  JobStarted: 4096,
  Failed: 32768,
  InvalidParameter: 32773,
  SystemInUse: 32774,
  InvalidState: 32775,
  IncorrectDataType: 32776,
  FileNotFound: 32779,
} as const;

export interface PlannedVm extends VmConfiguration {
  /** The disks to copy (all of the VM's, or those `VirtualMachinesToDisksToExport` lists). */
  readonly exportDisks: readonly VirtualDisk[];
  /** Why this VM's disk data is left out (the export then completes with warnings), if it is. */
  readonly skipped?: string;
}

export interface ExportPlan {
  readonly collection: Msvm_ReferencePointCollection;
  readonly base: Msvm_ReferencePointCollection | undefined;
  /** As the caller wrote it (paths the job reports use its style). */
  readonly exportDirectory: string;
  /** Where the export appears: `<export directory>/<CollectionID>`. */
  readonly localTarget: string;
  readonly folderName: string;
  readonly vms: readonly PlannedVm[];
  /** Bytes of disk data to copy. */
  readonly diskBytes: number;
}

export type PlanResult = { readonly plan: ExportPlan } | { readonly refused: number; readonly why: string };

const refuse = (refused: number, why: string): PlanResult => ({ refused, why });

/** The export's identity for "one export per collection at a time". */
export function collectionKey(c: Msvm_ReferencePointCollection): string {
  return `${c.VirtualSystemCollectionId}|${c.CollectionID}`.toLowerCase();
}

export async function planExport(host: SimulatedHost, args: Msvm_CollectionReferencePointService_ExportReferencePoint_Args): Promise<PlanResult> {
  const ref = args.ReferencePointCollection;
  if (ref === undefined) return refuse(ReturnCode.InvalidParameter, 'ReferencePointCollection is NULL');
  if (!host.session.registry.isA(ref.className, 'Msvm_ReferencePointCollection')) {
    return refuse(ReturnCode.IncorrectDataType, `ReferencePointCollection names a ${ref.className}, not an Msvm_ReferencePointCollection`);
  }
  const collection = await host.referencePointCollection(ref);
  if (!collection) return refuse(ReturnCode.InvalidParameter, `no reference point collection ${ref.toString()}`);

  const dir = args.ExportDirectory;
  if (dir === undefined || dir.trim() === '') return refuse(ReturnCode.InvalidParameter, 'ExportDirectory is NULL or empty');
  let localDir: string;
  try {
    localDir = host.localPath(dir);
  } catch (e) {
    if (e instanceof HostPathError) return refuse(ReturnCode.InvalidParameter, e.message);
    throw e;
  }
  const stat = await fs.promises.stat(localDir).catch(() => undefined);
  if (!stat) return refuse(ReturnCode.FileNotFound, `export directory ${dir} does not exist`);
  if (!stat.isDirectory()) return refuse(ReturnCode.InvalidParameter, `export directory ${dir} is not a directory`);
  const folderName = collection.CollectionID;
  const localTarget = path.join(localDir, folderName);
  if (fs.existsSync(localTarget)) return refuse(ReturnCode.InvalidState, `${dir} already holds an export of ${folderName}`);

  const settings = args.ExportSettingData;
  let base: Msvm_ReferencePointCollection | undefined;
  // Absent or NULL: a full export.
  const baseText = settings?.BaseReferencePointCollection;
  if (baseText !== undefined && baseText !== null) {
    let baseRef: CimReference;
    try {
      baseRef = CimReference.parse(baseText);
    } catch {
      return refuse(ReturnCode.InvalidParameter, 'BaseReferencePointCollection is not an object path');
    }
    if (!host.session.registry.isA(baseRef.className, 'Msvm_ReferencePointCollection')) {
      return refuse(ReturnCode.IncorrectDataType, `BaseReferencePointCollection names a ${baseRef.className}`);
    }
    base = await host.referencePointCollection(baseRef);
    if (!base) return refuse(ReturnCode.InvalidParameter, `no reference point collection ${baseRef.toString()}`);
    if (base.VirtualSystemCollectionId.toLowerCase() !== collection.VirtualSystemCollectionId.toLowerCase()) {
      return refuse(ReturnCode.InvalidParameter, 'the base reference point belongs to another VM group');
    }
    // "Earlier" is the lower Generation: the simulator's seed numbers a group's reference points in order.
    if (collectionKey(base) === collectionKey(collection) || (base.Generation ?? 0n) >= (collection.Generation ?? 0n)) {
      return refuse(ReturnCode.InvalidParameter, 'the base reference point is not earlier than the exported one');
    }
  }

  const points = await host.referencePointsOf(collection);
  const byVm = new Map<string, (typeof points)[number]>(points.map((p) => [p.VirtualSystemIdentifier.toLowerCase(), p]));
  const narrow = new Map<string, readonly string[]>();
  for (const entry of settings?.VirtualMachinesToDisksToExport ?? []) {
    const vmId = entry.VirtualMachineId;
    if (vmId === undefined || vmId === null || !byVm.has(vmId.toLowerCase())) return refuse(ReturnCode.InvalidParameter, `VM ${String(vmId)} is not in this reference point`);
    narrow.set(vmId.toLowerCase(), entry.DisksToExport ?? []);
  }

  const vms: PlannedVm[] = [];
  let diskBytes = 0;
  for (const point of points) {
    const config = await host.vmConfiguration(point.VirtualSystemIdentifier);
    if (!config) return refuse(ReturnCode.Failed, `VM ${point.VirtualSystemIdentifier} has no configuration`);
    // Listing some VMs narrows the export to them.
    if (narrow.size > 0 && !narrow.has(config.vmId.toLowerCase())) continue;
    const wanted = narrow.get(config.vmId.toLowerCase());
    let exportDisks = config.disks;
    if (wanted !== undefined && wanted.length > 0) {
      const chosen: VirtualDisk[] = [];
      for (const id of wanted) {
        const disk = config.disks.find((d) => d.instanceId.toLowerCase() === id.toLowerCase());
        if (!disk) return refuse(ReturnCode.FileNotFound, `VM ${config.name} has no disk ${id}`);
        chosen.push(disk);
      }
      exportDisks = chosen;
    }
    const skipped = point.HasAssociatedData === false ? `the reference point of ${config.name} has no associated data; its disks were not exported` : undefined;
    if (!skipped) {
      for (const disk of exportDisks) {
        const s = await fs.promises.stat(disk.localPath).catch(() => undefined);
        if (!s?.isFile()) return refuse(ReturnCode.FileNotFound, `disk file ${disk.hostPath} does not exist`);
        diskBytes += s.size;
      }
    }
    vms.push({ ...config, exportDisks: skipped ? [] : exportDisks, ...(skipped ? { skipped } : {}) });
  }
  return { plan: { collection, base, exportDirectory: dir, localTarget, folderName, vms, diskBytes } };
}
