import { describe, expect, it, vi } from 'vitest';
import { InMemorySession } from '../src/memory-session.js';
import { bindProvider } from '../src/provider.js';
import { CimReference } from '../src/reference.js';
import {
  CimJobAbortedError,
  CimJobError,
  CimJobLostError,
  CimJobTimeoutError,
  CimMethodError,
  CimNotFoundError,
  CimSessionError,
  CimStatus,
  CimTimeoutError,
  CimValueError,
} from '../src/errors.js';
import { JobState, waitForJob, type JobWarning } from '../src/job.js';
import { callMethod, callMethodAndWait, jobParameterName } from '../src/invoke.js';
import { instanceToCimXml } from '../src/cimxml.js';
import type { CimValue, InvokeResult } from '../src/session.js';
import { ALL, CIM_Error, ExportReferencePoint, Msvm_CollectionReferencePointService as Service, registry } from './fixtures.js';

type Step = Readonly<Record<string, CimValue>>;
const JOB = CimReference.to('Msvm_ConcreteJob', { InstanceID: 'job-1' });

interface Script {
  /** GetError's CIM_Error message (DMTF). */
  readonly errorMessage?: string;
  /** GetErrorEx's Msvm_Error messages (Hyper-V), sent as CIM-XML text as Hyper-V does. */
  readonly errorExMessages?: readonly string[];
  /** RequestStateChange's ReturnValue, or an Error it throws. */
  readonly cancelReturns?: number | Error;
  /** The job is gone after this many polls (CimNotFoundError). */
  readonly vanishAfter?: number;
  /** The class instances come back with (the reference may name a base class). */
  readonly className?: string;
}

/** A session whose job advances one scripted step per poll, recording every call. */
function scriptedJob(steps: readonly Step[], script: Script | string = {}) {
  const opts: Script = typeof script === 'string' ? { errorMessage: script } : script;
  const s = new InMemorySession({ classes: ALL });
  let polls = 0;
  const calls: string[] = [];
  const polledClasses: string[] = [];
  s.registerProvider('CIM_ConcreteJob', {
    getInstance: (path) => {
      polledClasses.push(path.className);
      if (opts.vanishAfter !== undefined && polls >= opts.vanishAfter) throw new CimNotFoundError(`no instance ${path.toString()}`, path);
      return {
        className: opts.className ?? 'Msvm_ConcreteJob',
        properties: { InstanceID: path.key('InstanceID') as string, ...steps[Math.min(polls++, steps.length - 1)]! },
      };
    },
    invokeMethod: (target, method, inParameters): InvokeResult => {
      calls.push(`${target.className}.${method}${method === 'RequestStateChange' ? `(${String(inParameters.RequestedState)})` : ''}`);
      if (method === 'GetErrorEx' && opts.errorExMessages) {
        const errors = opts.errorExMessages.map((Message) => instanceToCimXml({ className: 'Msvm_Error', properties: { Message, ErrorType: 4, CIMStatusCode: 1 } }));
        return { returnValue: 0, outParameters: { Errors: errors } };
      }
      if (method === 'GetError' && opts.errorMessage !== undefined) {
        const error = { className: 'CIM_Error', properties: { Message: opts.errorMessage, ErrorType: 4 } };
        return { returnValue: 0, outParameters: { Error: instanceToCimXml(error, CIM_Error) } };
      }
      if (method === 'RequestStateChange' && opts.cancelReturns !== undefined) {
        if (opts.cancelReturns instanceof Error) throw opts.cancelReturns;
        return { returnValue: opts.cancelReturns, outParameters: {} };
      }
      throw new CimSessionError(`no ${method}`, CimStatus.METHOD_NOT_FOUND);
    },
  });
  return { session: s, polls: () => polls, calls, polledClasses };
}

const fail = (p: Promise<unknown>): Promise<unknown> => p.then(
  () => {
    throw new Error('expected a rejection');
  },
  (e: unknown) => e,
);

