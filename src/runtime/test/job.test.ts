import { describe, expect, it } from 'vitest';
import { InMemorySession } from '../src/memory-session.js';
import { bindProvider } from '../src/provider.js';
import { CimReference } from '../src/reference.js';
import { CimJobError, CimMethodError, CimTimeoutError, CimValueError } from '../src/errors.js';
import { JobState, waitForJob } from '../src/job.js';
import { callMethod, callMethodAndWait, jobParameterName } from '../src/invoke.js';
import { instanceToCimXml } from '../src/cimxml.js';
import type { CimValue } from '../src/session.js';
import { ALL, CIM_Error, ExportReferencePoint, Msvm_CollectionReferencePointService as Service, registry } from './fixtures.js';

type Step = Readonly<Record<string, CimValue>>;
const JOB = CimReference.to('Msvm_ConcreteJob', { InstanceID: 'job-1' });

/** A session whose job advances one scripted step per poll. */
function scriptedJob(steps: readonly Step[], errorMessage?: string) {
  const s = new InMemorySession({ classes: ALL });
  let polls = 0;
  s.registerProvider('CIM_ConcreteJob', {
    getInstance: (path) => ({
      className: 'Msvm_ConcreteJob',
      properties: { InstanceID: path.key('InstanceID') as string, ...steps[Math.min(polls++, steps.length - 1)]! },
    }),
    invokeMethod: (_target, method) => {
      if (method !== 'GetError' || errorMessage === undefined) throw new Error('no GetError');
      const error = { className: 'CIM_Error', properties: { Message: errorMessage, ErrorType: 4 } };
      return { returnValue: 0, outParameters: { Error: instanceToCimXml(error, CIM_Error) } };
    },
  });
  return { session: s, polls: () => polls };
}

