/**
 * The simulated host's providers, implementing the generated provider
 * interfaces: `Msvm_CollectionReferencePointService.ExportReferencePoint`
 * (checks, then a job or, for small exports when enabled, a synchronous
 * export) and the export job's own methods (GetError, GetErrorEx,
 * RequestStateChange).
 */
import * as path from 'node:path';
import { instanceFromCimXml, instanceToCimXml, isCimInstance, marshalInstance, type CimProvider, type CimValue } from '@mofc/runtime';
import {
  Msvm_CollectionReferencePointExportJob,
  Msvm_CollectionReferencePointExportSettingData,
  Msvm_CollectionReferencePointService,
  Msvm_Error,
  registry,
  type Msvm_CollectionReferencePointExportJobProvider,
  type Msvm_CollectionReferencePointServiceProvider,
  type Msvm_ErrorInit,
} from 'hyperv-v2';
import type { SimulatedHost } from './host.js';
import { collectionKey, planExport, ReturnCode } from './export-plan.js';
import { ExportJob, JobState, type ExportJobOptions } from './export-job.js';

export interface ExportServiceOptions extends Pick<ExportJobOptions, 'chunkBytes' | 'pace'> {
  /** Finished jobs are removed this long after they end, as Hyper-V removes them after `TimeBeforeRemoval` (default: kept until the host stops). */
  readonly jobRetentionMs?: number;
  /** Exports with at most this many bytes of disk data run synchronously and return 0 (default: never). */
  readonly synchronousMaxBytes?: number;
  /** Called with every refusal (ReturnValue and why), for logs and tests. */
  readonly onRefusal?: (returnValue: number, why: string) => void;
}

function errorText(e: Msvm_ErrorInit): string {
  return instanceToCimXml(marshalInstance(Msvm_Error.descriptor, e, registry), Msvm_Error.descriptor, registry);
}

export class ExportService {
  readonly host: SimulatedHost;
  /** Every job started, by InstanceID. */
  readonly jobs = new Map<string, ExportJob>();
  readonly #options: ExportServiceOptions;
  /** Running exports by collection: one at a time per collection. */
  readonly #active = new Map<string, ExportJob>();
  /** Pending removals of finished jobs. */
  readonly #removals = new Set<NodeJS.Timeout>();

  constructor(host: SimulatedHost, options: ExportServiceOptions = {}) {
    this.host = host;
    this.#options = options;
  }

