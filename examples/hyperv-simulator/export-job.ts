/**
 * The export job: writes a planned export into a staging directory (per VM
 * its configuration and resource settings as CIM-XML, its disk files, and a
 * manifest), advancing PercentComplete as it goes, then moves the finished
 * folder into the export directory in one rename. Cancel, suspend, failure
 * and host shutdown are honoured between steps; whatever ends the job, the
 * staging directory is removed and the export directory holds either the
 * whole export or nothing new.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { CimDateTime, instanceToCimXml, type CimInstance } from '@mofc/runtime';
import { registry, type Msvm_CollectionReferencePointExportJobInit, type Msvm_ErrorInit } from 'hyperv-v2';
import { ReturnCode, type ExportPlan } from './export-plan.js';
import { joinHostPath } from './paths.js';

export const JobState = { New: 2, Running: 4, Suspended: 5, Completed: 7, Terminated: 8, Killed: 9, Exception: 10, Service: 11, CompletedWithWarnings: 32768 } as const;

/** RequestStateChange RequestedState values (CIM_ConcreteJob). */
const Requested = { Start: 2, Suspend: 3, Terminate: 4, Kill: 5, Service: 6 } as const;

export interface ExportJobOptions {
  /** Where jobs stage their output; on the same file system as the export directories, so the final move is one rename. */
  readonly stagingRoot: string;
  /** Disk data is copied this many bytes per step (default 64 KiB). */
  readonly chunkBytes?: number;
  /** Awaited before each step. The CLI slows jobs with it so progress is visible; tests hold a job mid-export with it. */
  readonly pace?: (job: ExportJob) => Promise<void> | void;
  /** Called after every change of the job's state or progress (the provider stores the job instance then). */
  readonly onChange?: (job: ExportJob) => void;
  /** How long a finished job is kept before it is removed (its `TimeBeforeRemoval`); absent: until the host stops. */
  readonly retentionMs?: number;
}

/** What the export wrote, as host paths in the caller's style. */
export interface ExportedFiles {
  readonly manifest: string;
  readonly configFiles: readonly string[];
  readonly diskFiles: readonly string[];
  readonly diskIds: readonly string[];
}

class Cancelled extends Error {}

export class ExportJob {
  readonly id = randomUUID().toUpperCase();
  readonly plan: ExportPlan;
  readonly submitted = CimDateTime.fromDate(new Date());
  state: number = JobState.New;
  percent = 0;
  errorCode = 0;
  errorDescription: string | undefined;
  errorSummary: string | undefined;
  /** `Msvm_Error`s for GetError/GetErrorEx: the failure, or the warnings of a job that completed with them. */
  readonly errors: Msvm_ErrorInit[] = [];
  exported: ExportedFiles | undefined;
  /** Settles when the job has ended and cleaned up. */
  readonly done: Promise<void>;
  readonly #options: ExportJobOptions;
  #stopReason: 'cancel' | 'kill' | 'shutdown' | undefined;
  #resume: (() => void) | undefined;
  /** Settles when the job is told to stop, so a slow `pace` cannot hold a cancel or a shutdown. */
  readonly #stopped: Promise<void>;
  #stop!: () => void;
  #start!: () => void;