describe('waitForJob', () => {
  it('resolves on Completed and reports progress changes', async () => {
    const { session, polls } = scriptedJob([
      { JobState: JobState.New, PercentComplete: 0 },
      { JobState: JobState.Running, PercentComplete: 40 },
      { JobState: JobState.Running, PercentComplete: 40 },
      { JobState: '4', PercentComplete: '80' },
      { JobState: JobState.Completed, PercentComplete: 100 },
    ]);
    const progress: number[] = [];
    const job = await waitForJob(session, JOB, { timeoutMs: 5000, pollIntervalMs: 1, onProgress: (p) => progress.push(p) });
    expect(job.properties.JobState).toBe(7);
    expect(progress).toEqual([0, 40, 80, 100]);
    expect(polls()).toBe(5);
  });

  it('rejects a failed job with CimJobError carrying ErrorCode, ErrorDescription and GetError', async () => {
    const { session } = scriptedJob(
      [
        { JobState: JobState.Running, PercentComplete: 10 },
        { JobState: JobState.Exception, PercentComplete: 10, ErrorCode: 32768, ErrorDescription: 'The disk is full.' },
      ],
      'Export failed: not enough space',
    );
    const err = (await waitForJob(session, JOB, { timeoutMs: 5000, pollIntervalMs: 1 }).catch((e: unknown) => e)) as CimJobError;
    expect(err).toBeInstanceOf(CimJobError);
    expect(err.code).toBe('CIM_JOB');
    expect(err.jobState).toBe(10);
    expect(err.errorCode).toBe(32768);
    expect(err.errorDescription).toBe('The disk is full.');
    expect(err.cimError?.properties.Message).toBe('Export failed: not enough space');
    expect(err.message).toBe('job job-1 ended in state 10 (Exception): The disk is full. (ErrorCode 32768)');
    expect(err.job).toBe(JOB);
  });

  it('falls back to the CIM_Error message, then to no description', async () => {
    const failed = [{ JobState: JobState.Killed }];
    const a = (await waitForJob(scriptedJob(failed, 'killed by admin').session, JOB, { timeoutMs: 1000 }).catch((e: unknown) => e)) as CimJobError;
    expect(a.message).toContain('(Killed): killed by admin');
    const b = (await waitForJob(scriptedJob([{ JobState: JobState.Terminated }]).session, JOB, { timeoutMs: 1000 }).catch((e: unknown) => e)) as CimJobError;
    expect(b.message).toContain('(Terminated): no error description');
    expect(b.cimError).toBeUndefined();
  });

  it('times out with CimTimeoutError', async () => {
    const { session } = scriptedJob([{ JobState: JobState.Running, PercentComplete: 50 }]);
    const err = (await waitForJob(session, JOB, { timeoutMs: 40, pollIntervalMs: 5 }).catch((e: unknown) => e)) as CimTimeoutError;
    expect(err).toBeInstanceOf(CimTimeoutError);
    expect(err.message).toMatch(/job .*job-1.* did not finish within 40 ms \(JobState 4, 50%\)/);
  });

  it('stops on abort with the signal reason', async () => {
    const { session, polls } = scriptedJob([{ JobState: JobState.Running, PercentComplete: 1 }, { JobState: JobState.Running, PercentComplete: 2 }]);
    const controller = new AbortController();
    const reason = new Error('cancelled by user');
    const pending = waitForJob(session, JOB, {
      timeoutMs: 5000,
      pollIntervalMs: 10_000,
      signal: controller.signal,
      onProgress: () => setTimeout(() => controller.abort(reason), 5),
    });
    await expect(pending).rejects.toBe(reason);
    expect(polls()).toBe(1);
    await expect(waitForJob(session, JOB, { timeoutMs: 100, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(waitForJob(session, JOB, {} as never)).rejects.toBeInstanceOf(CimValueError);
  });
});

describe('job-aware method calls', () => {
  const servicePath = CimReference.to('Msvm_CollectionReferencePointService', {
    CreationClassName: 'Msvm_CollectionReferencePointService',
    Name: 'svc',
    SystemCreationClassName: 'Msvm_ComputerSystem',
    SystemName: 'HV01',
  });

  /** A reference ExportReferencePoint: runs as a job that the repository shows advancing. */
  function exportSession() {
    const reg = registry();
    const session = new InMemorySession({ registry: reg });
    session.put({ className: 'Msvm_CollectionReferencePointService', properties: { ...servicePath.keys } });
    let jobs = 0;
    const impl = {
      async ExportReferencePoint(_target: CimReference, args: { ExportDirectory?: string; ExportSettingData?: { CopyVmStorage?: boolean } }) {
        if (args.ExportDirectory === undefined) return { ReturnValue: 32773 };
        if (args.ExportDirectory === 'sync') return { ReturnValue: 0 };
        if (args.ExportDirectory === 'nojob') return { ReturnValue: 4096 };
        const id = `export-${++jobs}`;
        const job = session.put({ className: 'Msvm_ConcreteJob', properties: { InstanceID: id, JobState: 4, PercentComplete: 0 } });
        const fail = args.ExportDirectory === 'full';
        setTimeout(() => session.put({ className: 'Msvm_ConcreteJob', properties: { InstanceID: id, JobState: 4, PercentComplete: 50 } }), 5);
        setTimeout(
          () =>
            session.put({
              className: 'Msvm_ConcreteJob',
              properties: fail
                ? { InstanceID: id, JobState: 10, PercentComplete: 50, ErrorCode: 32768, ErrorDescription: 'disk full' }
                : { InstanceID: id, JobState: 7, PercentComplete: 100 },
            }),
          15,
        );
        return { ReturnValue: 4096, Job: job };
      },
    };
    session.registerProvider('Msvm_CollectionReferencePointService', bindProvider(Service, impl, reg));
    return { session, reg };
  }

  it('finds the job parameter', () => {
    expect(jobParameterName(ExportReferencePoint)).toBe('Job');
    expect(jobParameterName({ name: 'X', returns: 'void', parameters: [{ name: 'Task', type: 'reference', refClass: 'CIM_ConcreteJob', in: false, out: true }] })).toBe('Task');
    expect(jobParameterName({ name: 'X', returns: 'void', parameters: [] })).toBeUndefined();
  });

  it('returns 4096 with the job from the plain form', async () => {
    const { session, reg } = exportSession();
    const r = await callMethod<{ ReturnValue: number; Job?: CimReference }>(session, Service, 'ExportReferencePoint', servicePath, { ExportDirectory: 'D:\\x' }, { registry: reg });
    expect(r.ReturnValue).toBe(4096);
    expect(r.Job?.className).toBe('Msvm_ConcreteJob');
  });

  it('waits for the job, reporting progress', async () => {
    const { session, reg } = exportSession();
    const progress: number[] = [];
    const r = await callMethodAndWait<{ ReturnValue: number; Job?: CimReference }>(
      session,
      Service,
      'ExportReferencePoint',
      servicePath,
      { ExportDirectory: 'D:\\x', ExportSettingData: { CopyVmStorage: true } },
      { registry: reg, timeoutMs: 5000, pollIntervalMs: 2, onProgress: (p) => progress.push(p) },
    );
    expect(r.ReturnValue).toBe(4096);
    expect(r.finishedJob?.properties.JobState).toBe(7);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(100);
    expect(progress).toContain(50);
  });

  it('returns synchronous successes without waiting', async () => {
    const { session, reg } = exportSession();
    const r = await callMethodAndWait(session, Service, 'ExportReferencePoint', servicePath, { ExportDirectory: 'sync' }, { registry: reg, timeoutMs: 1000 });
    expect(r).toEqual({ ReturnValue: 0 });
  });

  it('turns other return values into CimMethodError named from the ValueMap', async () => {
    const { session, reg } = exportSession();
    const err = (await callMethodAndWait(session, Service, 'ExportReferencePoint', servicePath, {}, { registry: reg, timeoutMs: 1000 }).catch(
      (e: unknown) => e,
    )) as CimMethodError;
    expect(err).toBeInstanceOf(CimMethodError);
    expect(err.returnValue).toBe(32773);
    expect(err.returnValueName).toBeUndefined();
    expect(err.message).toBe('Msvm_CollectionReferencePointService.ExportReferencePoint returned 32773');
    const noJob = (await callMethodAndWait(session, Service, 'ExportReferencePoint', servicePath, { ExportDirectory: 'nojob' }, { registry: reg, timeoutMs: 1000 }).catch(
      (e: unknown) => e,
    )) as CimMethodError;
    expect(noJob.message).toContain('returned 4096 (Method Parameters Checked - Job Started)');
  });

  it('surfaces job failures as CimJobError', async () => {
    const { session, reg } = exportSession();
    await expect(
      callMethodAndWait(session, Service, 'ExportReferencePoint', servicePath, { ExportDirectory: 'full' }, { registry: reg, timeoutMs: 5000, pollIntervalMs: 2 }),
    ).rejects.toMatchObject({ code: 'CIM_JOB', errorCode: 32768, errorDescription: 'disk full' });
  });

  it('bounds call and wait by one timeout', async () => {
    const { session, reg } = exportSession();
    await expect(
      callMethodAndWait(session, Service, 'ExportReferencePoint', servicePath, { ExportDirectory: 'D:\\x' }, { registry: reg, timeoutMs: 8, pollIntervalMs: 1 }),
    ).rejects.toBeInstanceOf(CimTimeoutError);
  });
});
