/**
 * The simulated Hyper-V host's state: a CIM repository (`InMemorySession`,
 * holding the generated Hyper-V classes) seeded from a JSON file, and a root
 * directory standing in for the host's drives, where the virtual disks live
 * and exports are written. Reads go through the generated package, as a
 * provider on a real host would read its own model.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CimReference, parseSeed, type CimInstance } from '@mofc/runtime';
import { InMemorySession } from '@mofc/runtime/memory';
import {
  Msvm_CollectedReferencePoints,
  Msvm_ReferencePointCollection,
  Msvm_SettingsDefineState,
  Msvm_StorageAllocationSettingData,
  Msvm_VirtualSystemCollection,
  Msvm_VirtualSystemSettingData,
  registry,
  type Msvm_VirtualSystemReferencePoint,
} from 'hyperv-v2';
import { hostBaseName, toLocalPath } from './paths.js';

export const NAMESPACE = 'root/virtualization/v2';

export interface HostOptions {
  /** The directory standing in for the host's drives (`C:\…` is `<root>/C/…`). */
  readonly root: string;
  /** Size of each virtual disk file the host creates when the seed names one that does not exist yet (default 256 KiB). */
  readonly diskBytes?: number;
}

/** A virtual disk of a VM: its `Msvm_StorageAllocationSettingData` InstanceID and the file behind it. */
export interface VirtualDisk {
  readonly instanceId: string;
  readonly hostPath: string;
  readonly localPath: string;
}

/** A VM's configuration as the repository holds it (wire instances, so they export exactly). */
export interface VmConfiguration {
  readonly vmId: string;
  readonly name: string;
  /** Its `Msvm_VirtualSystemSettingData`. */
  readonly system: CimInstance;
  /** Its resource settings (`Msvm_VirtualSystemSettingDataComponent` parts), disks included, in a stable order. */
  readonly resources: readonly CimInstance[];
  readonly disks: readonly VirtualDisk[];
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export class SimulatedHost {
  readonly session: InMemorySession;
  readonly root: string;

  private constructor(session: InMemorySession, root: string) {
    this.session = session;
    this.root = root;
  }

  /** A host seeded from seed JSON text; creates the root and the seeded disk files that do not exist. */
  static async load(seedText: string, options: HostOptions): Promise<SimulatedHost> {
    const session = new InMemorySession({ registry, namespace: NAMESPACE });
    for (const instance of parseSeed(seedText, registry, { namespace: NAMESPACE })) session.put(instance);
    const host = new SimulatedHost(session, path.resolve(options.root));
    await fs.promises.mkdir(host.root, { recursive: true });
    await host.#createDiskFiles(options.diskBytes ?? 256 * 1024);
    return host;
  }

  /** The local path a host path names (throws `HostPathError` for paths outside the root's reach). */
  localPath(hostPath: string): string {
    return toLocalPath(this.root, hostPath);
  }

  /** The reference point collection a path names, or undefined. */
  async referencePointCollection(ref: CimReference): Promise<Msvm_ReferencePointCollection | undefined> {
    try {
      return await Msvm_ReferencePointCollection.get(this.session, ref as CimReference<Msvm_ReferencePointCollection>);
    } catch {
      return undefined;
    }
  }

  /** Every reference point collection, seeded order. */
  async referencePointCollections(): Promise<Msvm_ReferencePointCollection[]> {
    const out: Msvm_ReferencePointCollection[] = [];
    for await (const c of Msvm_ReferencePointCollection.enumerate(this.session)) out.push(c);
    return out;
  }

  async vmGroups(): Promise<Msvm_VirtualSystemCollection[]> {
    const out: Msvm_VirtualSystemCollection[] = [];
    for await (const c of Msvm_VirtualSystemCollection.enumerate(this.session)) out.push(c);
    return out;
  }

  /** The per-VM reference points of a collection. */
  async referencePointsOf(collection: Msvm_ReferencePointCollection): Promise<Msvm_VirtualSystemReferencePoint[]> {
    const out: Msvm_VirtualSystemReferencePoint[] = [];
    for await (const p of Msvm_CollectedReferencePoints.followFromCollection(this.session, Msvm_ReferencePointCollection.ref(collection))) out.push(p);
    return out.sort((a, b) => a.VirtualSystemIdentifier.localeCompare(b.VirtualSystemIdentifier));
  }

  /** The VMs (`Msvm_ComputerSystem` with a settings definition), keyed by their Name (the VM id). */
  async virtualMachines(): Promise<Map<string, string>> {
    const vms = new Map<string, string>();
    for await (const link of Msvm_SettingsDefineState.enumerate(this.session)) {
      const id = text(link.ManagedElement.key('Name'));
      if (id === undefined) continue;
      const system = await this.session.getInstance(link.ManagedElement);
      vms.set(id, text(system.properties.ElementName) ?? id);
    }
    return vms;
  }

  /** A VM's configuration: its system settings, resource settings and disks. */
  async vmConfiguration(vmId: string): Promise<VmConfiguration | undefined> {
    const vm = CimReference.to('Msvm_ComputerSystem', { CreationClassName: 'Msvm_ComputerSystem', Name: vmId }, { namespace: NAMESPACE });
    let system: CimInstance | undefined;
    for await (const s of this.session.associators(vm, { assocClass: Msvm_SettingsDefineState.descriptor.name, resultClass: Msvm_VirtualSystemSettingData.descriptor.name })) {
      system = s;
    }
    if (!system) return undefined;
    const resources: CimInstance[] = [];
    for await (const r of this.session.associators(system.path!, { assocClass: 'Msvm_VirtualSystemSettingDataComponent', role: 'GroupComponent' })) resources.push(r);
    resources.sort((a, b) => `${a.className}|${text(a.properties.InstanceID) ?? ''}`.localeCompare(`${b.className}|${text(b.properties.InstanceID) ?? ''}`));
    const disks: VirtualDisk[] = [];
    for (const r of resources) {
      if (!registry.isA(r.className, Msvm_StorageAllocationSettingData.descriptor.name)) continue;
      const hostPaths = r.properties.HostResource;
      const hostPath = Array.isArray(hostPaths) ? text(hostPaths[0]) : undefined;
      const instanceId = text(r.properties.InstanceID);
      if (hostPath === undefined || instanceId === undefined) continue;
      disks.push({ instanceId, hostPath, localPath: this.localPath(hostPath) });
    }
    return { vmId, name: text(system.properties.ElementName) ?? vmId, system, resources, disks };
  }

  /** Seeded disks are files on the simulated drives; missing ones are created with content derived from their path (stable across runs). */
  async #createDiskFiles(bytes: number): Promise<void> {
    for (const instance of this.session.instances()) {
      if (!registry.isA(instance.className, Msvm_StorageAllocationSettingData.descriptor.name)) continue;
      const hostPaths = instance.properties.HostResource;
      for (const hostPath of Array.isArray(hostPaths) ? hostPaths : []) {
        if (typeof hostPath !== 'string') continue;
        const local = this.localPath(hostPath);
        if (fs.existsSync(local)) continue;
        await fs.promises.mkdir(path.dirname(local), { recursive: true });
        await fs.promises.writeFile(local, diskContent(hostBaseName(hostPath), bytes));
      }
    }
  }
}

/** Deterministic bytes for a simulated disk: SHA-256 in counter mode over its name. */
export function diskContent(name: string, bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  for (let offset = 0, block = 0; offset < bytes; block++) {
    const digest = createHash('sha256').update(`${name}:${block}`).digest();
    offset += digest.copy(out, offset);
  }
  return out;
}
