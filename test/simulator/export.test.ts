/**
 * ExportReferencePoint end to end against the simulated Hyper-V host, through
 * the generated `hyperv-v2` client API: the export job, its files, every
 * refusal, cancel, timeout, host shutdown and warnings. The same suite runs
 * over each transport in `transports.ts` (in process, and WS-Management on
 * loopback).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CimJobAbortedError,
  CimJobError,
  CimJobLostError,
  CimJobTimeoutError,
  CimMethodError,
  CimReference,
  instanceFromCimXml,
  unmarshalInstance,
  waitForJob,
  type CimSession,
  type JobCallOptions,
  type JobWarning,
} from '@mofc/runtime';
import type * as HyperV from 'hyperv-v2';
import { ensureHyperVBuilt, listFiles, startSimulator, type TestSimulator } from './helpers.js';
import { transports } from './transports.js';

let hv: typeof HyperV;
beforeAll(async () => {
  ensureHyperVBuilt();
  hv = await import('hyperv-v2');
}, 180_000);

const WEB_GROUP = '9B0C1D2E-0001-4000-8000-00000000A001';
const WEB_RP_0609 = 'C0FFEE00-0000-4000-8000-000000000609';
const WEB_RP_0610 = 'C0FFEE00-0000-4000-8000-000000000610';
const DB_GROUP = '9B0C1D2E-0002-4000-8000-00000000A002';
const DB_RP_10 = 'C0FFEE00-0000-4000-8000-000000061010';
const WEB_01 = '6A1E0B52-3C4D-4E5F-8A9B-0C1D2E3F4A01';
const DB_01 = '6A1E0B52-3C4D-4E5F-8A9B-0C1D2E3F4A03';

for (const transport of transports) {
  describe(`ExportReferencePoint on the simulated host (${transport.name})`, () => {
    let sim: TestSimulator | undefined;
    let client: CimSession;
    let stopTransport: (() => Promise<void>) | undefined;

    async function start(options: Parameters<typeof startSimulator>[0] = {}): Promise<TestSimulator> {
      sim = await startSimulator(options);
      const connected = await transport.connect(sim);
      client = connected.session;
      stopTransport = connected.stop;
      return sim;
    }

    afterEach(async () => {
      await stopTransport?.();
      await sim?.close();
      sim = undefined;
      stopTransport = undefined;
    });

    async function service(): Promise<CimReference<HyperV.Msvm_CollectionReferencePointService>> {
      for await (const s of hv.Msvm_CollectionReferencePointService.enumerate(client)) {
        const { CreationClassName, Name, SystemCreationClassName, SystemName } = s;
        return hv.Msvm_CollectionReferencePointService.ref({ CreationClassName, Name, SystemCreationClassName, SystemName });
      }
      throw new Error('no service');
    }

    async function collectionNamed(name: string): Promise<HyperV.Msvm_ReferencePointCollection> {
      const filter = `SELECT * FROM Msvm_ReferencePointCollection WHERE ElementName = '${name}'`;
      for await (const c of hv.Msvm_ReferencePointCollection.enumerate(client, { filter })) return c;
      throw new Error(`no collection ${name}`);
    }

    const rpRef = (id: string, group = WEB_GROUP) => hv.Msvm_ReferencePointCollection.ref({ CollectionID: id, VirtualSystemCollectionId: group });

    /** Calls ExportReferencePointAndWait; the fast poll keeps tests quick. */
    async function exportAndWait(args: HyperV.Msvm_CollectionReferencePointService_ExportReferencePoint_Args, options: Partial<JobCallOptions> = {}) {
      return hv.Msvm_CollectionReferencePointService.ExportReferencePointAndWait(client, await service(), args, {
        timeoutMs: 30_000,
        pollIntervalMs: 5,
        maxPollIntervalMs: 20,
        // The package registry knows every class, so the finished job is read as its own class.
        registry: hv.registry,
        ...options,
      });
    }

    it('exports a collection: files appear at once, read back equal to the seed, and the job lists them', async () => {
      const s = await start();
      const collection = await collectionNamed('web-tier nightly 2024-06-10');
      const progress: number[] = [];
      const result = await exportAndWait(
        { ReferencePointCollection: rpRef(collection.CollectionID, collection.VirtualSystemCollectionId), ExportDirectory: 'D:\\Exports', ExportSettingData: { ElementName: 'nightly' } },
        { onProgress: (p: number) => progress.push(p) },
      );
      expect(result.ReturnValue).toBe(4096);
      expect(result.Job?.className).toBe('Msvm_CollectionReferencePointExportJob');
      const job = result.finishedJob as HyperV.Msvm_CollectionReferencePointExportJob;
      expect(job.__CLASS).toBe('Msvm_CollectionReferencePointExportJob');
      expect(job.JobState).toBe(7);
      expect(job.PercentComplete).toBe(100);
      expect(job.ReferencePointGroupId).toBe(WEB_RP_0610);
      expect(progress.at(-1)).toBe(100);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));

      const target = path.join(s.exportDir, WEB_RP_0610);
      const files = listFiles(target);
      expect(files).toContain('manifest.json');
      expect(files.filter((f) => f.startsWith('Virtual Hard Disks/'))).toEqual([
        `Virtual Hard Disks/${WEB_01}/web-01-data.vhdx`,
        `Virtual Hard Disks/${WEB_01}/web-01-os.vhdx`,
        'Virtual Hard Disks/6A1E0B52-3C4D-4E5F-8A9B-0C1D2E3F4A02/web-02-os.vhdx',
      ]);
      // The job's paths are host paths in the caller's style; each names a file that exists.
      const local = (hostPath: string) => s.host.localPath(hostPath);
      expect(job.ExportedConfigFilePaths?.[0]).toBe(`D:\\Exports\\${WEB_RP_0610}\\manifest.json`);
      const listed = [...(job.ExportedConfigFilePaths ?? []), ...(job.ExportedLogFilePaths ?? [])].map((p) => path.relative(target, local(p))).sort();
      expect(listed).toEqual(files);
      expect(job.ExportedDisks).toHaveLength(3);

      // Disks: byte for byte the host's files.
      const web01 = (await s.host.vmConfiguration(WEB_01))!;
      for (const disk of web01.disks) {
        expect(fs.readFileSync(path.join(target, 'Virtual Hard Disks', WEB_01, path.basename(disk.localPath)))).toEqual(fs.readFileSync(disk.localPath));
      }
      // Configuration: CIM-XML the runtime reads back into what the seed holds.
      const system = instanceFromCimXml(fs.readFileSync(path.join(target, 'Virtual Machines', WEB_01, 'system.xml'), 'utf8'));
      const seeded = hv.Msvm_VirtualSystemSettingData.ref({ InstanceID: `Microsoft:${WEB_01}` });
      expect(unmarshalInstance(hv.Msvm_VirtualSystemSettingData.descriptor, system, hv.registry)).toEqual(await hv.Msvm_VirtualSystemSettingData.get(s.session, seeded));
      const resourceFiles = files.filter((f) => f.startsWith(`Virtual Machines/${WEB_01}/resources/`));
      expect(resourceFiles).toHaveLength(web01.resources.length);
      for (const [i, file] of resourceFiles.entries()) {
        const read = instanceFromCimXml(fs.readFileSync(path.join(target, file), 'utf8'));
        const d = hv.registry.get(read.className)!;
        expect(unmarshalInstance(d, read, hv.registry)).toEqual(unmarshalInstance(d, web01.resources[i]!, hv.registry));
      }
      const manifest = JSON.parse(fs.readFileSync(path.join(target, 'manifest.json'), 'utf8')) as { collection: { CollectionID: string }; virtualMachines: { vmId: string }[] };
      expect(manifest.collection.CollectionID).toBe(WEB_RP_0610);
      expect(manifest.virtualMachines.map((v) => v.vmId)).toEqual([WEB_01, '6A1E0B52-3C4D-4E5F-8A9B-0C1D2E3F4A02']);
      // Nothing left in staging.
      expect(listFiles(path.join(s.root, '.simulator', 'staging'))).toEqual([]);
    });

    it('narrows the disks with VirtualMachinesToDisksToExport and exports differentially from an earlier reference point', async () => {
      const s = await start();
      const web01 = (await s.host.vmConfiguration(WEB_01))!;
      const data = web01.disks.find((d) => d.hostPath.endsWith('web-01-data.vhdx'))!;
      const result = await exportAndWait({
        ReferencePointCollection: rpRef(WEB_RP_0610),
        ExportDirectory: '/D/Exports',
        ExportSettingData: {
          ElementName: 'differential',
          BaseReferencePointCollection: rpRef(WEB_RP_0609).toString(),
          VirtualMachinesToDisksToExport: [{ VirtualMachineId: WEB_01, DisksToExport: [data.instanceId] }],
        },
      });
      const job = result.finishedJob as HyperV.Msvm_CollectionReferencePointExportJob;
      expect(job.BaseReferencePointGroupId).toBe(WEB_RP_0609);
      expect(job.VirtualMachineId).toEqual([WEB_01]);
      expect(job.ExportedDisks).toEqual([data.instanceId]);
      expect(job.ExportedLogFilePaths).toEqual([`/D/Exports/${WEB_RP_0610}/Virtual Hard Disks/${WEB_01}/web-01-data.vhdx`]);
      expect(listFiles(path.join(s.exportDir, WEB_RP_0610)).filter((f) => f.endsWith('.vhdx'))).toEqual([`Virtual Hard Disks/${WEB_01}/web-01-data.vhdx`]);
    });

    it('completes small exports synchronously (ReturnValue 0, no job) when the provider is told to', async () => {
      const s = await start({ synchronousMaxBytes: 10 * 1024 * 1024 });
      const result = await exportAndWait({ ReferencePointCollection: rpRef(WEB_RP_0609), ExportDirectory: 'D:\\Exports' });
      expect(result).toEqual({ ReturnValue: 0 });
      expect(listFiles(path.join(s.exportDir, WEB_RP_0609))).toContain('manifest.json');
      expect(s.exports.jobs.size).toBe(0);
    });

    it('refuses bad calls with Hyper-V codes, raised as named CimMethodErrors', async () => {
      const s = await start();
      fs.writeFileSync(path.join(s.root, 'D', 'a-file'), 'x');
      const cases: [string, HyperV.Msvm_CollectionReferencePointService_ExportReferencePoint_Args, number, string][] = [
        ['no collection', { ExportDirectory: 'D:\\Exports' }, 32773, 'Invalid parameter'],
        ['a collection that does not exist', { ReferencePointCollection: rpRef('nope'), ExportDirectory: 'D:\\Exports' }, 32773, 'Invalid parameter'],
        [
          'a VM group instead of a reference point',
          { ReferencePointCollection: hv.Msvm_VirtualSystemCollection.ref({ CollectionID: WEB_GROUP }), ExportDirectory: 'D:\\Exports' },
          32776,
          'Incorrect data type',
        ],
        ['no directory', { ReferencePointCollection: rpRef(WEB_RP_0610) }, 32773, 'Invalid parameter'],
        ['a relative directory', { ReferencePointCollection: rpRef(WEB_RP_0610), ExportDirectory: 'Exports' }, 32773, 'Invalid parameter'],
        ['a directory with ..', { ReferencePointCollection: rpRef(WEB_RP_0610), ExportDirectory: 'D:\\Exports\\..\\..\\etc' }, 32773, 'Invalid parameter'],
        ['a UNC share', { ReferencePointCollection: rpRef(WEB_RP_0610), ExportDirectory: '\\\\server\\share' }, 32773, 'Invalid parameter'],
        ['a directory that does not exist', { ReferencePointCollection: rpRef(WEB_RP_0610), ExportDirectory: 'Q:\\Nowhere' }, 32779, 'File not found'],
        ['a file, not a directory', { ReferencePointCollection: rpRef(WEB_RP_0610), ExportDirectory: 'D:\\a-file' }, 32773, 'Invalid parameter'],
        [
          'a base that is not an object path',
          { ReferencePointCollection: rpRef(WEB_RP_0610), ExportDirectory: 'D:\\Exports', ExportSettingData: { ElementName: 'e', BaseReferencePointCollection: '::' } },
          32773,
          'Invalid parameter',
        ],
        [
          'a base of another class',
          {
            ReferencePointCollection: rpRef(WEB_RP_0610),
            ExportDirectory: 'D:\\Exports',
            ExportSettingData: { ElementName: 'e', BaseReferencePointCollection: hv.Msvm_VirtualSystemCollection.ref({ CollectionID: WEB_GROUP }).toString() },
          },
          32776,
          'Incorrect data type',
        ],
        [
          'a base from another VM group',
          { ReferencePointCollection: rpRef(WEB_RP_0610), ExportDirectory: 'D:\\Exports', ExportSettingData: { ElementName: 'e', BaseReferencePointCollection: rpRef(DB_RP_10, DB_GROUP).toString() } },
          32773,
          'Invalid parameter',
        ],
        [
          'a base that is not earlier',
          { ReferencePointCollection: rpRef(WEB_RP_0609), ExportDirectory: 'D:\\Exports', ExportSettingData: { ElementName: 'e', BaseReferencePointCollection: rpRef(WEB_RP_0610).toString() } },
          32773,
          'Invalid parameter',
        ],
        [
          'a VM not in the reference point',
          { ReferencePointCollection: rpRef(WEB_RP_0610), ExportDirectory: 'D:\\Exports', ExportSettingData: { ElementName: 'e', VirtualMachinesToDisksToExport: [{ VirtualMachineId: DB_01 }] } },
          32773,
          'Invalid parameter',
        ],
        [
          'a disk the VM does not have',
          {
            ReferencePointCollection: rpRef(WEB_RP_0610),
            ExportDirectory: 'D:\\Exports',
            ExportSettingData: { ElementName: 'e', VirtualMachinesToDisksToExport: [{ VirtualMachineId: WEB_01, DisksToExport: ['Microsoft:no-such-disk'] }] },
          },
          32779,
          'File not found',
        ],
      ];
      for (const [what, args, code, name] of cases) {
        const err = await exportAndWait(args).then(
          () => new Error(`${what}: no error`),
          (e: unknown) => e,
        );
        expect(err, what).toBeInstanceOf(CimMethodError);
        expect({ what, code: (err as CimMethodError).returnValue, name: (err as CimMethodError).returnValueName }).toEqual({ what, code, name });
        expect((err as CimMethodError).message).toBe(`Msvm_CollectionReferencePointService.ExportReferencePoint returned ${code} (${name})`);
      }
      // ExportSettingData of the wrong class: sent as Hyper-V clients send it, CIM-XML text.
      const wrong = client.invokeMethod(await service(), 'ExportReferencePoint', {
        ReferencePointCollection: rpRef(WEB_RP_0610),
        ExportDirectory: 'D:\\Exports',
        ExportSettingData: '<INSTANCE CLASSNAME="Msvm_CollectionSnapshotExportSettingData"><PROPERTY NAME="CopyVmStorage" TYPE="boolean"><VALUE>TRUE</VALUE></PROPERTY></INSTANCE>',
      });
      if (transport.validatesEmbeddedClasses) {
        // A WS-Management server checks EmbeddedInstance parameters before any provider runs, as WMI does: a fault.
        expect(await wrong.catch((e: unknown) => e)).toMatchObject({ name: 'CimSessionError', message: expect.stringMatching(/expected an instance of Msvm_CollectionReferencePointExportSettingData/) });
      } else expect(Number((await wrong).returnValue)).toBe(32776);
      // Nothing was written by any refused call.
      expect(listFiles(s.exportDir)).toEqual([]);
      // An export already in the directory: Invalid state, retryable (once it is moved away).
      await exportAndWait({ ReferencePointCollection: rpRef(WEB_RP_0609), ExportDirectory: 'D:\\Exports' });
      const again = (await exportAndWait({ ReferencePointCollection: rpRef(WEB_RP_0609), ExportDirectory: 'D:\\Exports' }).catch((e: unknown) => e)) as CimMethodError;
      expect(again).toMatchObject({ returnValue: 32775, returnValueName: 'Invalid state for this operation', retryable: true });
    });

    it('refuses a second export of the same collection while one runs (32774, retryable)', async () => {
      const s = await start();
      s.gate.hold();
      const first = exportAndWait({ ReferencePointCollection: rpRef(WEB_RP_0610), ExportDirectory: 'D:\\Exports' });
      await s.gate.reached;
      fs.mkdirSync(path.join(s.root, 'D', 'Other'));
      const second = (await exportAndWait({ ReferencePointCollection: rpRef(WEB_RP_0610), ExportDirectory: 'D:\\Other' }).catch((e: unknown) => e)) as CimMethodError;
      expect(second).toBeInstanceOf(CimMethodError);
      expect(second).toMatchObject({ returnValue: 32774, returnValueName: 'System is in use', retryable: true });
      // Another collection is not blocked.
      const other = await exportAndWait({ ReferencePointCollection: rpRef(WEB_RP_0609), ExportDirectory: 'D:\\Other' });
      expect(other.ReturnValue).toBe(4096);
      s.gate.release();
      expect((await first).finishedJob?.JobState).toBe(7);
    });

    it('cancels on abort: RequestStateChange(4) accepted, job Terminated, GetErrorEx answers, nothing written', async () => {
      const s = await start();
      s.gate.hold();
      const controller = new AbortController();
      const outcome = exportAndWait({ ReferencePointCollection: rpRef(WEB_RP_0610), ExportDirectory: 'D:\\Exports' }, { signal: controller.signal }).catch((e: unknown) => e);
      const job = await s.gate.reached;
      controller.abort(new Error('operator pressed Ctrl+C'));
      const err = (await outcome) as CimJobAbortedError;
      expect(err).toBeInstanceOf(CimJobAbortedError);
      expect(err.cancel).toMatchObject({ requested: true, accepted: true, returnValue: 0 });
      expect(err.message).toContain('operator pressed Ctrl+C');
      s.gate.release();
      await job.done;
      const read = await hv.Msvm_CollectionReferencePointExportJob.get(client, hv.Msvm_CollectionReferencePointExportJob.ref({ InstanceID: job.id }));
      expect(read.JobState).toBe(8);
      const errors = await hv.Msvm_CollectionReferencePointExportJob.GetErrorEx(client, hv.Msvm_CollectionReferencePointExportJob.ref({ InstanceID: job.id }));
      expect(errors.ReturnValue).toBe(0);
      expect(errors.Errors?.map((e) => instanceFromCimXml(e).properties.Message)).toEqual(['The export was cancelled by a request to terminate the job.']);
      expect(listFiles(s.exportDir)).toEqual([]);
      expect(listFiles(path.join(s.root, '.simulator', 'staging'))).toEqual([]);
    });

    it('a client timeout cancels the Cancellable job and leaves no partial output', async () => {
      const s = await start();
      s.gate.hold();
      const outcome = exportAndWait({ ReferencePointCollection: rpRef(WEB_RP_0610), ExportDirectory: 'D:\\Exports' }, { timeoutMs: 1500 }).catch((e: unknown) => e);
      const job = await s.gate.reached;
      const err = (await outcome) as CimJobTimeoutError;
      expect(err).toBeInstanceOf(CimJobTimeoutError);
      expect(err.jobState).toBe(4);
      expect(err.cancel).toMatchObject({ requested: true, accepted: true });
      expect(err.message).toMatch(/did not finish within 1500 ms \(JobState 4 Running, \d+%\); cancel requested and accepted/);
      s.gate.release();
      await job.done;
      expect(job.state).toBe(8);
      expect(listFiles(s.exportDir)).toEqual([]);
    });

    it('a job held in Service (11) times out naming the state', async () => {
      const s = await start();
      s.gate.hold();
      const result = await hv.Msvm_CollectionReferencePointService.ExportReferencePoint(client, await service(), {
        ReferencePointCollection: rpRef(WEB_RP_0610),
        ExportDirectory: 'D:\\Exports',
      });
      expect(result.ReturnValue).toBe(4096);
      const job = await s.gate.reached;
      const jobRef = hv.Msvm_CollectionReferencePointExportJob.ref({ InstanceID: job.id });
      expect((await hv.Msvm_CollectionReferencePointExportJob.RequestStateChange(client, jobRef, { RequestedState: 6 })).ReturnValue).toBe(0);
      s.gate.release();
      const states: (string | undefined)[] = [];
      const err = (await waitForJob(client, result.Job!, {
        timeoutMs: 300,
        pollIntervalMs: 5,
        cancelOnAbort: false,
        onStateChange: (_s, name) => states.push(name),
      }).catch((e: unknown) => e)) as CimJobTimeoutError;
      expect(err).toBeInstanceOf(CimJobTimeoutError);
      expect(err.jobState).toBe(11);
      expect(err.message).toMatch(/\(JobState 11 Service, \d+%\); no cancel requested$/);
      expect(states).toEqual(['Service']);
      // Resumed, it finishes.
      expect((await hv.Msvm_CollectionReferencePointExportJob.RequestStateChange(client, jobRef, { RequestedState: 2 })).ReturnValue).toBe(0);
      await job.done;
      expect(job.state).toBe(7);
    });

    it('a job that fails (a disk vanished) ends in Exception with its errors, and writes nothing', async () => {
      const s = await start();
      s.gate.hold();
      const outcome = exportAndWait({ ReferencePointCollection: rpRef(WEB_RP_0610), ExportDirectory: 'D:\\Exports' }).catch((e: unknown) => e);
      await s.gate.reached;
      const web02 = (await s.host.vmConfiguration('6A1E0B52-3C4D-4E5F-8A9B-0C1D2E3F4A02'))!;
      fs.rmSync(web02.disks[0]!.localPath);
      s.gate.release();
      const err = (await outcome) as CimJobError;
      expect(err).toBeInstanceOf(CimJobError);
      expect(err.jobState).toBe(10);
      expect(err.errorCode).toBe(32779);
      expect(err.errorSummaryDescription).toBe('Export failed.');
      expect(err.errors).toHaveLength(1);
      expect(err.errors[0]!.className).toBe('Msvm_Error');
      expect(String(err.errors[0]!.properties.Message)).toMatch(/^The export failed: ENOENT/);
      expect(listFiles(s.exportDir)).toEqual([]);
      expect(listFiles(path.join(s.root, '.simulator', 'staging'))).toEqual([]);
    });

    it('completes with warnings (32768) when a VM has no data to export, and reports them', async () => {
      const s = await start();
      const warnings: string[] = [];
      const result = await exportAndWait({ ReferencePointCollection: rpRef(DB_RP_10, DB_GROUP), ExportDirectory: 'D:\\Exports' }, { onWarning: (w: JobWarning) => warnings.push(...w.errors.map((e) => String(e.properties.Message))) });
      expect(result.finishedJob?.JobState).toBe(32768);
      expect(warnings).toEqual(['the reference point of db-01 has no associated data; its disks were not exported']);
      const files = listFiles(path.join(s.exportDir, DB_RP_10));
      expect(files).toContain(`Virtual Machines/${DB_01}/system.xml`);
      expect(files.some((f) => f.endsWith('.vhdx'))).toBe(false);
    });

    it('a job removed before the client saw it end (TimeBeforeRemoval) is a CimJobLostError', async () => {
      const s = await start({ jobRetentionMs: 0 });
      s.gate.hold();
      const outcome = exportAndWait({ ReferencePointCollection: rpRef(WEB_RP_0610), ExportDirectory: 'D:\\Exports' }, { pollIntervalMs: 200, maxPollIntervalMs: 200 }).catch((e: unknown) => e);
      const job = await s.gate.reached;
      // Seen running at least once, then it finishes and is removed between two polls.
      await new Promise((resolve) => setTimeout(resolve, 300));
      s.gate.release();
      await job.done;
      const err = (await outcome) as CimJobLostError;
      expect(err).toBeInstanceOf(CimJobLostError);
      expect(err.lastJobState).toBe(4);
      expect(err.message).toMatch(/^job .+ no longer exists \(removed after JobState 4 Running, \d+%; Hyper-V removes jobs after TimeBeforeRemoval\)$/);
      // The export itself finished.
      expect(listFiles(path.join(s.exportDir, WEB_RP_0610))).toContain('manifest.json');
    });

    it('the host stopping mid-job is a clear error, and leaves no partial output', async () => {
      const s = await start();
      s.gate.hold();
      const outcome = exportAndWait({ ReferencePointCollection: rpRef(WEB_RP_0610), ExportDirectory: 'D:\\Exports' }).catch((e: unknown) => e);
      const job = await s.gate.reached;
      await transport.stopServer(s, stopTransport);
      const err = await outcome;
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(transport.stoppedMessage);
      expect(job.state).toBe(10);
      expect(job.errorDescription).toBe('The host stopped while the export was running.');
      expect(listFiles(s.exportDir)).toEqual([]);
      expect(listFiles(path.join(s.root, '.simulator', 'staging'))).toEqual([]);
    });
  });
}