  constructor(plan: ExportPlan, options: ExportJobOptions) {
    this.plan = plan;
    this.#options = options;
    this.#stopped = new Promise<void>((resolve) => (this.#stop = resolve));
    const started = new Promise<void>((resolve) => (this.#start = resolve));
    this.done = started.then(() => this.#run());
  }

  /** Starts the job (separate from construction so the caller can store the New job first). */
  start(): void {
    this.#start();
  }

  get finished(): boolean {
    return [JobState.Completed, JobState.CompletedWithWarnings, JobState.Terminated, JobState.Killed, JobState.Exception].includes(this.state as 7);
  }

  /** The job as an `Msvm_CollectionReferencePointExportJob`. */
  toInstance(): Msvm_CollectionReferencePointExportJobInit {
    const vmIds = this.plan.vms.map((vm) => vm.vmId);
    return {
      InstanceID: this.id,
      Name: 'Export Reference Point on Collection',
      Caption: 'Export Reference Point on Collection',
      ElementName: `Export of ${this.plan.collection.ElementName ?? this.plan.collection.CollectionID}`,
      JobState: this.state,
      PercentComplete: this.percent,
      TimeSubmitted: this.submitted,
      DeleteOnCompletion: this.#options.retentionMs !== undefined,
      // Without a retention the simulator keeps jobs until it stops; one day is what it then claims.
      TimeBeforeRemoval: CimDateTime.interval(this.#options.retentionMs !== undefined ? { milliseconds: this.#options.retentionMs } : { days: 1 }),
      Cancellable: !this.finished,
      ErrorCode: this.errorCode,
      ...(this.errorDescription !== undefined ? { ErrorDescription: this.errorDescription } : {}),
      ...(this.errorSummary !== undefined ? { ErrorSummaryDescription: this.errorSummary } : {}),
      CollectionId: this.plan.collection.VirtualSystemCollectionId,
      ReferencePointGroupId: this.plan.collection.CollectionID,
      ...(this.plan.base ? { BaseReferencePointGroupId: this.plan.base.CollectionID } : {}),
      VirtualMachineId: vmIds,
      ExportDirectory: this.plan.exportDirectory,
      ...(this.exported
        ? {
            ExportedDisks: this.exported.diskIds,
            ExportedConfigFilePaths: [this.exported.manifest, ...this.exported.configFiles],
            ExportedLogFilePaths: this.exported.diskFiles,
          }
        : {}),
    };
  }

  /**
   * `RequestStateChange` on the job: Terminate (4) and Kill (5) cancel (state 8 or 9), Suspend (3)
   * and Service (6) pause it in 5 or 11, Start (2) resumes. Returns the ReturnValue.
   */
  requestStateChange(requested: number): number {
    if (this.finished) return ReturnCode.InvalidState;
    switch (requested) {
      case Requested.Terminate:
      case Requested.Kill:
        this.#stopReason ??= requested === Requested.Kill ? 'kill' : 'cancel';
        this.#wake();
        return ReturnCode.Completed;
      case Requested.Suspend:
      case Requested.Service:
        this.#set(requested === Requested.Suspend ? JobState.Suspended : JobState.Service);
        return ReturnCode.Completed;
      case Requested.Start:
        if (this.state === JobState.Suspended || this.state === JobState.Service) {
          this.#set(JobState.Running);
          this.#wake();
        }
        return ReturnCode.Completed;
      default:
        return ReturnCode.InvalidParameter;
    }
  }

  /** Host shutdown: the job fails (Exception) at its next step and cleans up. */
  shutdown(): Promise<void> {
    if (!this.finished) {
      this.#stopReason ??= 'shutdown';
      this.#wake();
    }
    return this.done;
  }

  #wake(): void {
    if (this.#stopReason !== undefined) this.#stop();
    const resume = this.#resume;
    this.#resume = undefined;
    resume?.();
  }

  #set(state: number, percent = this.percent): void {
    this.state = state;
    this.percent = percent;
    this.#options.onChange?.(this);
  }

  /** Between steps: pace, stay paused while suspended, stop when cancelled. */
  async #step(): Promise<void> {
    if (this.#options.pace) await Promise.race([this.#options.pace(this), this.#stopped]);
    while ((this.state === JobState.Suspended || this.state === JobState.Service) && this.#stopReason === undefined) {
      await new Promise<void>((resolve) => (this.#resume = resolve));
    }
    if (this.#stopReason !== undefined) throw new Cancelled(this.#stopReason);
  }

  async #run(): Promise<void> {
    const stagingJob = path.join(this.#options.stagingRoot, this.id);
    const staging = path.join(stagingJob, this.plan.folderName);
    let outcome: () => void;
    try {
      this.#set(JobState.Running, 0);
      this.exported = await this.#write(staging);
      await this.#step();
      // The one moment the export becomes visible: all of it, at once.
      if (fs.existsSync(this.plan.localTarget)) throw Object.assign(new Error(`${this.plan.localTarget} appeared while exporting`), { code: 'EEXIST' });
      await fs.promises.rename(staging, this.plan.localTarget);
      const skipped = this.plan.vms.filter((vm) => vm.skipped !== undefined);
      outcome = () => {
        for (const vm of skipped) this.errors.push(msvmError('SIMEXP0100', vm.skipped!, 3));
        if (skipped.length > 0) {
          this.errorDescription = `${skipped.length} virtual machine(s) exported without disk data.`;
          this.errorSummary = 'Export completed with warnings.';
          this.#set(JobState.CompletedWithWarnings, 100);
        } else this.#set(JobState.Completed, 100);
      };
    } catch (e) {
      this.exported = undefined;
      outcome = () => this.#fail(e);
    }
    // Staging goes before the job says it has ended: a client that sees the final state sees the final disk too.
    await fs.promises.rm(stagingJob, { recursive: true, force: true }).catch(() => {});
    outcome();
  }

  #fail(e: unknown): void {
    if (e instanceof Cancelled && (e.message === 'cancel' || e.message === 'kill')) {
      const killed = e.message === 'kill';
      this.errorCode = ReturnCode.Failed;
      this.errorDescription = `The export was cancelled by a request to ${killed ? 'kill' : 'terminate'} the job.`;
      this.errorSummary = 'Export cancelled.';
      this.errors.push(msvmError('SIMEXP0200', this.errorDescription, 2));
      this.#set(killed ? JobState.Killed : JobState.Terminated);
      return;
    }
    const missing = (e as { code?: string }).code === 'ENOENT';
    this.errorCode = missing ? ReturnCode.FileNotFound : ReturnCode.Failed;
    this.errorDescription = e instanceof Cancelled ? 'The host stopped while the export was running.' : `The export failed: ${e instanceof Error ? e.message : String(e)}`;
    this.errorSummary = 'Export failed.';
    this.errors.push(msvmError(missing ? 'SIMEXP0300' : 'SIMEXP0301', this.errorDescription, 6));
    this.#set(JobState.Exception);
  }

  async #write(staging: string): Promise<ExportedFiles> {
    const { plan } = this;
    const configWeight = 4096;
    const configCount = plan.vms.reduce((n, vm) => n + 1 + vm.resources.length, 0);
    const total = plan.diskBytes + configWeight * configCount;
    let done = 0;
    const advance = (units: number): void => {
      done += units;
      const percent = total === 0 ? 99 : Math.min(99, Math.floor((done * 100) / total));
      if (percent !== this.percent) this.#set(this.state, percent);
    };
    await fs.promises.mkdir(staging, { recursive: true });
    const host = (...names: string[]): string => joinHostPath(plan.exportDirectory, plan.folderName, ...names);
    const configFiles: string[] = [];
    const diskFiles: string[] = [];
    const diskIds: string[] = [];
    const manifestVms = [];
    for (const vm of plan.vms) {
      const vmDir = `Virtual Machines/${vm.vmId}`;
      const files: { role: string; path: string; className: string; instanceId?: string }[] = [];
      const writeInstance = async (relative: string, instance: CimInstance): Promise<void> => {
        await this.#step();
        const local = path.join(staging, relative);
        await fs.promises.mkdir(path.dirname(local), { recursive: true });
        await fs.promises.writeFile(local, instanceToCimXml(instance, registry.get(instance.className), registry));
        configFiles.push(host(relative));
        const id = instance.properties.InstanceID;
        files.push({ role: 'configuration', path: relative, className: instance.className, ...(typeof id === 'string' ? { instanceId: id } : {}) });
        advance(configWeight);
      };
      await writeInstance(`${vmDir}/system.xml`, vm.system);
      let n = 0;
      for (const resource of vm.resources) await writeInstance(`${vmDir}/resources/${String(n++).padStart(2, '0')}-${resource.className}.xml`, resource);
      const disks = [];
      for (const disk of vm.exportDisks) {
        const relative = `Virtual Hard Disks/${vm.vmId}/${path.basename(disk.localPath)}`;
        const bytes = await this.#copy(disk.localPath, path.join(staging, relative), advance);
        diskFiles.push(host(relative));
        diskIds.push(disk.instanceId);
        disks.push({ instanceId: disk.instanceId, source: disk.hostPath, path: relative, bytes });
      }
      manifestVms.push({ vmId: vm.vmId, name: vm.name, files, disks, ...(vm.skipped ? { skipped: vm.skipped } : {}) });
    }
    await this.#step();
    const manifest = {
      format: 'mofc-hyperv-simulator-export/1',
      collection: { CollectionID: plan.collection.CollectionID, VirtualSystemCollectionId: plan.collection.VirtualSystemCollectionId, ElementName: plan.collection.ElementName },
      ...(plan.base ? { base: { CollectionID: plan.base.CollectionID } } : {}),
      job: this.id,
      virtualMachines: manifestVms,
    };
    await fs.promises.writeFile(path.join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return { manifest: host('manifest.json'), configFiles, diskFiles, diskIds };
  }

  /** Copies a file chunk by chunk, a step each. */
  async #copy(from: string, to: string, advance: (bytes: number) => void): Promise<number> {
    const chunk = Buffer.alloc(this.#options.chunkBytes ?? 64 * 1024);
    await fs.promises.mkdir(path.dirname(to), { recursive: true });
    const input = await fs.promises.open(from, 'r');
    let copied = 0;
    try {
      const output = await fs.promises.open(to, 'wx');
      try {
        for (;;) {
          await this.#step();
          const { bytesRead } = await input.read(chunk, 0, chunk.length, copied);
          if (bytesRead === 0) break;
          await output.write(chunk, 0, bytesRead);
          copied += bytesRead;
          advance(bytesRead);
        }
      } finally {
        await output.close();
      }
    } finally {
      await input.close();
    }
    return copied;
  }
}

/** An `Msvm_Error` as GetError/GetErrorEx return it. Severity: 2 Information, 3 Degraded/Warning, 6 Critical. */
function msvmError(messageId: string, message: string, severity: 2 | 3 | 6): Msvm_ErrorInit {
  return {
    MessageID: messageId,
    Message: message,
    OwningEntity: 'mofc Hyper-V simulator',
    ErrorType: 4,
    PerceivedSeverity: severity,
    CIMStatusCode: 1,
    ErrorSource: 'Msvm_CollectionReferencePointExportJob',
  };
}