  /** Registers the providers on the host's session. */
  register(): void {
    const session = this.host.session;
    session.registerProvider(
      Msvm_CollectionReferencePointService.descriptor.name,
      settingDataTypeCheck(Msvm_CollectionReferencePointService.bindProvider(this.serviceProvider()), this.#options.onRefusal),
    );
    session.registerProvider(Msvm_CollectionReferencePointExportJob.descriptor.name, Msvm_CollectionReferencePointExportJob.bindProvider(this.jobProvider()));
  }

  serviceProvider(): Msvm_CollectionReferencePointServiceProvider {
    return {
      ExportReferencePoint: async (_target, args) => {
        const result = await planExport(this.host, args);
        if ('refused' in result) {
          this.#options.onRefusal?.(result.refused, result.why);
          return { ReturnValue: result.refused };
        }
        const { plan } = result;
        const key = collectionKey(plan.collection);
        if (this.#active.has(key)) {
          const why = `an export of ${plan.collection.CollectionID} is already running`;
          this.#options.onRefusal?.(ReturnCode.SystemInUse, why);
          return { ReturnValue: ReturnCode.SystemInUse };
        }
        const synchronous = this.#options.synchronousMaxBytes !== undefined && plan.diskBytes <= this.#options.synchronousMaxBytes;
        const job = new ExportJob(plan, {
          stagingRoot: path.join(this.host.root, '.simulator', 'staging'),
          ...(this.#options.chunkBytes !== undefined ? { chunkBytes: this.#options.chunkBytes } : {}),
          ...(this.#options.pace ? { pace: this.#options.pace } : {}),
          ...(this.#options.jobRetentionMs !== undefined ? { retentionMs: this.#options.jobRetentionMs } : {}),
          ...(synchronous ? {} : { onChange: (j: ExportJob) => this.#store(j) }),
        });
        this.#active.set(key, job);
        void job.done.finally(() => this.#active.delete(key));
        if (synchronous) {
          job.start();
          await job.done;
          const ok = job.state === JobState.Completed || job.state === JobState.CompletedWithWarnings;
          return { ReturnValue: ok ? ReturnCode.Completed : job.errorCode || ReturnCode.Failed };
        }
        this.jobs.set(job.id, job);
        this.#store(job);
        job.start();
        if (this.#options.jobRetentionMs !== undefined) void job.done.then(() => this.#removeLater(job, this.#options.jobRetentionMs!));
        return { ReturnValue: ReturnCode.JobStarted, Job: Msvm_CollectionReferencePointExportJob.ref({ InstanceID: job.id }) };
      },
    };
  }

  jobProvider(): Msvm_CollectionReferencePointExportJobProvider {
    const jobOf = (id: unknown): ExportJob | undefined => (typeof id === 'string' ? this.jobs.get(id.toUpperCase()) : undefined);
    return {
      RequestStateChange: (target, args) => {
        const job = jobOf(target.key('InstanceID'));
        if (!job) return { ReturnValue: ReturnCode.InvalidParameter };
        if (args.RequestedState === undefined) return { ReturnValue: ReturnCode.InvalidParameter };
        return { ReturnValue: job.requestStateChange(args.RequestedState) };
      },
      GetError: (target) => {
        const job = jobOf(target.key('InstanceID'));
        if (!job) return { ReturnValue: ReturnCode.InvalidParameter };
        const first = job.errors[0];
        return first ? { ReturnValue: 0, Error: errorText(first) } : { ReturnValue: 0 };
      },
      GetErrorEx: (target) => {
        const job = jobOf(target.key('InstanceID'));
        if (!job) return { ReturnValue: ReturnCode.InvalidParameter };
        return { ReturnValue: 0, Errors: job.errors.map(errorText) };
      },
    };
  }

  /** Host shutdown: every running job fails and cleans up; resolves when they have. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.#active.values()].map((job) => job.shutdown()));
    for (const timer of this.#removals) clearTimeout(timer);
    this.#removals.clear();
  }

  #removeLater(job: ExportJob, ms: number): void {
    const remove = (): void => {
      this.jobs.delete(job.id);
      void this.host.session.deleteInstance(Msvm_CollectionReferencePointExportJob.ref({ InstanceID: job.id })).catch(() => {});
    };
    // 0: gone in the same turn it ended, so no client request can see it finished.
    if (ms <= 0) return remove();
    const timer = setTimeout(() => {
      this.#removals.delete(timer);
      remove();
    }, ms);
    this.#removals.add(timer);
  }

  #store(job: ExportJob): void {
    this.host.session.put(marshalInstance(Msvm_CollectionReferencePointExportJob.descriptor, job.toInstance(), registry));
  }
}

/**
 * Hyper-V answers an `ExportSettingData` of the wrong class with 32776
 * (Incorrect data type). The typed layer would reject it as a marshaling
 * error before the provider ran, so this check reads the wire value first.
 */
function settingDataTypeCheck(inner: CimProvider, onRefusal: ExportServiceOptions['onRefusal']): CimProvider {
  const expected = Msvm_CollectionReferencePointExportSettingData.descriptor.name;
  return {
    ...inner,
    invokeMethod(target, methodName, inParameters, options) {
      if (methodName.toLowerCase() === 'exportreferencepoint') {
        const key = Object.keys(inParameters).find((k) => k.toLowerCase() === 'exportsettingdata');
        const value: CimValue | undefined = key === undefined ? undefined : inParameters[key];
        if (value !== undefined && value !== null) {
          let className: string | undefined;
          try {
            className = typeof value === 'string' ? instanceFromCimXml(value).className : isCimInstance(value) ? value.className : undefined;
          } catch {
            className = undefined;
          }
          if (className === undefined || !registry.isA(className, expected)) {
            onRefusal?.(ReturnCode.IncorrectDataType, `ExportSettingData is ${className === undefined ? 'not an embedded instance' : `a ${className}`}, not an ${expected}`);
            return { returnValue: ReturnCode.IncorrectDataType, outParameters: {} };
          }
        }
      }
      return inner.invokeMethod!(target, methodName, inParameters, options);
    },
  };
}