describe('waitForJob', () => {
  it('resolves on Completed and reports progress and state changes', async () => {
    const { session, polls } = scriptedJob([
      { JobState: JobState.New, PercentComplete: 0 },
      { JobState: JobState.Running, PercentComplete: 40 },
      { JobState: JobState.Running, PercentComplete: 40 },
      { JobState: '4', PercentComplete: '80' },
      { JobState: JobState.Completed, PercentComplete: 100 },
    ]);
    const progress: number[] = [];
    const states: string[] = [];
    const warnings: unknown[] = [];
    const job = await waitForJob(session, JOB, {
      timeoutMs: 5000,
      pollIntervalMs: 1,
      onProgress: (p) => progress.push(p),
      onStateChange: (state, name) => states.push(`${state} ${String(name)}`),
      onWarning: (w) => warnings.push(w),
    });
    expect(job.properties.JobState).toBe(7);
    expect(progress).toEqual([0, 40, 80, 100]);
    expect(states).toEqual(['2 New', '4 Running', '7 Completed']);
    expect(warnings).toEqual([]);
    expect(polls()).toBe(5);
  });

  it('backs off: the delay doubles from pollIntervalMs up to maxPollIntervalMs', async () => {
    const { session } = scriptedJob([...Array.from({ length: 6 }, () => ({ JobState: JobState.Running })), { JobState: JobState.Completed }]);
    const spy = vi.spyOn(globalThis, 'setTimeout');
    try {
      await waitForJob(session, JOB, { timeoutMs: 60_000, pollIntervalMs: 2, maxPollIntervalMs: 10 });
      // Sleeps are the short timers; the session's per-call deadlines are ~60 s.
      const delays = spy.mock.calls.map((c) => c[1]).filter((ms): ms is number => typeof ms === 'number' && ms < 1000);
      expect(delays).toEqual([2, 4, 8, 10, 10, 10]);
    } finally {
      spy.mockRestore();
    }
  });

  it('defaults to 250 ms doubling to 5 s', async () => {
    const { session } = scriptedJob([...Array.from({ length: 6 }, () => ({ JobState: JobState.Running })), { JobState: JobState.Completed }]);
    vi.useFakeTimers();
    try {
      const delays: number[] = [];
      const original = globalThis.setTimeout;
      const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
        if (typeof ms === 'number' && ms <= 5000) delays.push(ms);
        return original(fn, ms);
      }) as typeof setTimeout);
      const pending = waitForJob(session, JOB, { timeoutMs: 3_600_000 });
      await vi.runAllTimersAsync();
      await pending;
      spy.mockRestore();
      expect(delays).toEqual([250, 500, 1000, 2000, 4000, 5000]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects a failed job with CimJobError carrying ErrorCode, ErrorDescription and GetError', async () => {
    const { session, calls } = scriptedJob(
      [
        { JobState: JobState.Running, PercentComplete: 10 },
        { JobState: JobState.Exception, PercentComplete: 10, ErrorCode: 32768, ErrorDescription: 'The disk is full.' },
      ],
      'Export failed: not enough space',
    );
    const err = (await fail(waitForJob(session, JOB, { timeoutMs: 5000, pollIntervalMs: 1 }))) as CimJobError;
    expect(err).toBeInstanceOf(CimJobError);
    expect(err.code).toBe('CIM_JOB');
    expect(err.jobState).toBe(10);
    expect(err.errorCode).toBe(32768);
    expect(err.errorDescription).toBe('The disk is full.');
    expect(err.cimError?.properties.Message).toBe('Export failed: not enough space');
    expect(err.errors.map((e) => e.properties.Message)).toEqual(['Export failed: not enough space']);
    expect(err.message).toBe('job job-1 ended in state 10 (Exception): The disk is full. (ErrorCode 32768)');
    expect(err.job).toBe(JOB);
    // Hyper-V's GetErrorEx first, then DMTF's GetErrors, then GetError.
    expect(calls).toEqual(['Msvm_ConcreteJob.GetErrorEx', 'Msvm_ConcreteJob.GetErrors', 'Msvm_ConcreteJob.GetError']);
  });

  it('decodes the Msvm_Error array from GetErrorEx and carries ErrorSummaryDescription', async () => {
    const { session, calls } = scriptedJob(
      [{ JobState: JobState.Terminated, ErrorCode: 32775, ErrorSummaryDescription: 'Export was cancelled.' }],
      { errorExMessages: ['The operation was cancelled.', "'vm-1' could not export: cancelled."], errorMessage: 'not asked' },
    );
    const err = (await fail(waitForJob(session, JOB, { timeoutMs: 5000 }))) as CimJobError;
    expect(err.jobState).toBe(8);
    expect(err.errorSummaryDescription).toBe('Export was cancelled.');
    expect(err.errors.map((e) => [e.className, e.properties.Message])).toEqual([
      ['Msvm_Error', 'The operation was cancelled.'],
      ['Msvm_Error', "'vm-1' could not export: cancelled."],
    ]);
    expect(err.cimError).toBe(err.errors[0]);
    expect(err.message).toBe('job job-1 ended in state 8 (Terminated): Export was cancelled. (ErrorCode 32775)');
    expect(calls).toEqual(['Msvm_ConcreteJob.GetErrorEx']);
  });

  it('falls back to the CIM_Error message, then to no description', async () => {
    const a = (await fail(waitForJob(scriptedJob([{ JobState: JobState.Killed }], 'killed by admin').session, JOB, { timeoutMs: 1000 }))) as CimJobError;
    expect(a.message).toContain('(Killed): killed by admin');
    const b = (await fail(waitForJob(scriptedJob([{ JobState: JobState.Terminated }]).session, JOB, { timeoutMs: 1000 }))) as CimJobError;
    expect(b.message).toContain('(Terminated): no error description');
    expect(b.cimError).toBeUndefined();
    expect(b.errors).toEqual([]);
  });

  it('resolves Hyper-V Completed with warnings (32768), reporting the warnings', async () => {
    const { session } = scriptedJob([{ JobState: JobState.Running, PercentComplete: 50 }, { JobState: 32768, PercentComplete: 100, ErrorDescription: 'One disk was skipped.' }], {
      errorExMessages: ['Disk d2 is offline; skipped.'],
    });
    const warnings: JobWarning[] = [];
    const job = await waitForJob(session, JOB, { timeoutMs: 5000, pollIntervalMs: 1, onWarning: (w) => warnings.push(w) });
    expect(job.properties.JobState).toBe(32768);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ jobState: 32768, errorDescription: 'One disk was skipped.', message: 'job job-1 completed with warnings: One disk was skipped.' });
    expect(warnings[0]!.errors.map((e) => e.properties.Message)).toEqual(['Disk d2 is offline; skipped.']);
  });

  it('reports Completed with a non-zero ErrorCode as a warning, not silence', async () => {
    const { session } = scriptedJob([{ JobState: JobState.Completed, ErrorCode: 1, ErrorDescription: 'completed, log not truncated' }]);
    const warnings: JobWarning[] = [];
    await waitForJob(session, JOB, { timeoutMs: 5000, onWarning: (w) => warnings.push(w) });
    expect(warnings.map((w) => w.message)).toEqual(['job job-1 completed with warnings: completed, log not truncated (ErrorCode 1)']);
    // ErrorCode 0 is clean.
    const clean: JobWarning[] = [];
    await waitForJob(scriptedJob([{ JobState: JobState.Completed, ErrorCode: 0 }]).session, JOB, { timeoutMs: 5000, onWarning: (w) => clean.push(w) });
    expect(clean).toEqual([]);
  });

  it('keeps waiting through Suspended and Service, reporting them', async () => {
    const { session } = scriptedJob([{ JobState: JobState.Suspended }, { JobState: JobState.Service }, { JobState: JobState.ShuttingDown }, { JobState: JobState.Completed }]);
    const states: (string | undefined)[] = [];
    await waitForJob(session, JOB, { timeoutMs: 5000, pollIntervalMs: 1, onStateChange: (_s, name) => states.push(name) });
    expect(states).toEqual(['Suspended', 'Service', 'ShuttingDown', 'Completed']);
  });

  it('times out naming the state the job was stuck in', async () => {
    const { session } = scriptedJob([{ JobState: JobState.Service, PercentComplete: 30 }]);
    const err = (await fail(waitForJob(session, JOB, { timeoutMs: 40, pollIntervalMs: 5 }))) as CimJobTimeoutError;
    expect(err).toBeInstanceOf(CimJobTimeoutError);
    expect(err).toBeInstanceOf(CimTimeoutError);
    expect(err.code).toBe('CIM_TIMEOUT');
    expect(err.jobState).toBe(11);
    expect(err.percentComplete).toBe(30);
    expect(err.cancel).toEqual({ requested: false, accepted: false });
    expect(err.message).toBe('job job-1 did not finish within 40 ms (JobState 11 Service, 30%); no cancel requested');
  });

  it('on timeout cancels a Cancellable job with RequestStateChange(4) and says it was accepted', async () => {
    const { session, calls } = scriptedJob([{ JobState: JobState.Running, PercentComplete: 50, Cancellable: true }], { cancelReturns: 4096 });
    const err = (await fail(waitForJob(session, JOB, { timeoutMs: 30, pollIntervalMs: 5 }))) as CimJobTimeoutError;
    expect(calls).toEqual(['Msvm_ConcreteJob.RequestStateChange(4)']);
    expect(err.cancel).toEqual({ requested: true, accepted: true, returnValue: 4096 });
    expect(err.message).toMatch(/\(JobState 4 Running, 50%\); cancel requested and accepted \(RequestStateChange returned 4096\)$/);
  });

  it('says when the cancel was refused or failed, and cancels only when asked or Cancellable', async () => {
    const refused = scriptedJob([{ JobState: JobState.Running, Cancellable: true }], { cancelReturns: 32775 });
    const a = (await fail(waitForJob(refused.session, JOB, { timeoutMs: 20, pollIntervalMs: 5 }))) as CimJobTimeoutError;
    expect(a.cancel).toEqual({ requested: true, accepted: false, returnValue: 32775 });
    expect(a.message).toContain('cancel requested and refused (RequestStateChange returned 32775)');

    const broken = scriptedJob([{ JobState: JobState.Running }], { cancelReturns: new Error('connection reset') });
    const b = (await fail(waitForJob(broken.session, JOB, { timeoutMs: 20, pollIntervalMs: 5, cancelOnAbort: true }))) as CimJobTimeoutError;
    expect(b.cancel.requested).toBe(true);
    expect(b.cancel.accepted).toBe(false);
    expect(b.message).toContain('cancel request failed: connection reset');

    const notCancellable = scriptedJob([{ JobState: JobState.Running, Cancellable: false }], { cancelReturns: 0 });
    await fail(waitForJob(notCancellable.session, JOB, { timeoutMs: 20, pollIntervalMs: 5 }));
    expect(notCancellable.calls).toEqual([]);
    const optedOut = scriptedJob([{ JobState: JobState.Running, Cancellable: true }], { cancelReturns: 0 });
    await fail(waitForJob(optedOut.session, JOB, { timeoutMs: 20, pollIntervalMs: 5, cancelOnAbort: false }));
    expect(optedOut.calls).toEqual([]);
  });

  it('on abort rejects with CimJobAbortedError (the reason as cause) after cancelling', async () => {
    const { session, polls, calls } = scriptedJob([{ JobState: JobState.Running, PercentComplete: 1, Cancellable: true }, { JobState: JobState.Running, PercentComplete: 2 }], {
      cancelReturns: 0,
    });
    const controller = new AbortController();
    const reason = new Error('cancelled by user');
    const pending = waitForJob(session, JOB, {
      timeoutMs: 5000,
      pollIntervalMs: 10_000,
      signal: controller.signal,
      onProgress: () => setTimeout(() => controller.abort(reason), 5),
    });
    const err = (await fail(pending)) as CimJobAbortedError;
    expect(err).toBeInstanceOf(CimJobAbortedError);
    expect(err.code).toBe('CIM_ABORTED');
    expect(err.cause).toBe(reason);
    expect(err.jobState).toBe(4);
    expect(err.cancel).toEqual({ requested: true, accepted: true, returnValue: 0 });
    expect(err.message).toBe('waiting for job job-1 was aborted (cancelled by user) in JobState 4 Running, 1%; cancel requested and accepted (RequestStateChange returned 0)');
    expect(polls()).toBe(1);
    expect(calls).toEqual(['Msvm_ConcreteJob.RequestStateChange(4)']);
    // Already aborted: nothing was started, the reason itself.
    await expect(waitForJob(session, JOB, { timeoutMs: 100, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(waitForJob(session, JOB, {} as never)).rejects.toBeInstanceOf(CimValueError);
    await expect(waitForJob(session, JOB, { timeoutMs: 100, pollIntervalMs: -1 })).rejects.toBeInstanceOf(CimValueError);
  });

  it('a job that disappears mid-wait is a CimJobLostError', async () => {
    const { session } = scriptedJob([{ JobState: JobState.Running, PercentComplete: 60 }], { vanishAfter: 2 });
    const err = (await fail(waitForJob(session, JOB, { timeoutMs: 5000, pollIntervalMs: 1 }))) as CimJobLostError;
    expect(err).toBeInstanceOf(CimJobLostError);
    expect(err.code).toBe('CIM_JOB_LOST');
    expect(err.lastJobState).toBe(4);
    expect(err.cause).toBeInstanceOf(CimNotFoundError);
    expect(err.message).toBe('job job-1 no longer exists (removed after JobState 4 Running, 60%; Hyper-V removes jobs after TimeBeforeRemoval)');
    const never = (await fail(waitForJob(scriptedJob([], { vanishAfter: 0 }).session, JOB, { timeoutMs: 5000 }))) as CimJobLostError;
    expect(never.message).toContain('removed before it was ever read');
  });

  it("reads the job with its own class after the first poll, and calls its methods there", async () => {
    const { session, polledClasses, calls } = scriptedJob(
      [{ JobState: JobState.Running }, { JobState: JobState.Exception, ErrorDescription: 'boom' }],
      { className: 'Msvm_ConcreteJob', errorMessage: 'x' },
    );
    const base = CimReference.to('CIM_ConcreteJob', { InstanceID: 'job-1' });
    const err = (await fail(waitForJob(session, base, { timeoutMs: 5000, pollIntervalMs: 1 }))) as CimJobError;
    expect(polledClasses).toEqual(['CIM_ConcreteJob', 'Msvm_ConcreteJob']);
    expect(calls[0]).toBe('Msvm_ConcreteJob.GetErrorEx');
    expect(err.job.className).toBe('Msvm_ConcreteJob');
    expect(err.jobInstance.className).toBe('Msvm_ConcreteJob');
  });
});

describe('job-aware method calls', () => {
  const servicePath = CimReference.to('Msvm_CollectionReferencePointService', {
    CreationClassName: 'Msvm_CollectionReferencePointService',
    Name: 'svc',
    SystemCreationClassName: 'Msvm_ComputerSystem',
    SystemName: 'HV01',
  });

  /** A reference ExportReferencePoint: runs as a job that advances one step each time it is read. */
  function exportSession() {
    const reg = registry();
    const session = new InMemorySession({ registry: reg });
    session.put({ className: 'Msvm_CollectionReferencePointService', properties: { ...servicePath.keys } });
    const scripts = new Map<string, Step[]>();
    session.registerProvider('Msvm_ConcreteJob', {
      getInstance: (path) => {
        const id = path.key('InstanceID') as string;
        const steps = scripts.get(id);
        if (!steps) throw new CimNotFoundError(`no job ${id}`, path);
        const step = steps.length > 1 ? steps.shift()! : steps[0]!;
        return { className: 'Msvm_ConcreteJob', properties: { InstanceID: id, ...step } };
      },
    });
    let jobs = 0;
    const impl = {
      async ExportReferencePoint(_target: CimReference, args: { ExportDirectory?: string; ExportSettingData?: { CopyVmStorage?: boolean } }) {
        if (args.ExportDirectory === undefined) return { ReturnValue: 32773 };
        if (args.ExportDirectory === 'sync') return { ReturnValue: 0 };
        if (args.ExportDirectory === 'nojob') return { ReturnValue: 4096 };
        const id = `export-${++jobs}`;
        const fail = args.ExportDirectory === 'full';
        scripts.set(id, [
          { JobState: 4, PercentComplete: 0 },
          { JobState: 4, PercentComplete: 50 },
          fail ? { JobState: 10, PercentComplete: 50, ErrorCode: 32768, ErrorDescription: 'disk full' } : { JobState: 7, PercentComplete: 100 },
        ]);
        if (args.ExportDirectory === 'D:\\forever') scripts.set(id, [{ JobState: 4, PercentComplete: 0 }]);
        if (args.ExportDirectory === 'D:\\partial') scripts.set(id, [{ JobState: 32768, PercentComplete: 100, ErrorDescription: 'one disk skipped' }]);
        return { ReturnValue: 4096, Job: CimReference.to('Msvm_ConcreteJob', { InstanceID: id }) };
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
      { registry: reg, timeoutMs: 5000, pollIntervalMs: 2, maxPollIntervalMs: 2, onProgress: (p) => progress.push(p) },
    );
    expect(r.ReturnValue).toBe(4096);
    expect(r.finishedJob?.properties.JobState).toBe(7);
    expect(r.jobWarnings).toBeUndefined();
    expect(progress).toEqual([0, 50, 100]);
  });

  it('returns the warnings of a job that completed with them', async () => {
    const { session, reg } = exportSession();
    const seen: string[] = [];
    const r = await callMethodAndWait(session, Service, 'ExportReferencePoint', servicePath, { ExportDirectory: 'D:\\partial' }, {
      registry: reg,
      timeoutMs: 5000,
      onWarning: (w) => seen.push(w.message),
    });
    expect(r.finishedJob?.properties.JobState).toBe(32768);
    expect(r.jobWarnings?.map((w) => w.message)).toEqual(['job export-1 completed with warnings: one disk skipped']);
    expect(seen).toEqual(['job export-1 completed with warnings: one disk skipped']);
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
    // Not in the method's ValueMap: Hyper-V's common name, since the class is Hyper-V's.
    expect(err.returnValueName).toBe('Invalid parameter');
    expect(err.retryable).toBe(false);
    expect(err.message).toBe('Msvm_CollectionReferencePointService.ExportReferencePoint returned 32773 (Invalid parameter)');
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
      callMethodAndWait(session, Service, 'ExportReferencePoint', servicePath, { ExportDirectory: 'D:\\forever' }, { registry: reg, timeoutMs: 8, pollIntervalMs: 1 }),
    ).rejects.toBeInstanceOf(CimTimeoutError);
    // The message reports the caller's whole budget, not what was left of it after the call.
    await expect(
      callMethodAndWait(session, Service, 'ExportReferencePoint', servicePath, { ExportDirectory: 'D:\\forever' }, { registry: reg, timeoutMs: 30, pollIntervalMs: 1 }),
    ).rejects.toThrow(/did not finish within 30 ms \(JobState 4 Running, 0%\)/);
  });
});
